using System.Diagnostics;
using Cilantro.Cli;
using Cilantro.Tests.Robustness;
using Xunit;
using Xunit.Abstractions;

namespace Cilantro.Tests.Cli;

/// <summary><c>cilantro compile</c>: universal modules, assemblies, options, and one native build, run in-process.</summary>
public sealed class CompileCommandTests : CliTestBase
{
    public CompileCommandTests(ITestOutputHelper output) : base(output, "cilantro-compile-")
    {
    }

    private (int Code, string Stdout, string Stderr) Compile(params string[] args)
    {
        var r = Run(["compile", .. args]);
        Output.WriteLine($"compile {string.Join(' ', args)} -> {r.Code}\n{r.Stdout}{r.Stderr}");
        return r;
    }

    private string PathOf(string name) => Path.Combine(Dir, name);

    private static string Fib => Path.Combine(SharedCorpus.RepoRoot(), "examples", "fib.wat");

    [Theory]
    [InlineData("0")]
    [InlineData("2")]
    public void FibToUniversalModuleRunsPrecompiled(string optimize)
    {
        string wasm = PathOf("fib.wasm");
        var (code, stdout, stderr) = Compile("-O", optimize, Fib, wasm);
        Assert.Equal(0, code);
        Assert.DoesNotContain("error", stderr);
        Assert.Contains("(universal module)", stdout);
        Assert.Contains("functions: 3 (3 compiled, 0 interpreted)", stdout);

        var engine = new Engine(new EngineOptions { Kind = EngineKind.Compiler });
        var module = Module.FromFile(engine, wasm);
        Assert.True(module.PrecompiledStatus.IsPrecompiled, module.PrecompiledStatus.PrecompiledRejection);

        (code, stdout, stderr) = Run("run", "--invoke", "fib", wasm, "20");
        Assert.Equal("", stderr);
        Assert.Equal("6765\n", stdout);
        Assert.Equal(0, code);
        // Still a plain module for everyone else.
        (code, stdout, _) = Run("run", "--engine", "interpreter", "--invoke", "fib64", wasm, "90");
        Assert.Equal("2880067194370816120\n", stdout);
        Assert.Equal(0, code);
    }

    [Fact]
    public void FibToAssemblyLoadsWithoutTheModule()
    {
        string dll = PathOf("fib.dll");
        var (code, stdout, _) = Compile("-O", "s", Fib, dll);
        Assert.Equal(0, code);
        Assert.Contains("(.NET assembly)", stdout);
        var engine = new Engine(new EngineOptions { Kind = EngineKind.Compiler });
        var module = Module.FromPrecompiledFile(engine, dll);
        Assert.True(module.PrecompiledStatus.IsPrecompiled);
        var instance = new Linker(engine).Instantiate(new Store(engine), module);
        Assert.Equal(832040, instance.GetFunction<int, int>("fib_iter")(30));
        Assert.Equal(6765, instance.GetFunction<int, int>("fib")(20));
    }

    [Theory]
    [InlineData("2", true)]
    [InlineData("3", false)]
    [InlineData("1", false)]
    [InlineData("z", false)]
    public void OptimizeTwoMakesReadyToRunImages(string optimize, bool readyToRun)
    {
        string dll = PathOf($"fib-{optimize}.dll");
        var (code, stdout, stderr) = Compile("-O", optimize, Fib, dll);
        Assert.Equal(0, code);
        Assert.DoesNotContain("warning", stderr);
        byte[] image = File.ReadAllBytes(dll);
        Assert.Equal(readyToRun, Cilantro.Aot.ReadyToRunCache.IsReadyToRun(image));
        Assert.Contains(readyToRun ? "ReadyToRun" : "no ReadyToRun", stdout);
        // Loaded through the content-addressed cache file when it is ReadyToRun, from bytes otherwise.
        var engine = new Engine(new EngineOptions { Kind = EngineKind.Compiler });
        var instance = new Linker(engine).Instantiate(new Store(engine), Module.FromPrecompiledFile(engine, dll));
        Assert.Equal(6765, instance.GetFunction<int, int>("fib")(20));
    }

    [Fact]
    public void ReadyToRunDetectionRejectsGarbage()
    {
        Assert.False(Cilantro.Aot.ReadyToRunCache.IsReadyToRun([]));
        Assert.False(Cilantro.Aot.ReadyToRunCache.IsReadyToRun("MZ"u8));
        var junk = new byte[4096];
        junk[0] = (byte)'M';
        junk[1] = (byte)'Z';
        junk[0x3C] = 0xF0;
        junk[0x3D] = 0xFF;
        junk[0x3E] = 0xFF;
        junk[0x3F] = 0x7F;
        Assert.False(Cilantro.Aot.ReadyToRunCache.IsReadyToRun(junk));
        new Random(7).NextBytes(junk.AsSpan(2));
        Assert.False(Cilantro.Aot.ReadyToRunCache.IsReadyToRun(junk));
    }

    /// <summary>
    /// Compiled with other proposal switches: <c>run</c> warns and compiles at run time. With <c>--no-precompiled</c>:
    /// the embedded code is ignored quietly. Either way the result is right.
    /// </summary>
    [Theory]
    [InlineData("--disable-simd", null, true)]
    [InlineData(null, "--no-precompiled", false)]
    public void RunFallsBackToRuntimeCompilation(string? compileOption, string? runOption, bool warns)
    {
        string wasm = PathOf("fib-fallback.wasm");
        string[] compileArgs = compileOption is null ? ["-O", "1", Fib, wasm] : ["-O", "1", compileOption, Fib, wasm];
        Assert.Equal(0, Compile(compileArgs).Code);
        string[] runArgs = runOption is null ? ["run", "--invoke", "fib", wasm, "10"] : ["run", runOption, "--invoke", "fib", wasm, "10"];
        var (code, stdout, stderr) = Run(runArgs);
        Assert.Equal(0, code);
        Assert.Equal("55\n", stdout);
        if (warns)
        {
            Assert.Contains("warning:", stderr);
            Assert.Contains("precompiled code not used", stderr);
            Assert.Contains("compiling at run time", stderr);
        }
        else
        {
            Assert.Equal("", stderr);
        }
    }

    [Fact]
    public void DllIsNamedAfterItsFile()
    {
        string dll = PathOf("MyModule.dll");
        Assert.Equal(0, Compile("-O", "1", Fib, dll).Code);
        var name = System.Reflection.AssemblyName.GetAssemblyName(dll);
        Assert.Equal("MyModule", name.Name);
        Assert.Null(CompileVerb.AssemblyNameFor("cilantro.dll"));
        Assert.Null(CompileVerb.AssemblyNameFor("my module.dll"));
    }

    [Fact]
    public void DumpWritesTheIlNextToTheOutput()
    {
        string wasm = PathOf("fib.wasm");
        var (code, stdout, _) = Compile("-O", "1", "--dump", Fib, wasm);
        Assert.Equal(0, code);
        string il = PathOf("fib.il");
        Assert.True(File.Exists(il), stdout);
        Assert.NotEqual(0, new FileInfo(il).Length);
    }

    [Theory]
    [InlineData("-O", "4")]
    [InlineData("--optimize", "fast")]
    [InlineData("--enable-threads")]
    [InlineData("--enable-tail-call")]
    [InlineData("--frobnicate")]
    [InlineData("--dir", ".")]
    public void BadOptionsAreUsageErrors(params string[] options)
    {
        var (code, _, stderr) = Compile([.. options, Fib, PathOf("x.wasm")]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.DoesNotContain("internal error", stderr);
        Assert.False(File.Exists(PathOf("x.wasm")));
    }

    [Fact]
    public void UnsupportedProposalSaysSo()
    {
        var (_, _, stderr) = Compile("--enable-memory64", Fib, PathOf("x.wasm"));
        Assert.Contains("memory64 proposal is not supported", stderr);
    }

    [Theory]
    [InlineData("out.exe")]
    [InlineData("out")]
    public void OutputMustBeWasmOrDllWithoutNative(string output)
    {
        var (code, _, stderr) = Compile(Fib, PathOf(output));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("OUT must end in .wasm", stderr);
    }

    [Fact]
    public void NativeOutputMustNotBeWasm()
    {
        var (code, _, _) = Compile("--native", Fib, PathOf("fib.wasm"));
        Assert.Equal(ExitCodes.Usage, code);
    }

    [Fact]
    public void DisabledProposalRejectsTheModule()
    {
        string simd = Path.Combine(Dir, "simd.wat");
        File.WriteAllText(simd, "(module (func (export \"f\") (result v128) (v128.const i64x2 1 2)))");
        var (code, _, stderr) = Compile("--disable-simd", simd, PathOf("simd.wasm"));
        Assert.Equal(ExitCodes.Failure, code);
        Assert.DoesNotContain("internal error", stderr);
        (code, _, _) = Compile("-O", "1", simd, PathOf("simd.wasm"));
        Assert.Equal(0, code);
    }

    [Fact]
    public void UnwritableOutputFails()
    {
        string folder = PathOf("taken.wasm");
        Directory.CreateDirectory(folder);
        var (code, _, stderr) = Compile("-O", "1", Fib, folder);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("is a directory", stderr);
        (code, _, stderr) = Compile("-O", "1", Fib, Path.Combine(Dir, "no", "such", "dir", "x.wasm"));
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("no such directory", stderr);
    }

    [Fact]
    public void MalformedInputFails()
    {
        string bad = PathOf("bad.wasm");
        File.WriteAllBytes(bad, [0x00, 0x61, 0x73, 0x6D, 0x02, 0, 0, 0]);
        var (code, _, stderr) = Compile(bad, PathOf("out.wasm"));
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("malformed module", stderr);
        (code, _, stderr) = Compile(PathOf("missing.wasm"), PathOf("out.wasm"));
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("file not found", stderr);
    }

    /// <summary>A WASI command that prints a line and exits with 10 * argc + environ count.</summary>
    private const string ArgsCommand = """
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "args_sizes_get" (func $args (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "environ_sizes_get" (func $env (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (memory (export "memory") 1)
          (data (i32.const 64) "native ok\n")
          (func (export "_start")
            (i32.store (i32.const 0) (i32.const 64))
            (i32.store (i32.const 4) (i32.const 10))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
            (drop (call $args (i32.const 16) (i32.const 20)))
            (drop (call $env (i32.const 24) (i32.const 28)))
            (call $exit (i32.add (i32.mul (i32.load (i32.const 16)) (i32.const 10)) (i32.load (i32.const 24))))))
        """;

    /// <summary>The one native build (NativeAOT publish through the .NET SDK: about 20-40 s).</summary>
    [Fact]
    public void NativeExecutableRunsAWasiCommand()
    {
        string wat = Path.Combine(Dir, "args.wat");
        File.WriteAllText(wat, ArgsCommand);
        string exe = PathOf(OperatingSystem.IsWindows() ? "args.exe" : "args");
        var clock = Stopwatch.StartNew();
        var (code, stdout, stderr) = Compile("--native", "--env", "GREETING=hi", "--env", "X=1", wat, exe);
        Output.WriteLine($"native build: {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(code == 0, stderr);
        Assert.Contains("(native executable)", stdout);
        Assert.True(File.Exists(exe));

        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("one");
        psi.ArgumentList.Add("two");
        psi.Environment["DOTNET_ROOT"] = "/nonexistent"; // needs no .NET installation
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        string errors = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(60_000));
        Assert.Equal("", errors);
        Assert.Equal("native ok\n", output);
        Assert.Equal(32, p.ExitCode); // argv = [args, one, two], two environment variables
    }
}
