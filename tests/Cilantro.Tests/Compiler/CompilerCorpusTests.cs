using System.Diagnostics;
using Cilantro.Compiler;
using Xunit;
using Xunit.Abstractions;

namespace Cilantro.Tests.Compiler;

/// <summary>Compiles real programs (the sightglass benchmark modules): nothing may throw, and the output reports the speed.</summary>
public sealed class CompilerCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public void SightglassModulesCompile()
    {
        // Fails with a message saying where to put the corpus when it is missing (never passes silently).
        string dir = Cilantro.Tests.Robustness.SharedCorpus.Sightglass;
        var engine = new Engine();
        long codeBytes = 0;
        double ms = 0;
        foreach (var file in Directory.GetFiles(dir, "*.wasm", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var def = Module.FromFile(engine, file).Definition;
            long bytes = 0;
            foreach (var b in def.Bodies) bytes += b.Code.Length;
            var sw = Stopwatch.StartNew();
            var cm = CompiledModule.Get(def, new CompilerLimits());
            sw.Stop();
            codeBytes += bytes;
            ms += sw.Elapsed.TotalMilliseconds;
            output.WriteLine($"{Path.GetRelativePath(dir, file)}: {def.Bodies.Count} functions, {bytes / 1024} KiB code, " +
                $"{cm.InterpretedCount} left to the interpreter, {sw.Elapsed.TotalMilliseconds:F0} ms (emit {cm.EmitMs:F0}, create {cm.CreateTypeMs:F0}, resolve {cm.ResolveMs:F0}){(cm.FailedReason is null ? "" : ", failed: " + cm.FailedReason)}");
            Assert.Null(cm.FailedReason);
        }
        output.WriteLine($"total: {codeBytes / 1024} KiB of code in {ms:F0} ms = {codeBytes / 1e3 / Math.Max(ms, 1):F1} MB/s (IL emission, excluding RyuJIT)");
    }
}
