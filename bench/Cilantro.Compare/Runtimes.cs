using System.Diagnostics;
using System.Text.Json;
using Cilantro.Wasi;

namespace Cilantro.Compare;

/// <summary>One measured run.</summary>
/// <param name="TotalMs">The whole run: load, compile, instantiate, run.</param>
/// <param name="SpanMs">From <c>bench.start</c> to <c>bench.end</c> (NaN when the module never called both).</param>
/// <param name="ExitCode">The WASI exit code.</param>
/// <param name="Stdout">What the module wrote to stdout.</param>
public sealed record RunSample(double TotalMs, double SpanMs, int ExitCode, byte[] Stdout);

/// <summary>A runtime the comparison runs modules under.</summary>
public interface IBenchRuntime
{
    /// <summary>Column name, e.g. <c>cilantro-interpreter</c>.</summary>
    string Name { get; }
    /// <summary>Null when usable, otherwise why not (reported as a note).</summary>
    string? Unavailable { get; }
    /// <summary>Runs <paramref name="module"/> <paramref name="warmup"/> + <paramref name="count"/> times; returns the measured runs.</summary>
    IReadOnlyList<RunSample> Run(BenchModule module, int warmup, int count);
}

/// <summary>Records <c>bench.start</c>/<c>bench.end</c> timestamps.</summary>
internal sealed class SpanTimer
{
    private long _start = -1, _end = -1;
    public void Start() => _start = Stopwatch.GetTimestamp();
    public void End() => _end = Stopwatch.GetTimestamp();
    public double SpanMs => _start < 0 || _end < _start ? double.NaN : Stopwatch.GetElapsedTime(_start, _end).TotalMilliseconds;
}

/// <summary>A Cilantro engine, in process.</summary>
public sealed class CilantroRuntime(EngineKind kind) : IBenchRuntime
{
    /// <summary>Every Cilantro engine kind, so new engines are picked up without changing the runner.</summary>
    public static IEnumerable<CilantroRuntime> All() => Enum.GetValues<EngineKind>().Select(k => new CilantroRuntime(k));

    /// <inheritdoc/>
    public string Name { get; } = "cilantro-" + kind.ToString().ToLowerInvariant();
    /// <inheritdoc/>
    public string? Unavailable => null;

    /// <inheritdoc/>
    public IReadOnlyList<RunSample> Run(BenchModule module, int warmup, int count)
    {
        var samples = new List<RunSample>();
        for (int i = 0; i < warmup + count; i++)
        {
            var s = RunOnce(module);
            if (i >= warmup) samples.Add(s);
        }
        return samples;
    }

    private RunSample RunOnce(BenchModule module)
    {
        var timer = new SpanTimer();
        using var stdout = new MemoryStream();
        using var stderr = Stream.Null;
        long t0 = Stopwatch.GetTimestamp();
        var engine = new Engine(new EngineOptions { Kind = kind });
        var m = Module.FromFile(engine, module.WasmPath);
        var linker = new Linker(engine);
        linker.DefineFunction("bench", "start", timer.Start);
        linker.DefineFunction("bench", "end", timer.End);
        var config = new WasiConfiguration()
            .WithArgs(Path.GetFileName(module.WasmPath))
            .WithPreopenedDirectory(module.WorkDir, ".", readOnly: true)
            .WithStdout(stdout).WithStderr(stderr);
        int exit = WasiLinker.RunCommand(m, config, linker);
        double total = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        return new RunSample(total, timer.SpanMs, exit, stdout.ToArray());
    }
}

/// <summary>Wasmtime through its NuGet package, in process.</summary>
public sealed class WasmtimeRuntime : IBenchRuntime
{
    /// <inheritdoc/>
    public string Name => "wasmtime";

    /// <inheritdoc/>
    public string? Unavailable { get; }

    /// <summary>Probes the native library.</summary>
    public WasmtimeRuntime()
    {
        try { using var e = new Wasmtime.Engine(); }
        catch (Exception ex) { Unavailable = "Wasmtime's native library did not load: " + ex.Message; }
    }

    /// <inheritdoc/>
    public IReadOnlyList<RunSample> Run(BenchModule module, int warmup, int count)
    {
        var samples = new List<RunSample>();
        string tmp = Directory.CreateTempSubdirectory("cilantro-compare-").FullName;
        try
        {
            for (int i = 0; i < warmup + count; i++)
            {
                var s = RunOnce(module, tmp);
                if (i >= warmup) samples.Add(s);
            }
        }
        finally { Directory.Delete(tmp, true); }
        return samples;
    }

    private static RunSample RunOnce(BenchModule module, string tmp)
    {
        var timer = new SpanTimer();
        string outPath = Path.Combine(tmp, "stdout"), errPath = Path.Combine(tmp, "stderr");
        int exit = 0;
        long t0 = Stopwatch.GetTimestamp();
        using (var engine = new Wasmtime.Engine())
        using (var m = Wasmtime.Module.FromFile(engine, module.WasmPath))
        using (var linker = new Wasmtime.Linker(engine))
        using (var store = new Wasmtime.Store(engine))
        {
            linker.DefineWasi();
            linker.DefineFunction("bench", "start", timer.Start);
            linker.DefineFunction("bench", "end", timer.End);
            store.SetWasiConfiguration(new Wasmtime.WasiConfiguration()
                .WithArgs(Path.GetFileName(module.WasmPath))
                .WithPreopenedDirectory(module.WorkDir, ".", false)
                .WithStandardOutput(outPath).WithStandardError(errPath));
            var instance = linker.Instantiate(store, m);
            var start = instance.GetAction("_start") ?? throw new InvalidOperationException("no _start export");
            try { start(); }
            catch (Wasmtime.WasmtimeException e) when (e.ExitCode is int code) { exit = code; }
        }
        double total = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        return new RunSample(total, timer.SpanMs, exit, File.ReadAllBytes(outPath));
    }
}

/// <summary>Node.js with <c>node:wasi</c>, through a generated script (all repetitions in one <c>node</c> process).</summary>
public sealed class NodeRuntime : IBenchRuntime
{
    private readonly string? _node;

    /// <summary>Finds <c>node</c> on the PATH.</summary>
    public NodeRuntime()
    {
        _node = FindOnPath("node");
        if (_node == null) { Unavailable = "node is not on the PATH"; return; }
        try
        {
            var psi = new ProcessStartInfo(_node, "--version") { RedirectStandardOutput = true, UseShellExecute = false };
            using var p = Process.Start(psi)!;
            Version = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
        }
        catch (Exception e) { Unavailable = "node did not start: " + e.Message; }
    }

    /// <inheritdoc/>
    public string Name => "node";
    /// <inheritdoc/>
    public string? Unavailable { get; }
    /// <summary>The output of <c>node --version</c>.</summary>
    public string? Version { get; }

    internal const string Script = """
        'use strict';
        const fs = require('node:fs');
        const path = require('node:path');
        const { WASI } = require('node:wasi');
        const { performance } = require('node:perf_hooks');
        const [wasmPath, workDir, outDir, warmup, count] = process.argv.slice(2);
        const results = [];
        (async () => {
          for (let i = 0; i < Number(warmup) + Number(count); i++) {
            const outPath = path.join(outDir, 'stdout' + i), errPath = path.join(outDir, 'stderr' + i);
            const out = fs.openSync(outPath, 'w'), err = fs.openSync(errPath, 'w');
            let s = NaN, e = NaN;
            const t0 = performance.now();
            const bytes = fs.readFileSync(wasmPath);
            const module = await WebAssembly.compile(bytes);
            const wasi = new WASI({ version: 'preview1', args: [path.basename(wasmPath)], env: {},
              preopens: { '.': workDir }, stdout: out, stderr: err, returnOnExit: true });
            const bench = { start: () => { s = performance.now(); }, end: () => { e = performance.now(); } };
            const instance = await WebAssembly.instantiate(module, { ...wasi.getImportObject(), bench });
            const exit = wasi.start(instance);
            const total = performance.now() - t0;
            fs.closeSync(out); fs.closeSync(err);
            if (i >= Number(warmup)) results.push({ total, span: e - s, exit: exit ?? 0, stdout: outPath });
          }
          process.stdout.write(JSON.stringify(results));
        })().catch(x => { console.error(String(x && x.stack || x)); process.exit(70); });
        """;

    /// <inheritdoc/>
    public IReadOnlyList<RunSample> Run(BenchModule module, int warmup, int count)
    {
        string tmp = Directory.CreateTempSubdirectory("cilantro-compare-node-").FullName;
        try
        {
            string script = Path.Combine(tmp, "run.cjs");
            File.WriteAllText(script, Script);
            var psi = new ProcessStartInfo(_node!)
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            psi.ArgumentList.Add("--no-warnings");
            psi.ArgumentList.Add(script);
            psi.ArgumentList.Add(module.WasmPath);
            psi.ArgumentList.Add(module.WorkDir);
            psi.ArgumentList.Add(tmp);
            psi.ArgumentList.Add(warmup.ToString(System.Globalization.CultureInfo.InvariantCulture));
            psi.ArgumentList.Add(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var p = Process.Start(psi)!;
            var errTask = p.StandardError.ReadToEndAsync();
            string json = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            string err = errTask.Result;
            if (p.ExitCode != 0) throw new InvalidOperationException($"node exited with {p.ExitCode}: {Trim(err)}");
            var samples = new List<RunSample>();
            using var doc = JsonDocument.Parse(json);
            foreach (var r in doc.RootElement.EnumerateArray())
            {
                double span = r.GetProperty("span").ValueKind == JsonValueKind.Number ? r.GetProperty("span").GetDouble() : double.NaN;
                samples.Add(new RunSample(r.GetProperty("total").GetDouble(), span, r.GetProperty("exit").GetInt32(),
                    File.ReadAllBytes(r.GetProperty("stdout").GetString()!)));
            }
            return samples;
        }
        finally { Directory.Delete(tmp, true); }
    }

    private static string Trim(string s) => s.Length > 400 ? s[..400] + "..." : s.Trim();

    internal static string? FindOnPath(string exe)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length == 0) continue;
            string p = Path.Combine(dir, exe);
            if (File.Exists(p)) return p;
        }
        return null;
    }
}
