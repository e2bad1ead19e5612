using Cilantro.Model;

namespace Cilantro.Binary;

/// <summary>Decodes the WebAssembly binary format into a <see cref="ModuleDefinition"/>.</summary>
public static class ModuleDecoder
{
    /// <summary>Decodes a module. Throws <see cref="MalformedModuleException"/> when the bytes are not a well-formed module.</summary>
    public static ModuleDefinition Decode(ReadOnlyMemory<byte> bytes, WasmFeatures? features = null)
    {
        throw new NotImplementedException();
    }
}
