using System.Diagnostics;

namespace Cilantro.Compare;

/// <summary>Runs every selected module under every selected runtime and collects the results.</summary>
public static class CompareRunner
{
    /// <summary>The default runtime list: Wasmtime (the baseline), every Cilantro engine, Cilantro ahead of time, Node.js.</summary>
    public static List<IBenchRuntime> DefaultRuntimes()
    {
        var list = new List<IBenchRuntime> { new WasmtimeRuntime() };
        list.AddRange(CilantroRuntime.All());
        list.Add(new AotRuntime());
        list.Add(new NodeRuntime());
        return list;
    }

    /// <summary>Runs the comparison; <paramref name="log"/> gets one progress line per run.</summary>
    public static CompareResults Run(CompareOptions options, IReadOnlyList<IBenchRuntime> runtimes, TextWriter? log = null)
    {
        var results = new CompareResults();
        results.Notes.AddRange(options.Notes);
        var modules = BenchModule.Discover(options.Directory).Where(m => options.WantsModule(m.Name)).ToList();
        if (modules.Count == 0) results.Notes.Add($"no modules found under {options.Directory}");
        var active = new List<IBenchRuntime>();
        foreach (var r in runtimes)
        {
            if (!options.WantsRuntime(r.Name)) continue;
            if (r.Unavailable != null) { results.Notes.Add($"{r.Name} skipped: {r.Unavailable}"); continue; }
            active.Add(r);
            results.Runtimes.Add(r.Name);
        }
        foreach (var m in modules) results.Modules.Add(m.Name);
        var budget = new RunBudget(options.BudgetMs);
        results.Notes.Add($"{options.Repetitions} measured repetition(s) asked per module and runtime after {options.Warmup} warm-up run(s)"
            + (budget.Limited ? $", within a budget of {options.BudgetMs / 1000:0.#} s of wall time per runtime (the first run of every module always happens; rows marked (n/{options.Repetitions}) got fewer)" : "")
            + "; ±x% is half the range relative to the median");
        if (options.Jobs > 1)
            results.Notes.Add($"{options.Jobs} runs at a time (--jobs {options.Jobs}) on {Environment.ProcessorCount} cores: "
                + "concurrent runs share caches and memory bandwidth, so times are noisier than with --jobs 1");
        active = active.OrderBy(r => r.Name == results.Baseline ? 0 : 1).ToList();
        var pairs = new List<Pair>();
        foreach (var m in modules)
            foreach (var r in active)
                pairs.Add(new Pair(m, r));
        RunPairs(pairs, options, budget, log, results.Baseline);
        foreach (var p in pairs) results.Cells[(p.Module.Name, p.Runtime.Name)] = p.ToCell(options.Repetitions);
        if (active.Count > 0)
            results.Notes.Add("wall time per runtime (preparation, warm-ups and runs): "
                + string.Join(", ", active.Select(r => $"{r.Name} {budget.SpentMs(r.Name) / 1000:0.0} s")));
        return results;
    }

    /// <summary>Runs one module under one runtime (within the options' budget), catching failures into the cell.</summary>
    public static Cell RunCell(CompareOptions options, IBenchRuntime runtime, BenchModule module)
    {
        var pair = new Pair(module, runtime);
        RunPairs([pair], options, new RunBudget(options.BudgetMs), null, null);
        return pair.ToCell(options.Repetitions);
    }

    /// <summary>The state of one (module, runtime) pair during a run.</summary>
    private sealed class Pair(BenchModule module, IBenchRuntime runtime)
    {
        public BenchModule Module { get; } = module;
        public IBenchRuntime Runtime { get; } = runtime;
        public IBenchSession? Session;
        public readonly List<RunSample> Samples = [];
        public string? Skipped, Error, Mismatch;
        public double LastMs;
        public bool Done;

        public Cell ToCell(int asked) => new() { Samples = Samples, Skipped = Skipped, Error = Error, Mismatch = Mismatch, Requested = asked };

        public void Finish()
        {
            Done = true;
            Session?.Dispose();
            Session = null;
        }
    }

    /// <summary>
    /// First pass: every pair is opened, warmed up (within the budget) and run once: the baseline's pairs first, then
    /// the others, longest module first by the baseline's time (so that with several jobs the long runs start early
    /// and the short ones fill in at the end). Later passes add one repetition per pair in turn while the budget
    /// allows, so every pair gets its n-th run before any gets its (n+1)-th and the budget is spread over all modules.
    /// </summary>
    private static void RunPairs(List<Pair> pairs, CompareOptions options, RunBudget budget, TextWriter? log, string? baseline)
    {
        try
        {
            var first = new List<Pair>();
            foreach (var p in pairs)
            {
                if (options.SkipReason(p.Runtime.Name, p.Module.Name) is { } skip) { p.Skipped = skip; p.Done = true; continue; }
                first.Add(p);
            }
            var baselinePairs = first.Where(p => p.Runtime.Name == baseline).ToList();
            RunParallel(baselinePairs, options.Jobs, p => FirstRun(p, options, budget, log));
            var baselineMs = baselinePairs.ToDictionary(p => p.Module.Name, p => p.Samples.Count > 0 ? p.Samples[0].TotalMs : 0);
            var rest = first.Where(p => p.Runtime.Name != baseline)
                .OrderByDescending(p => baselineMs.GetValueOrDefault(p.Module.Name)).ToList(); // stable: module order otherwise
            RunParallel(rest, options.Jobs, p => FirstRun(p, options, budget, log));
            while (true)
            {
                var round = new List<Pair>();
                foreach (var p in pairs)
                {
                    if (p.Done) continue;
                    if (!budget.ShouldRun(p.Runtime.Name, false, p.Samples.Count, options.Repetitions, p.LastMs)) { p.Finish(); continue; }
                    round.Add(p);
                }
                if (round.Count == 0) break;
                RunParallel(round, options.Jobs, p => Step(p, log, () => Measure(p, budget, warmup: false, log)));
            }
        }
        finally
        {
            foreach (var p in pairs) p.Finish();
        }
    }

    private static void FirstRun(Pair p, CompareOptions options, RunBudget budget, TextWriter? log) => Step(p, log, () =>
    {
        long t0 = Stopwatch.GetTimestamp();
        try { p.Session = p.Runtime.Open(p.Module); }
        finally { budget.Charge(p.Runtime.Name, Stopwatch.GetElapsedTime(t0).TotalMilliseconds); }
        for (int w = 0; w < options.Warmup && budget.ShouldRun(p.Runtime.Name, true, 0, options.Repetitions, p.LastMs); w++)
            Measure(p, budget, warmup: true, log);
        Measure(p, budget, warmup: false, log);
    });

    /// <summary>Guest stacks: deep recursion must fit a worker thread as it fits the main thread.</summary>
    private const int WorkerStackBytes = 64 << 20;

    /// <summary>
    /// Runs <paramref name="work"/> on each pair, in list order, on up to <paramref name="jobs"/> worker threads (on this
    /// thread when 1). A pair is handled by one thread at a time; <see cref="Step"/> keeps exceptions inside the pair.
    /// </summary>
    private static void RunParallel(List<Pair> items, int jobs, Action<Pair> work)
    {
        if (jobs <= 1 || items.Count <= 1)
        {
            foreach (var p in items) work(p);
            return;
        }
        int next = -1;
        var threads = new Thread[Math.Min(jobs, items.Count)];
        for (int t = 0; t < threads.Length; t++)
        {
            threads[t] = new Thread(() =>
            {
                for (int i; (i = Interlocked.Increment(ref next)) < items.Count;) work(items[i]);
            }, WorkerStackBytes) { IsBackground = true, Name = "compare worker " + t };
            threads[t].Start();
        }
        foreach (var t in threads) t.Join();
    }

    /// <summary>Runs <paramref name="action"/>, turning an exception into the pair's error (which ends the pair).</summary>
    private static void Step(Pair p, TextWriter? log, Action action)
    {
        try { action(); }
        catch (Exception e)
        {
            p.Error = $"{e.GetType().Name}: {FirstLine(e.Message)}";
            log?.WriteLine($"{p.Module.Name,-28} {p.Runtime.Name,-22} error: {p.Error}");
            p.Finish();
        }
    }

    /// <summary>One run of a pair: timed, charged to the budget, and (unless a warm-up) checked and kept.</summary>
    private static void Measure(Pair p, RunBudget budget, bool warmup, TextWriter? log)
    {
        long t0 = Stopwatch.GetTimestamp();
        RunSample s;
        try { s = p.Session!.RunOnce(); }
        finally
        {
            p.LastMs = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            budget.Charge(p.Runtime.Name, p.LastMs);
        }
        if (warmup) return;
        p.Samples.Add(s);
        string? mismatch = s.ExitCode != 0 ? $"exit code {s.ExitCode}" : OutputCheck.Compare(p.Module.ExpectedStdoutPath, s.Stdout);
        log?.WriteLine($"{p.Module.Name,-28} {p.Runtime.Name,-22} run {p.Samples.Count}: span {CompareResults.FormatMs(s.SpanMs)} ms, total {CompareResults.FormatMs(s.TotalMs)} ms"
            + (mismatch != null ? " WRONG: " + mismatch : ""));
        if (mismatch != null)
        {
            p.Mismatch = mismatch;
            p.Finish();
        }
    }

    private static string FirstLine(string s)
    {
        int i = s.IndexOf('\n');
        return (i < 0 ? s : s[..i]).Trim();
    }

    /// <summary>A short description of the machine and checkout: date, commit, <c>nproc</c>, <c>lscpu</c> model, runtimes.</summary>
    public static string MachineDescription()
    {
        var lines = new List<string>
        {
            $"- date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC",
        };
        string? commit = Capture("git", "rev-parse --short HEAD");
        string? branch = Capture("git", "rev-parse --abbrev-ref HEAD");
        if (commit != null) lines.Add($"- commit: {commit.Trim()} ({branch?.Trim()})");
        string? nproc = Capture("nproc", "");
        if (nproc != null) lines.Add($"- nproc: {nproc.Trim()}");
        string? lscpu = Capture("lscpu", "");
        if (lscpu != null)
            foreach (var l in lscpu.Split('\n'))
            {
                var t = l.Trim();
                if (t.StartsWith("Model name:", StringComparison.Ordinal) || t.StartsWith("Architecture:", StringComparison.Ordinal)
                    || t.StartsWith("CPU(s):", StringComparison.Ordinal) || t.StartsWith("Thread(s) per core:", StringComparison.Ordinal)
                    || t.StartsWith("Hypervisor vendor:", StringComparison.Ordinal))
                    lines.Add("- " + System.Text.RegularExpressions.Regex.Replace(t, @"\s+", " "));
            }
        lines.Add($"- .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        lines.Add($"- Wasmtime NuGet {typeof(Wasmtime.Engine).Assembly.GetName().Version}; node {Capture("node", "--version")?.Trim() ?? "absent"}");
        string? load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : null;
        if (load != null) lines.Add($"- load average at the end of the run: {load}");
        return string.Join('\n', lines);
    }

    private static string? Capture(string file, string args)
    {
        try
        {
            var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var p = Process.Start(psi);
            if (p == null) return null;
            string s = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? s : null;
        }
        catch (Exception) { return null; }
    }
}
