using Cilantro.Binary;
using Cilantro.Model;
using Cilantro.Validation;

namespace Cilantro.Cli;

/// <summary>A user-facing error that is not a bug: printed as is, exit code 1.</summary>
internal sealed class CliException(string message) : Exception(message);

/// <summary>Loads modules from files: binary <c>.wasm</c> or text <c>.wat</c>.</summary>
internal static class ModuleLoader
{
    private static readonly byte[] Magic = [0x00, 0x61, 0x73, 0x6D];

    /// <summary>Reads a file and returns the module's binary encoding (text is converted).</summary>
    public static byte[] LoadBinary(string path, WasmFeatures? features)
    {
        if (Directory.Exists(path)) throw new CliException("is a directory, not a module file");
        byte[] bytes = File.ReadAllBytes(path);
        if (IsText(path, bytes))
            return Cilantro.Text.Wat.ToBinary(DecodeText(bytes), features);
        return bytes;
    }

    /// <summary>Decodes and validates a module file (binary or text). Throws the documented exceptions.</summary>
    public static ModuleDefinition LoadAndValidate(string path, WasmFeatures? features)
    {
        byte[] bytes = LoadBinary(path, features);
        var module = ModuleDecoder.Decode(bytes, features);
        ModuleValidator.Validate(module, features);
        return module;
    }

    /// <summary>True when the file should be read as text: a <c>.wat</c>/<c>.wast</c> name, or no binary magic and not a <c>.wasm</c> name.</summary>
    private static bool IsText(string path, byte[] bytes)
    {
        string ext = Path.GetExtension(path);
        if (ext.Equals(".wat", StringComparison.OrdinalIgnoreCase) || ext.Equals(".wast", StringComparison.OrdinalIgnoreCase))
            return true;
        if (ext.Equals(".wasm", StringComparison.OrdinalIgnoreCase))
            return false;
        return !bytes.AsSpan().StartsWith(Magic);
    }

    private static string DecodeText(byte[] bytes)
    {
        try
        {
            return new System.Text.UTF8Encoding(false, true).GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new TextSyntaxException("malformed UTF-8 encoding", 1, 1);
        }
    }

    /// <summary>
    /// Formats a documented error (bad module, bad text, unreadable file) for a report line,
    /// or returns null for anything else, which is a bug in Cilantro.
    /// </summary>
    public static string? DescribeExpected(Exception e) => e switch
    {
        MalformedModuleException m => $"malformed module: {Program.OneLine(m.Message)}",
        InvalidModuleException i => $"invalid module: {Program.OneLine(i.Message)}",
        TextSyntaxException t => $"syntax error: {Program.OneLine(t.Message)}",
        WasmException w => $"error: {Program.OneLine(w.Message)}",
        CliException c => $"error: {c.Message}",
        FileNotFoundException or DirectoryNotFoundException => "error: file not found",
        IOException or UnauthorizedAccessException => $"error: cannot read file: {Program.OneLine(e.Message)}",
        _ => null,
    };
}
