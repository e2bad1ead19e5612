using Cilantro.Compiler;
using Xunit;
using Xunit.Abstractions;

namespace Cilantro.Tests.Compiler;

/// <summary>Compiles real programs (the sightglass benchmark modules): nothing may throw (translation speed is measured by bench/Cilantro.Benchmarks, TranslationBenchmarks).</summary>
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
                $"{cm.InterpretedCount} left to the interpreter{(cm.FailedReason is null ? "" : ", failed: " + cm.FailedReason)}");
            Assert.Null(cm.FailedReason);
        }
    }
}
