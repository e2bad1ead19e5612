namespace Cilantro;

/// <summary>A module could not be linked: an import is missing or has the wrong type (the spec's "unlinkable").</summary>
public sealed class LinkException : WasmException, Spec.IWastError
{
    /// <inheritdoc/>
    public Spec.WastErrorKind ErrorKind => Spec.WastErrorKind.Link;

    /// <summary>Creates the exception.</summary>
    /// <param name="specMessage">"unknown import" or "incompatible import type".</param>
    /// <param name="module">Import module name.</param>
    /// <param name="field">Import field name.</param>
    /// <param name="detail">Expected versus actual, for people.</param>
    public LinkException(string specMessage, string module, string field, string detail)
        : base(specMessage, $"{specMessage}: \"{module}\" \"{field}\": {detail}")
    {
        ImportModule = module;
        ImportField = field;
    }

    /// <summary>The import's module name.</summary>
    public string ImportModule { get; }

    /// <summary>The import's field name.</summary>
    public string ImportField { get; }
}

/// <summary>A value or call did not match the expected WebAssembly type (argument count or types, export kinds, ...).</summary>
public sealed class WasmTypeException : WasmException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected and what was given.</param>
    public WasmTypeException(string message) : base(message, message) { }
}

/// <summary>An export the embedder asked for does not exist or is of another kind.</summary>
public sealed class UnknownExportException : WasmException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="name">The export name.</param>
    /// <param name="detail">Why it was not found.</param>
    public UnknownExportException(string name, string detail) : base("unknown export", $"unknown export \"{name}\": {detail}")
    {
        ExportName = name;
    }

    /// <summary>The export name asked for.</summary>
    public string ExportName { get; }
}
