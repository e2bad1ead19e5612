using System.Diagnostics;

namespace Cilantro.Compare;

/// <summary>Runs every selected module under every selected runtime and collects the results.</summary>
public static class CompareRunner
{
    /// <summary>The default runtime list: Wasmtime (the baseline), every Cilantro engine, Node.js.</summary>
    public static List<IBenchRuntime> DefaultRuntimes()
    {
        var list = new List<IBenchRuntime> { new WasmtimeRuntime() };
        list.AddRange(CilantroRuntime.All());
        list.Add(new NodeRuntime());
        return list;
    }

    /// <summary>Runs the comparison; <paramref name="log"/> gets one progress line per pair.</summary>
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
        results.Notes.Add($"{options.Repetitions} measured repetition(s) per module and runtime after {options.Warmup} warm-up run(s); ±x% is half the range relative to the median");
        // the baseline runs first on each module: quick mode decides from its time whether the others run
        active = active.OrderBy(r => r.Name == results.Baseline ? 0 : 1).ToList();
        foreach (var m in modules)
            foreach (var r in active)
            {
                Cell cell;
                if (options.Quick && r.Name != results.Baseline
                    && results.Cells.TryGetValue((m.Name, results.Baseline), out var b) && b.Ok && b.SpanMedian > options.QuickLimitMs)
                    cell = new Cell { Skipped = $"skipped in --quick: {results.Baseline} took {CompareResults.FormatMs(b.SpanMedian)} ms (> --quick-limit {options.QuickLimitMs} ms)" };
                else
                    cell = RunCell(options, r, m);
                results.Cells[(m.Name, r.Name)] = cell;
                log?.WriteLine($"{m.Name,-28} {r.Name,-22} {Describe(cell)}");
            }
        return results;
    }

    private static string Describe(Cell c) =>
        c.Skipped ?? (c.Error != null ? "error: " + c.Error
            : $"span {CompareResults.FormatMs(c.SpanMedian)} ms, total {CompareResults.FormatMs(c.TotalMedian)} ms" + (c.Mismatch != null ? " WRONG: " + c.Mismatch : ""));

    /// <summary>Runs one module under one runtime, catching failures into the cell.</summary>
    public static Cell RunCell(CompareOptions options, IBenchRuntime runtime, BenchModule module)
    {
        if (options.SkipReason(runtime.Name, module.Name) is { } skip) return new Cell { Skipped = skip };
        IReadOnlyList<RunSample> samples;
        try { samples = runtime.Run(module, options.Warmup, options.Repetitions); }
        catch (Exception e) { return new Cell { Error = $"{e.GetType().Name}: {FirstLine(e.Message)}" }; }
        string? mismatch = null;
        foreach (var s in samples)
        {
            if (s.ExitCode != 0) { mismatch = $"exit code {s.ExitCode}"; break; }
            mismatch = OutputCheck.Compare(module.ExpectedStdoutPath, s.Stdout);
            if (mismatch != null) break;
        }
        return new Cell { Samples = samples, Mismatch = mismatch };
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
