namespace Cilantro.Text;

/// <summary>The WebAssembly text format (stub: replaced by the text-format implementation).</summary>
public static class Wat
{
    /// <summary>Parses a module in the text format and encodes it in the binary format.</summary>
    public static byte[] ToBinary(string text, WasmFeatures? features = null) => throw new NotImplementedException();
}
