using Cilantro.Cli;
using Cilantro.Spec;
using Cilantro.Tests.Robustness;
using Xunit;

namespace Cilantro.Tests.Cli;

/// <summary>The <c>cilantro</c> command's contracts, run in-process.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cilantro-cli-" + Guid.NewGuid().ToString("N"));

    public CliTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static readonly byte[] Header = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    /// <summary>(func (export "f") (result i32) i32.const 42)</summary>
    internal static readonly byte[] ValidModule =
    [
        .. Header,
        0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7F,       // type: () -> i32
        0x03, 0x02, 0x01, 0x00,                         // function: type 0
        0x07, 0x05, 0x01, 0x01, (byte)'f', 0x00, 0x00,  // export "f" func 0
        0x0A, 0x06, 0x01, 0x04, 0x00, 0x41, 0x2A, 0x0B, // code: i32.const 42
    ];

    /// <summary>Same, but the body leaves nothing on the stack: type mismatch.</summary>
    internal static readonly byte[] InvalidModule =
    [
        .. Header,
        0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7F,
        0x03, 0x02, 0x01, 0x00,
        0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B,
    ];

    /// <summary>Cut off inside the type section.</summary>
    internal static readonly byte[] MalformedModule = [.. Header, 0x01, 0x05, 0x01, 0x60];

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, stderr);
        return (code, stdout.ToString().ReplaceLineEndings("\n"), stderr.ToString().ReplaceLineEndings("\n"));
    }

    private static string[] Lines(string s) => s.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Theory]
    [InlineData]
    [InlineData("validate")]
    [InlineData("wast")]
    [InlineData("inspect")]
    [InlineData("run")]
    public void HelpWorksOnEveryCommand(params string[] command)
    {
        var (code, stdout, _) = Run([.. command, "--help"]);
        Assert.Equal(0, code);
        Assert.Contains("Usage:", stdout);
        Assert.Contains(command.Length == 0 ? "cilantro" : "cilantro " + command[0], stdout);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("--frobnicate")]
    [InlineData("validate", "--frobnicate", "x.wasm")]
    [InlineData("validate")]
    [InlineData("inspect")]
    [InlineData("inspect", "a.wasm", "b.wasm")]
    [InlineData("wast", "--engine", "warp-drive", "x.wast")]
    [InlineData("wast", "--bogus", "x.wast")]
    public void UsageErrorsExitWith2(params string[] args)
    {
        var (code, stdout, stderr) = Run(args);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("error:", stderr);
        Assert.Contains("--help", stderr);
        Assert.DoesNotContain("internal error", stderr + stdout);
    }

    [Fact]
    public void NoCommandIsAUsageError()
    {
        var (code, _, stderr) = Run();
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("cilantro --help", stderr);
    }

    [Fact]
    public void ValidateMissingFileIsAnErrorNotABug()
    {
        string missing = Path.Combine(_dir, "missing.wasm");
        var (code, stdout, _) = Run("validate", missing);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal($"{missing}: error: file not found", Lines(stdout).Single());
    }

    [Fact]
    public void ValidateValidModule()
    {
        string f = Write("ok.wasm", ValidModule);
        var (code, stdout, _) = Run("validate", f);
        Assert.Equal($"{f}: ok", Lines(stdout).Single());
        Assert.Equal(ExitCodes.Success, code);
    }

    [Fact]
    public void ValidateReportsOneLinePerFileWithOffsets()
    {
        string ok = Write("ok.wasm", ValidModule);
        string invalid = Write("invalid.wasm", InvalidModule);
        string malformed = Write("malformed.wasm", MalformedModule);
        string missing = Path.Combine(_dir, "missing.wasm");
        var (code, stdout, _) = Run("validate", ok, invalid, malformed, missing);
        var lines = Lines(stdout);
        Assert.Equal(4, lines.Length);
        Assert.Equal($"{ok}: ok", lines[0]);
        Assert.StartsWith($"{invalid}: invalid module: type mismatch", lines[1]);
        Assert.Contains("offset 0x", lines[1]);
        Assert.StartsWith($"{malformed}: malformed module: length out of bounds", lines[2]);
        Assert.Contains("offset 0x", lines[2]);
        Assert.Equal($"{missing}: error: file not found", lines[3]);
        Assert.Equal(ExitCodes.Failure, code);
    }

    [Fact]
    public void ValidateTextWithSyntaxErrorReportsLineAndColumn()
    {
        string f = Path.Combine(_dir, "bad.wat");
        File.WriteAllText(f, "(module\n  (func (result i32) i32.const 1 i32.frobnicate))\n");
        var (code, stdout, _) = Run("validate", f);
        string line = Lines(stdout).Single();
        Assert.StartsWith($"{f}: syntax error: 2:", line);
        Assert.Equal(ExitCodes.Failure, code);
    }

    [Fact]
    public void UnexpectedExceptionIsAnInternalErrorWithDistinctExitCode()
    {
        string crash = Write("crash-me.wasm", ValidModule);
        string ok = Write("fine.wasm", ValidModule);
        ValidateVerb.FaultInjection = f =>
        {
            if (f.EndsWith("crash-me.wasm", StringComparison.Ordinal)) throw new InvalidOperationException("boom");
        };
        try
        {
            var (code, stdout, stderr) = Run("validate", crash, ok);
            var lines = Lines(stdout);
            Assert.Equal(2, lines.Length);
            Assert.Equal($"{crash}: internal error: System.InvalidOperationException: boom", lines[0]);
            Assert.DoesNotContain("invalid module", lines[0]);
            Assert.DoesNotContain("malformed", lines[0]);
            Assert.StartsWith(ok + ": ", lines[1]);
            Assert.Contains("internal error", stderr);
            Assert.Equal(ExitCodes.InternalError, code);
        }
        finally
        {
            ValidateVerb.FaultInjection = null;
        }
    }

    [Fact]
    public void InspectShowsSectionsExportsAndCodeSize()
    {
        string f = Write("ok.wasm", ValidModule);
        var (code, stdout, _) = Run("inspect", f);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("4 sections", stdout);
        Assert.Matches(@"\n\s+1\s+0x0000000a\s+5\s+type\n", stdout);
        Assert.Matches(@"\n\s+10\s+0x0000001c\s+6\s+code\n", stdout);
        Assert.Contains("imports (0):", stdout);
        Assert.Contains("exports (1):", stdout);
        Assert.Contains("f -> func 0", stdout);
        Assert.Contains("functions: 1 (0 imported, 1 defined)", stdout);
        Assert.Contains("code size: 4 bytes in 1 bodies", stdout);
        Assert.Contains("validation: ok", stdout);
    }

    [Fact]
    public void InspectSightglassModuleListsWasiImports()
    {
        var (_, file) = SharedCorpus.SightglassModules().First(m => m.Name.StartsWith("noop/", StringComparison.Ordinal));
        var (code, stdout, _) = Run("inspect", file);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("code", stdout);
        Assert.Contains("wasi_snapshot_preview1.", stdout);
        Assert.Contains("_start", stdout);
    }

    [Fact]
    public void InspectMalformedModuleFailsCleanly()
    {
        string f = Write("malformed.wasm", MalformedModule);
        var (code, _, stderr) = Run("inspect", f);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("malformed module: length out of bounds (at offset 0x9)", stderr);
        Assert.DoesNotContain("internal error", stderr);
    }

    [Fact]
    public void WastReportFormat()
    {
        var a = new ModuleCommand(new WastModule { Kind = WastModuleKind.Binary, Binary = [] }) { Position = new WastPosition(1, 1) };
        var r = new AssertReturnCommand(new WastAction(WastActionKind.Invoke, null, "f", []), []) { Position = new WastPosition(3, 1) };
        var results = new List<(string, WastFileResult?, string?)>
        {
            ("a.wast", new WastFileResult("a.wast",
            [
                new WastCommandResult(a, WastOutcome.Passed, null),
                new WastCommandResult(r, WastOutcome.Skipped, "no engine"),
                new WastCommandResult(r, WastOutcome.Failed, "result 1: expected i32:1, got i32:2"),
            ], null), null),
            ("b.wast", new WastFileResult("b.wast", [], "cannot parse"), null),
            ("c.wast", null, "System.NullReferenceException: oops"),
        };
        var sw = new StringWriter();
        bool failed = WastVerb.Report(results, verbose: true, sw);
        Assert.True(failed);
        Assert.Equal(
        [
            "a.wast: 1 passed, 1 failed, 1 skipped",
            "  a.wast:3:1: assert_return: result 1: expected i32:1, got i32:2",
            "b.wast: 0 passed, 1 failed, 0 skipped (fatal: cannot parse)",
            "c.wast: internal error: System.NullReferenceException: oops",
            "module: 1 passed, 0 failed, 0 skipped",
            "assert_return: 0 passed, 1 failed, 1 skipped",
            "1 passed, 3 failed, 1 skipped",
        ], Lines(sw.ToString().ReplaceLineEndings("\n")));
    }

    [Fact]
    public void WastWithoutEngineSkipsExecutionAndEndsWithTotals()
    {
        string f = Path.Combine(_dir, "t.wast");
        File.WriteAllText(f, """
            (module (func (export "f") (result i32) i32.const 1))
            (assert_return (invoke "f") (i32.const 1))
            (assert_malformed (module binary "\00asm") "unexpected end")
            (assert_invalid (module (func (result i32))) "type mismatch")
            """);
        var (code, stdout, stderr) = Run("wast", "--engine", "none", f);
        var lines = Lines(stdout);
        Assert.Equal($"{f}: 3 passed, 0 failed, 1 skipped", lines[0]); // a module that validates passes without an engine
        Assert.Contains("assert_return: 0 passed, 0 failed, 1 skipped", lines);
        Assert.Equal("3 passed, 0 failed, 1 skipped", lines[^1]);
        Assert.Equal(ExitCodes.Success, code);
        Assert.DoesNotContain("internal error", stderr);
    }

    [Fact]
    public void WastRunsOnTheInterpreterByDefault()
    {
        string f = Path.Combine(_dir, "t.wast");
        File.WriteAllText(f, """
            (module (func (export "f") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2))))
            (assert_return (invoke "f" (i32.const 21)) (i32.const 42))
            (assert_return (invoke "f" (i32.const 1)) (i32.const 3))
            (assert_trap (module (func $s unreachable) (start $s)) "unreachable")
            """);
        var (code, stdout, stderr) = Run("wast", "-v", f);
        var lines = Lines(stdout);
        Assert.Equal($"{f}: 3 passed, 1 failed, 0 skipped", lines[0]);
        Assert.StartsWith($"  {f}:3:1: assert_return: ", lines[1]);
        Assert.Contains("assert_return: 1 passed, 1 failed, 0 skipped", lines);
        Assert.Equal("3 passed, 1 failed, 0 skipped", lines[^1]);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.DoesNotContain("not available", stderr);
    }

    [Fact]
    public void WastNotesMissingEngineOnStderr()
    {
        if (WastVerb.FindEngine("compiler") is not null) return; // the note only applies while the engine is missing
        string f = Path.Combine(_dir, "empty.wast");
        File.WriteAllText(f, "");
        var (_, stdout, stderr) = Run("wast", "--engine", "compiler", f);
        Assert.Contains("compiler engine is not available yet", stderr);
        Assert.Equal("0 passed, 0 failed, 0 skipped", Lines(stdout)[^1]);
    }

    [Fact]
    public void WastMissingFileFailsWithoutInternalError()
    {
        string f = Path.Combine(_dir, "missing.wast");
        var (code, stdout, stderr) = Run("wast", "--engine", "none", f);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal("0 passed, 1 failed, 0 skipped", Lines(stdout)[^1]);
        Assert.DoesNotContain("internal error", stdout + stderr);
    }

    [Fact]
    public void RunWasiCommand()
    {
        string hello = Path.Combine(SharedCorpus.RepoRoot(), "examples", "hello-wasi.wat");
        var (code, stdout, stderr) = Run("run", hello);
        Assert.Equal("Hello, WASI!\n", stdout);
        Assert.Equal("", stderr);
        Assert.Equal(0, code);
    }

    [Fact]
    public void RunReturnsTheProgramsExitCodeAndArguments()
    {
        string f = Path.Combine(_dir, "exit.wat");
        File.WriteAllText(f, """
            (module
              (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (memory (export "memory") 1)
              (func (export "_start")
                (drop (call $sizes (i32.const 0) (i32.const 4)))
                (call $exit (i32.add (i32.const 40) (i32.load (i32.const 0))))))
            """);
        var (code, _, _) = Run("run", f, "--", "a", "-b");
        Assert.Equal(43, code); // argv = [exit.wat, a, -b]
    }

    [Fact]
    public void RunReportsTrapsAndMissingStart()
    {
        string trap = Path.Combine(_dir, "trap.wat");
        File.WriteAllText(trap, """(module (func (export "_start") unreachable))""");
        var (code, _, stderr) = Run("run", trap);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("trap: unreachable", stderr);

        string fib = Path.Combine(SharedCorpus.RepoRoot(), "examples", "fib.wat");
        (code, _, stderr) = Run("run", fib);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("no _start", stderr);
        Assert.DoesNotContain("internal error", stderr);
    }

    [Fact]
    public void ExamplesValidate()
    {
        string examples = Path.Combine(SharedCorpus.RepoRoot(), "examples");
        var files = Directory.GetFiles(examples, "*.wat").Order(StringComparer.Ordinal).ToArray();
        Assert.Contains(files, f => f.EndsWith("fib.wat", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("hello-wasi.wat", StringComparison.Ordinal));
        var (code, stdout, _) = Run(["validate", .. files]);
        Assert.All(Lines(stdout), l => Assert.EndsWith(": ok", l));
        Assert.Equal(ExitCodes.Success, code);
    }
}
