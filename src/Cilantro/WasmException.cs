namespace Cilantro;

/// <summary>Base class of every error Cilantro reports about WebAssembly input or execution.</summary>
public abstract class WasmException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="specMessage">The message in the spec's wording (e.g. "unexpected end").</param>
    /// <param name="message">The full message, usually <paramref name="specMessage"/> plus a location.</param>
    /// <param name="inner">An optional inner exception.</param>
    protected WasmException(string specMessage, string message, Exception? inner = null) : base(message, inner)
    {
        SpecMessage = specMessage;
    }

    /// <summary>The error in the spec's own wording, without location information.</summary>
    public string SpecMessage { get; }
}

/// <summary>A binary module is not well formed (the spec's "malformed" class of errors).</summary>
public sealed class MalformedModuleException : WasmException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="specMessage">The spec's wording, e.g. "unexpected end".</param>
    /// <param name="offset">Byte offset in the module where the problem was found.</param>
    public MalformedModuleException(string specMessage, long offset)
        : base(specMessage, $"{specMessage} (at offset 0x{offset:x})")
    {
        Offset = offset;
    }

    /// <summary>Byte offset in the module where the problem was found.</summary>
    public long Offset { get; }
}

/// <summary>A module is well formed but does not validate (the spec's "invalid" class of errors).</summary>
public sealed class InvalidModuleException : WasmException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="specMessage">The spec's wording, e.g. "type mismatch".</param>
    /// <param name="offset">Byte offset in the module of the offending construct, or -1 when unknown.</param>
    public InvalidModuleException(string specMessage, long offset)
        : base(specMessage, offset >= 0 ? $"{specMessage} (at offset 0x{offset:x})" : specMessage)
    {
        Offset = offset;
    }

    /// <summary>Byte offset in the module of the offending construct, or -1 when unknown.</summary>
    public long Offset { get; }
}

/// <summary>WebAssembly text (WAT or WAST) could not be parsed.</summary>
public sealed class TextSyntaxException : WasmException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="specMessage">The spec's wording where one exists, e.g. "unknown operator".</param>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    /// <param name="source">Optional name of the source (a file name).</param>
    public TextSyntaxException(string specMessage, int line, int column, string? source = null)
        : base(specMessage, $"{(source is null ? "" : source + ":")}{line}:{column}: {specMessage}")
    {
        Line = line;
        Column = column;
    }

    /// <summary>1-based line of the error.</summary>
    public int Line { get; }

    /// <summary>1-based column of the error.</summary>
    public int Column { get; }
}
