using System.Diagnostics;
using Cilantro.Aot;
using Cilantro.Cli;
using Cilantro.Tests.Cli;
using Cilantro.Tests.Robustness;
using Xunit;
using Xunit.Abstractions;

namespace Cilantro.Tests.Aot;

/// <summary>
/// Every sightglass module compiled ahead of time: the universal module loads precompiled, and <c>cilantro run</c>
/// runs it from its folder with the expected output (the slow ones only with <c>CILANTRO_SIGHTGLASS_ALL=1</c>, as in
/// <see cref="RunCommandTests"/>).
/// </summary>
public sealed class AotSightglassTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cilantro-aot-sightglass").FullName;
    private readonly ITestOutputHelper _output;

    public AotSightglassTests(ITestOutputHelper output) => _output = output;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    public static TheoryData<string> SightglassModules() => RunCommandTests.SightglassModules();

    [Theory]
    [MemberData(nameof(SightglassModules))]
    public void UniversalModuleRunsPrecompiled(string name)
    {
        string file = Path.Combine(SharedCorpus.Sightglass, name);
        string folder = Path.GetDirectoryName(file)!;
        var wasm = File.ReadAllBytes(file);
        var r = AotCompiler.Compile(wasm);
        var universal = r.ToUniversalWasm();
        _output.WriteLine($"{name}: {r.FunctionCount} functions ({r.InterpretedCount} interpreted), {wasm.Length / 1024} KiB -> " +
            $"image {r.Assembly.Length / 1024} KiB in {r.Elapsed.TotalMilliseconds:F0} ms");
        var engine = new Engine(new EngineOptions { Kind = EngineKind.Compiler });
        var module = Module.FromBytes(engine, universal);
        Assert.True(module.PrecompiledStatus.IsPrecompiled, module.PrecompiledStatus.PrecompiledRejection);

        if (RunCommandTests.SlowSightglass.Contains(name) && Environment.GetEnvironmentVariable("CILANTRO_SIGHTGLASS_ALL") != "1")
        {
            _output.WriteLine($"{name}: not run (slow; set CILANTRO_SIGHTGLASS_ALL=1)");
            return;
        }
        string path = Path.Combine(_dir, Path.GetFileName(file));
        File.WriteAllBytes(path, universal);
        string bench = Path.Combine(_dir, "bench.wat");
        File.WriteAllText(bench, """(module (func (export "start")) (func (export "end")))""");
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var sw = Stopwatch.StartNew();
        int code = Program.Run(["run", "--engine", "compiler", "--dir", folder + "::.", "--preload", "bench=" + bench, path], stdout, stderr);
        _output.WriteLine($"{name}: exit {code} in {sw.Elapsed.TotalSeconds:F1} s");
        Assert.True(code == 0, $"{name} exited with {code}: {stderr}");
        string expected = Path.Combine(folder, Path.GetFileNameWithoutExtension(file) + ".stdout.expected");
        if (!File.Exists(expected)) expected = Path.Combine(folder, "default.stdout.expected");
        if (File.Exists(expected)) Assert.Equal(File.ReadAllText(expected), stdout.ToString());
    }
}
