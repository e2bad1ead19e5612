using System.Diagnostics;
using Cilantro.Binary;
using Cilantro.Compiler;
using Cilantro.Validation;

namespace Cilantro.Aot;

/// <summary>Builds the assembly of an ahead-of-time compilation.</summary>
internal static class AotBuilder
{
    public static AotResult Compile(ReadOnlyMemory<byte> wasm, AotOptions options, IProgress<AotProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.OptimizationLevel is < 0 or > 3)
            throw new ArgumentOutOfRangeException(nameof(options), options.OptimizationLevel, "the optimisation level is 0 to 3");
        var sw = Stopwatch.StartNew();
        var bytes = wasm.ToArray();
        // A universal module compiles to the same key as its original: drop an embedded section first.
        if (UniversalModule.TryFind(bytes, out var sec, out _) && sec is not null) bytes = UniversalModule.Without(bytes, sec.Start, sec.End);
        progress?.Report(new AotProgress("decode", 0, 1));
        var def = ModuleDecoder.Decode(bytes, options.Features);
        ModuleValidator.Validate(def, options.Features);
        progress?.Report(new AotProgress("decode", 1, 1));
        string key = AotCompiler.KeyOf(bytes, options);
        var emitter = new AotEmitter(bytes, key, options, progress);
        var cm = CompiledModule.BuildAot(def, new CompilerLimits(), emitter);
        progress?.Report(new AotProgress("save", 0, 1));
        var image = emitter.Save();
        progress?.Report(new AotProgress("save", 1, 1));
        int defined = def.FunctionCount - def.ImportedFunctionCount;
        return new AotResult(bytes, image, key, options, defined, defined - cm.InterpretedCount, sw.Elapsed, emitter.IlText);
    }
}
