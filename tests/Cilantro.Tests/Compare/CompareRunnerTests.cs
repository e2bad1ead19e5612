using System.Text;
using Cilantro.Compare;
using Xunit;

namespace Cilantro.Tests.Compare;

public class CompareOptionsTests
{
    [Fact]
    public void Defaults()
    {
        var o = CompareOptions.Parse([]);
        Assert.Equal(5, o.Repetitions);
        Assert.Equal(0, o.Warmup);
        Assert.False(o.Quick);
        Assert.Null(o.OutputFile);
        Assert.True(double.IsPositiveInfinity(o.BudgetMs));
        Assert.True(o.WantsRuntime("anything"));
        Assert.True(o.WantsModule("anything"));
    }

    [Fact]
    public void ParsesEveryOption()
    {
        var o = CompareOptions.Parse(["--dir", "/x", "--reps", "3", "--warmup", "2", "--runtime", "wasm", "--runtime", "node",
            "--module", "shoot", "--skip", "interp:gcc", "--out", "r.md", "--note", "busy", "--budget", "50"]);
        Assert.Equal("/x", o.Directory);
        Assert.Equal(3, o.Repetitions);
        Assert.Equal(2, o.Warmup);
        Assert.Equal("r.md", o.OutputFile);
        Assert.Equal(new[] { "busy" }, o.Notes);
        Assert.Equal(50_000, o.BudgetMs);
        Assert.True(o.WantsRuntime("wasmtime"));
        Assert.True(o.WantsRuntime("NODE"));
        Assert.False(o.WantsRuntime("cilantro-interpreter"));
        Assert.True(o.WantsModule("shootout-fib2"));
        Assert.False(o.WantsModule("bz2"));
        Assert.NotNull(o.SkipReason("cilantro-interpreter", "gcc-loops"));
        Assert.Null(o.SkipReason("wasmtime", "gcc-loops"));
    }

    [Fact]
    public void QuickSetsRepetitionsAndBudgetUnlessGivenAndSkipsNothing()
    {
        var q = CompareOptions.Parse(["--quick"]);
        Assert.True(q.Quick);
        Assert.Equal(CompareOptions.QuickRepetitions, q.Repetitions);
        Assert.Equal(CompareOptions.QuickBudgetSeconds * 1000.0, q.BudgetMs);
        foreach (var m in new[] { "gcc-loops", "shootout-ed25519", "shootout-seqhash", "bz2" })
            Assert.Null(q.SkipReason("cilantro-interpreter", m));
        Assert.Equal(4, CompareOptions.Parse(["--reps", "4", "--quick"]).Repetitions);
        Assert.Equal(4, CompareOptions.Parse(["--quick", "--reps", "4"]).Repetitions);
        Assert.Equal(7000, CompareOptions.Parse(["--budget", "7", "--quick"]).BudgetMs);
        Assert.Equal(0, CompareOptions.Parse(["--quick", "--budget", "0"]).BudgetMs);
        Assert.Equal(Math.Min(2, Environment.ProcessorCount), q.Jobs);
        Assert.Equal(1, CompareOptions.Parse(["--quick", "--jobs", "1"]).Jobs);
        Assert.Equal(3, CompareOptions.Parse(["--jobs", "3"]).Jobs);
        Assert.Equal(1, CompareOptions.Parse([]).Jobs);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--reps")]
    [InlineData("--reps", "x")]
    [InlineData("--reps", "-1")]
    [InlineData("--reps", "0")]
    [InlineData("--jobs", "0")]
    [InlineData("--skip", "nocolon")]
    [InlineData("--budget")]
    [InlineData("--budget", "1.5")]
    public void RejectsBadArguments(params string[] args) =>
        Assert.Throws<FormatException>(() => CompareOptions.Parse(args));

    [Fact]
    public void Help() => Assert.True(CompareOptions.Parse(["-h"]).Help);
}

public class CompareReportTests
{
    [Fact]
    public void MedianSpreadGeoMean()
    {
        Assert.Equal(2, Stats.Median([3, 1, 2]));
        Assert.Equal(2.5, Stats.Median([4, 1, 3, 2]));
        Assert.True(double.IsNaN(Stats.Median([])));
        Assert.True(double.IsNaN(Stats.Median([1, double.NaN])));
        Assert.Equal(0, Stats.SpreadPercent([5]));
        Assert.Equal(25, Stats.SpreadPercent([1.5, 2, 2.5]), 6);
        Assert.Equal(4, Stats.GeoMean([2, 8]), 9);
        Assert.Equal(3, Stats.GeoMean([3, double.NaN, 0]), 9);
        Assert.True(double.IsNaN(Stats.GeoMean([])));
    }

    [Fact]
    public void Formatting()
    {
        Assert.Equal("1234", CompareResults.FormatMs(1234.4));
        Assert.Equal("12.3", CompareResults.FormatMs(12.34));
        Assert.Equal("1.23", CompareResults.FormatMs(1.234));
        Assert.Equal("n/a", CompareResults.FormatMs(double.NaN));
        Assert.Equal("–", CompareResults.FormatRatio(double.NaN));
        Assert.Equal("0.50", CompareResults.FormatRatio(0.5));
        Assert.Equal("150", CompareResults.FormatRatio(150.2));
    }

    private static Cell Ok(params double[] spans) =>
        new() { Samples = spans.Select(s => new RunSample(s * 2, s, 0, [])).ToArray() };

    private static CompareResults Sample()
    {
        var r = new CompareResults();
        r.Runtimes.AddRange(["wasmtime", "cilantro-interpreter", "node"]);
        r.Modules.AddRange(["a", "b", "c"]);
        r.Cells[("a", "wasmtime")] = Ok(10);
        r.Cells[("a", "cilantro-interpreter")] = Ok(20, 40, 30);
        r.Cells[("a", "node")] = Ok(5);
        r.Cells[("b", "wasmtime")] = Ok(10);
        r.Cells[("b", "cilantro-interpreter")] = Ok(80);
        r.Cells[("b", "node")] = new Cell { Samples = [new RunSample(1, 1, 0, [])], Mismatch = "stdout differs" };
        r.Cells[("c", "wasmtime")] = Ok(1);
        r.Cells[("c", "cilantro-interpreter")] = new Cell { Skipped = "skipped by --skip interp:c" };
        r.Cells[("c", "node")] = new Cell { Error = "InvalidOperationException: boom" };
        return r;
    }

    [Fact]
    public void RatiosAndGeoMeanSkipMissingAndWrongCells()
    {
        var r = Sample();
        Assert.Equal(3, r.Ratio("a", "cilantro-interpreter", span: true), 9);
        Assert.Equal(8, r.Ratio("b", "cilantro-interpreter", span: true), 9);
        Assert.True(double.IsNaN(r.Ratio("c", "cilantro-interpreter", span: true)));
        Assert.True(double.IsNaN(r.Ratio("b", "node", span: true)));
        Assert.Equal(Math.Sqrt(24), r.GeoMeanRatio("cilantro-interpreter", span: true), 9);
        Assert.Equal(0.5, r.GeoMeanRatio("node", span: true), 9);
        Assert.Equal(Math.Sqrt(24), r.GeoMeanRatio("cilantro-interpreter", span: false), 9);
    }

    [Fact]
    public void MarkdownTable()
    {
        string t = Sample().Table(span: true);
        var lines = t.TrimEnd().Split('\n');
        Assert.Equal("| module | wasmtime (ms) | cilantro-interpreter (ms) | ×wasmtime | node (ms) | ×wasmtime |", lines[0]);
        Assert.Equal("|---|---:|---:|---:|---:|---:|", lines[1]);
        Assert.Equal("| a | 10.0 | 30.0 ±33% | 3.00 | 5.00 | 0.50 |", lines[2]);
        Assert.Equal("| b | 10.0 | 80.0 | 8.00 | 1.00 **wrong output** | – |", lines[3]);
        Assert.Equal("| c | 1.00 | skipped | – | **error** | – |", lines[4]);
        Assert.Equal("| **geomean** | 1 | (2 modules) | **4.90** | (1 modules) | **0.50** |", lines[5]);
        Assert.Equal(6, lines.Length);
    }

    [Fact]
    public void ReportListsGeoMeansAndEveryProblem()
    {
        string md = Sample().ToMarkdown();
        Assert.Contains("- cilantro-interpreter: 4.90× (start→end), 4.90× (whole run)", md);
        Assert.Contains("- c on cilantro-interpreter: skipped by --skip interp:c", md);
        Assert.Contains("- c on node: error: InvalidOperationException: boom", md);
        Assert.Contains("- b on node: stdout differs", md);
    }

    [Fact]
    public void TinyBaselineSpansAreLeftOutOfSpanRatios()
    {
        var r = Sample();
        r.Cells[("a", "wasmtime")] = Ok(0.01);
        Assert.True(double.IsNaN(r.Ratio("a", "cilantro-interpreter", span: true)));
        Assert.Equal(8, r.GeoMeanRatio("cilantro-interpreter", span: true), 9);
        Assert.False(double.IsNaN(r.Ratio("a", "cilantro-interpreter", span: false)));
        Assert.Contains("- a: wasmtime's start→end span is under 0.1 ms", r.ToMarkdown());
    }

    [Fact]
    public void RowsMeasuredFewerTimesThanAskedAreMarked()
    {
        var r = Sample();
        r.Cells[("b", "cilantro-interpreter")] = new Cell { Samples = [new RunSample(160, 80, 0, [])], Requested = 3 };
        r.Cells[("a", "wasmtime")] = new Cell { Samples = [new RunSample(20, 10, 0, [])], Requested = 1 };
        var lines = r.Table(span: true).Split('\n');
        Assert.Equal("| a | 10.0 | 30.0 ±33% | 3.00 | 5.00 | 0.50 |", lines[2]);
        Assert.Equal("| b | 10.0 | 80.0 (1/3) | 8.00 | 1.00 **wrong output** | – |", lines[3]);
        Assert.Contains("- cilantro-interpreter: 1 of 3 modules measured fewer times than asked (its budget was spent; marked (n/asked)): b", r.ToMarkdown());
        Assert.DoesNotContain("- wasmtime: ", r.ToMarkdown());
    }

    [Fact]
    public void NoRatiosWithoutBaseline()
    {
        var r = new CompareResults();
        r.Runtimes.Add("node");
        r.Modules.Add("a");
        r.Cells[("a", "node")] = Ok(5);
        Assert.Equal("| module | node (ms) |", r.Table(true).Split('\n')[0]);
        Assert.DoesNotContain("geomean", r.ToMarkdown());
    }
}

public class RunBudgetTests
{
    [Fact]
    public void FirstMeasuredRunAlwaysHappens()
    {
        var b = new RunBudget(0);
        b.Charge("x", 1e9);
        Assert.True(b.ShouldRun("x", warmup: false, measured: 0, asked: 3, expectedMs: 1e9));
        Assert.False(b.ShouldRun("x", warmup: true, measured: 0, asked: 3, expectedMs: 0));
        Assert.False(b.ShouldRun("x", warmup: false, measured: 1, asked: 3, expectedMs: 0));
    }

    [Fact]
    public void RepetitionsOnlyWhileTheNextRunFits()
    {
        var b = new RunBudget(1000);
        Assert.True(b.Limited);
        b.Charge("interp", 600);
        b.Charge("jit", 100);
        Assert.Equal(600, b.SpentMs("interp"));
        Assert.True(b.ShouldRun("interp", false, 1, 3, 400));
        Assert.False(b.ShouldRun("interp", false, 1, 3, 401));
        Assert.True(b.ShouldRun("jit", false, 1, 3, 401));   // accounts are per runtime
        Assert.True(b.ShouldRun("interp", true, 0, 3, 300)); // warm-ups need room too
        Assert.False(b.ShouldRun("jit", false, 3, 3, 0));    // never more than asked
        Assert.Equal(0, b.SpentMs("node"));
    }

    [Fact]
    public void NoBudgetMeansEveryRepetition()
    {
        var b = new RunBudget(double.PositiveInfinity);
        Assert.False(b.Limited);
        b.Charge("x", 1e12);
        Assert.True(b.ShouldRun("x", false, 4, 5, 1e12));
        Assert.False(b.ShouldRun("x", false, 5, 5, 0));
    }
}

/// <summary>A runtime that runs nothing: it records the order of calls and returns a fixed output.</summary>
internal sealed class FakeRuntime(string name, string stdout = "ok\n", Func<string, double>? totalMs = null) : IBenchRuntime
{
    private readonly Lock _lock = new();
    private int _disposed;
    public string Name => name;
    public string? Unavailable => null;
    public List<string> Calls { get; } = [];
    public int Disposed => _disposed;

    private void Record(string call)
    {
        lock (_lock) Calls.Add(call);
    }

    public IBenchSession Open(BenchModule module)
    {
        Record("open " + module.Name);
        return new Session(this, module);
    }

    private sealed class Session(FakeRuntime rt, BenchModule module) : IBenchSession
    {
        public RunSample RunOnce()
        {
            rt.Record(module.Name);
            return new RunSample(rt._totalMs?.Invoke(module.Name) ?? 2, 1, 0, Encoding.UTF8.GetBytes(rt._stdout));
        }

        public void Dispose() => Interlocked.Increment(ref rt._disposed);
    }

    private readonly Func<string, double>? _totalMs = totalMs;

    private readonly string _stdout = stdout;
}

public sealed class CompareBudgetRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cilantro-compare-budget-").FullName;

    public CompareBudgetRunTests()
    {
        foreach (var name in new[] { "a", "b", "c" })
        {
            string d = Path.Combine(_dir, name);
            Directory.CreateDirectory(d);
            File.WriteAllBytes(Path.Combine(d, "benchmark.wasm"), [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
            File.WriteAllText(Path.Combine(d, "benchmark.stdout.expected"), "ok\n");
        }
    }

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void WithoutBudgetEveryPairGetsEveryRepetitionRoundRobin()
    {
        var rt = new FakeRuntime("fake");
        var results = CompareRunner.Run(CompareOptions.Parse(["--dir", _dir, "--reps", "3", "--warmup", "1"]), [rt]);
        Assert.Equal(new[] { "open a", "a", "a", "open b", "b", "b", "open c", "c", "c", "a", "b", "c", "a", "b", "c" }, rt.Calls);
        Assert.Equal(3, rt.Disposed);
        Assert.All(results.Cells.Values, c => { Assert.True(c.Ok); Assert.Equal(3, c.Samples.Count); Assert.False(c.Short); });
        Assert.DoesNotContain("(2/3)", results.ToMarkdown());
    }

    [Fact]
    public void ASpentBudgetStillRunsAndChecksEveryModuleOnce()
    {
        var rt = new FakeRuntime("fake");
        var wrong = new FakeRuntime("wrong", "not ok\n");
        var results = CompareRunner.Run(CompareOptions.Parse(["--dir", _dir, "--quick", "--jobs", "1", "--budget", "0", "--warmup", "2"]), [rt, wrong]);
        Assert.Equal(new[] { "open a", "a", "open b", "b", "open c", "c" }, rt.Calls);
        Assert.Equal(3, rt.Disposed);
        foreach (var m in new[] { "a", "b", "c" })
        {
            var c = results.Cells[(m, "fake")];
            Assert.True(c.Ok);
            Assert.True(c.Short);
            Assert.NotNull(results.Cells[(m, "wrong")].Mismatch);
        }
        string md = results.ToMarkdown();
        Assert.Contains("| a | 1.00 (1/3) |", md);
        Assert.Contains("fake: every module measured fewer times than asked", md);
        Assert.Contains("a on wrong: stdout differs", md);
        Assert.Contains("wall time per runtime (preparation, warm-ups and runs): fake ", md);
    }

    [Fact]
    public void AfterTheBaselineTheLongestModulesRunFirst()
    {
        var baseline = new FakeRuntime("wasmtime", totalMs: m => m == "b" ? 30 : m == "c" ? 20 : 10);
        var other = new FakeRuntime("other");
        CompareRunner.Run(CompareOptions.Parse(["--dir", _dir, "--reps", "1"]), [other, baseline]);
        Assert.Equal(new[] { "open a", "a", "open b", "b", "open c", "c" }, baseline.Calls);
        Assert.Equal(new[] { "open b", "b", "open c", "c", "open a", "a" }, other.Calls);
    }

    [Fact]
    public void SeveralJobsRunEveryPairTheAskedNumberOfTimes()
    {
        var runtimes = new[] { new FakeRuntime("wasmtime"), new FakeRuntime("x"), new FakeRuntime("y") };
        var results = CompareRunner.Run(CompareOptions.Parse(["--dir", _dir, "--reps", "4", "--jobs", "2"]), runtimes);
        foreach (var rt in runtimes)
        {
            Assert.Equal(3, rt.Disposed);
            foreach (var m in new[] { "a", "b", "c" })
            {
                Assert.Equal(4, rt.Calls.Count(c => c == m));
                Assert.Single(rt.Calls, c => c == "open " + m);
                Assert.Equal(4, results.Cells[(m, rt.Name)].Samples.Count);
            }
        }
        Assert.Contains("2 runs at a time (--jobs 2)", results.ToMarkdown());
    }

    [Fact]
    public void FailuresEndAPairWithoutStoppingTheOthers()
    {
        var results = CompareRunner.Run(CompareOptions.Parse(["--dir", _dir, "--reps", "2"]), [new ThrowingRuntime(), new FakeRuntime("fake")]);
        Assert.Equal("InvalidOperationException: cannot open a", results.Cells[("a", "throws")].Error);
        Assert.Equal(2, results.Cells[("b", "fake")].Samples.Count);
    }

    private sealed class ThrowingRuntime : IBenchRuntime
    {
        public string Name => "throws";
        public string? Unavailable => null;
        public IBenchSession Open(BenchModule module) => throw new InvalidOperationException("cannot open " + module.Name + "\nsecond line");
    }
}

public class NodeResultTests
{
    [Fact]
    public void ParsesTheScriptsJson()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "out");
            string path = System.Text.Json.JsonSerializer.Serialize(file);
            var s = NodeRuntime.ParseResult($"{{\"total\":12.5,\"span\":null,\"exit\":3,\"stdout\":{path}}}");
            Assert.Equal(12.5, s.TotalMs);
            Assert.True(double.IsNaN(s.SpanMs));
            Assert.Equal(3, s.ExitCode);
            Assert.Equal("out", Encoding.UTF8.GetString(s.Stdout));
            Assert.Equal(4.25, NodeRuntime.ParseResult($"{{\"total\":1,\"span\":4.25,\"exit\":0,\"stdout\":{path}}}").SpanMs);
        }
        finally { File.Delete(file); }
    }
}

public class CompareOutputTests
{
    [Fact]
    public void EqualOutputsPass() => Assert.Null(OutputCheck.Compare("abc\n"u8.ToArray(), "abc\n"u8.ToArray()));

    [Fact]
    public void NoExpectedFilePasses() => Assert.Null(OutputCheck.Compare((string?)null, [1, 2]));

    [Fact]
    public void DifferenceIsLocated()
    {
        string? m = OutputCheck.Compare("one\ntwo\n"u8.ToArray(), "one\ntwX\n"u8.ToArray());
        Assert.NotNull(m);
        Assert.Contains("byte 6 (line 2)", m);
        Assert.Contains("expected \"o\\n\", got \"X\\n\"", m);
        Assert.Contains("<end>", OutputCheck.Compare("ab"u8.ToArray(), "a"u8.ToArray()));
    }
}

public sealed class CompareEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cilantro-compare-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    // reads input.txt from the preopened "." between bench.start and bench.end and writes it to stdout
    private const string Wat = """
        (module
          (import "bench" "start" (func $start))
          (import "bench" "end" (func $end))
          (import "wasi_snapshot_preview1" "path_open"
            (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "input.txt")
          (func (export "_start")
            (local $fd i32) (local $i i32)
            call $start
            ;; path_open(dirfd 3, lookup 0, "input.txt", oflags 0, rights read, inheriting 0, fdflags 0, &fd at 8)
            (drop (call $path_open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 9) (i32.const 0)
              (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 8)))
            ;; iovec at 32: buf 100, len 64; nread at 40
            (i32.store (i32.const 32) (i32.const 100))
            (i32.store (i32.const 36) (i32.const 64))
            (drop (call $fd_read (i32.load (i32.const 8)) (i32.const 32) (i32.const 1) (i32.const 40)))
            ;; a little work
            (loop $l (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $l (i32.lt_u (local.get $i) (i32.const 1000))))
            call $end
            (i32.store (i32.const 36) (i32.load (i32.const 40)))
            (drop (call $fd_write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 44)))))
        """;

    private string WriteTiny()
    {
        string mod = Path.Combine(_dir, "tiny");
        Directory.CreateDirectory(mod);
        File.WriteAllBytes(Path.Combine(mod, "benchmark.wasm"), Cilantro.Text.Wat.ToBinary(Wat));
        File.WriteAllText(Path.Combine(mod, "input.txt"), "hello bench\n");
        File.WriteAllText(Path.Combine(mod, "benchmark.stdout.expected"), "hello bench\n");
        return mod;
    }

    [Fact]
    public void TinyModuleRunsOnWasmtime()
    {
        WriteTiny();
        var wasmtime = new WasmtimeRuntime();
        if (wasmtime.Unavailable != null) return; // the native library is part of the NuGet package; nothing to test without it
        var cell = CompareRunner.RunCell(CompareOptions.Parse(["--reps", "1"]), wasmtime, BenchModule.Discover(_dir)[0]);
        Assert.True(cell.Ok, cell.Error ?? cell.Mismatch);
        Assert.Equal("hello bench\n", Encoding.UTF8.GetString(cell.Samples[0].Stdout));
        Assert.False(double.IsNaN(cell.Samples[0].SpanMs));
    }

    [Fact]
    public void EveryRuntimeHasAColumnName()
    {
        var names = CompareRunner.DefaultRuntimes().Select(r => r.Name).ToList();
        Assert.Equal(new[] { "wasmtime", "cilantro-interpreter", "cilantro-compiler", "cilantro-aot", "node" }, names);
    }

    [Fact]
    public void TinyModuleRunsAheadOfTimeCompiled()
    {
        WriteTiny();
        var cell = CompareRunner.RunCell(CompareOptions.Parse(["--reps", "2"]), new AotRuntime(), BenchModule.Discover(_dir)[0]);
        Assert.True(cell.Ok, cell.Error ?? cell.Mismatch);
        Assert.Equal(2, cell.Samples.Count);
        Assert.Equal("hello bench\n", Encoding.UTF8.GetString(cell.Samples[1].Stdout));
        Assert.False(double.IsNaN(cell.Samples[1].SpanMs));
    }

    [Fact]
    public void TinyModuleRunsEndToEndOnTheInterpreter()
    {
        WriteTiny();
        // a second copy whose expected output is wrong, to see the mismatch reported
        string bad = Path.Combine(_dir, "bad");
        Directory.CreateDirectory(bad);
        File.WriteAllBytes(Path.Combine(bad, "other.wasm"), Cilantro.Text.Wat.ToBinary(Wat));
        File.WriteAllText(Path.Combine(bad, "input.txt"), "hello bench\n");
        File.WriteAllText(Path.Combine(bad, "default.stdout.expected"), "goodbye\n");

        var modules = BenchModule.Discover(_dir);
        Assert.Equal(new[] { "other", "tiny" }, modules.Select(m => m.Name));
        Assert.All(modules, m => Assert.NotNull(m.ExpectedStdoutPath));

        var options = CompareOptions.Parse(["--dir", _dir, "--reps", "2", "--warmup", "1"]);
        var log = new StringWriter();
        var results = CompareRunner.Run(options, [new CilantroRuntime(EngineKind.Interpreter)], log);
        Assert.Equal(new[] { "cilantro-interpreter" }, results.Runtimes);

        var good = results.Cells[("tiny", "cilantro-interpreter")];
        Assert.True(good.Ok, good.Error ?? good.Mismatch);
        Assert.Equal(2, good.Samples.Count);
        Assert.All(good.Samples, s =>
        {
            Assert.Equal("hello bench\n", Encoding.UTF8.GetString(s.Stdout));
            Assert.False(double.IsNaN(s.SpanMs));
            Assert.True(s.TotalMs >= s.SpanMs);
        });

        var wrong = results.Cells[("other", "cilantro-interpreter")];
        Assert.NotNull(wrong.Mismatch);
        string md = results.ToMarkdown();
        Assert.Contains("| tiny |", md);
        Assert.Contains("**wrong output**", md);
        Assert.Contains("other on cilantro-interpreter: stdout differs", md);
        Assert.Contains("tiny", log.ToString());
    }
}
