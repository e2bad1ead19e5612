namespace Cilantro.Aot;

/// <summary>Builds the assembly of an ahead-of-time compilation.</summary>
internal static class AotBuilder
{
    public static AotResult Compile(ReadOnlyMemory<byte> wasm, AotOptions options, IProgress<AotProgress>? progress) =>
        throw new NotImplementedException("ahead-of-time compilation is being written");
}
