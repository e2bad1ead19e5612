using Cilantro.Compiler;
using Xunit;
using Xunit.Abstractions;

namespace Cilantro.Tests.Compiler;

/// <summary>Compiles real programs (the sightglass benchmark modules): nothing may throw, and no function is left to the interpreter (translation speed is measured by bench/Cilantro.Benchmarks, TranslationBenchmarks).</summary>
public sealed class CompilerCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public void SightglassModulesCompile()
    {
        var engine = new Engine();
        // Fails with a message saying where to put the corpus when it is missing or empty (never passes silently).
        foreach (var (name, file) in Cilantro.Tests.Robustness.SharedCorpus.SightglassModules())
        {
            var def = Module.FromFile(engine, file).Definition;
            long bytes = 0;
            foreach (var b in def.Bodies) bytes += b.Code.Length;
            var cm = CompiledModule.Get(def, new CompilerLimits());
            output.WriteLine($"{name}: {def.Bodies.Count} functions, {bytes / 1024} KiB code, " +
                $"{cm.Split.Functions} split into {cm.Split.Regions} region methods, " +
                $"{cm.InterpretedCount} left to the interpreter{(cm.FailedReason is null ? "" : ", failed: " + cm.FailedReason)}");
            Assert.Null(cm.FailedReason);
            // Functions too big for RyuJIT's optimiser are split, never left to the interpreter for their size.
            Assert.Equal(0, cm.InterpretedCount);
        }
    }
}
