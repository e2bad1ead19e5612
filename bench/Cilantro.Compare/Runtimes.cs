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
    /// <summary>
    /// Gets <paramref name="module"/> ready to run: untimed work that is not part of a run (e.g. compiling ahead of time,
    /// creating scratch folders). The caller disposes the session.
    /// </summary>
    IBenchSession Open(BenchModule module);
}

/// <summary>One module prepared for one runtime; each call of <see cref="RunOnce"/> is one complete, timed run.</summary>
public interface IBenchSession : IDisposable
{
    /// <summary>Loads, compiles, instantiates and runs the module once.</summary>
    RunSample RunOnce();
}

/// <summary>Records <c>bench.start</c>/<c>bench.end</c> timestamps.</summary>
internal sealed class SpanTimer
{
    private long _start = -1, _end = -1;
    public void Start() => _start = Stopwatch.GetTimestamp();
    public void End() => _end = Stopwatch.GetTimestamp();
    public double SpanMs => _start < 0 || _end < _start ? double.NaN : Stopwatch.GetElapsedTime(_start, _end).TotalMilliseconds;
}

/// <summary>A session that runs a delegate each time and needs no cleanup.</summary>
internal sealed class DelegateSession(Func<RunSample> run) : IBenchSession
{
    public RunSample RunOnce() => run();
    public void Dispose() { }
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
    public IBenchSession Open(BenchModule module) => new DelegateSession(() => Run(kind, module, () => File.ReadAllBytes(module.WasmPath)));

    /// <summary>
    /// One timed run under a Cilantro engine: <paramref name="bytes"/> is called inside the timed region (reading the file
    /// is part of loading), then the module is decoded, validated, compiled, instantiated and run with WASI and the
    /// <c>bench</c> host module. <paramref name="check"/> sees the loaded module (e.g. to confirm precompiled code was used).
    /// </summary>
    internal static RunSample Run(EngineKind kind, BenchModule module, Func<byte[]> bytes, Action<Module>? check = null)
    {
        var timer = new SpanTimer();
        using var stdout = new MemoryStream();
        long t0 = Stopwatch.GetTimestamp();
        var engine = new Engine(new EngineOptions { Kind = kind });
        var m = Module.FromBytes(engine, bytes(), Path.GetFileNameWithoutExtension(module.WasmPath));
        check?.Invoke(m);
        var linker = new Linker(engine);
        linker.DefineFunction("bench", "start", timer.Start);
        linker.DefineFunction("bench", "end", timer.End);
        var config = new WasiConfiguration()
            .WithArgs(Path.GetFileName(module.WasmPath))
            .WithPreopenedDirectory(module.WorkDir, ".", readOnly: true)
            .WithStdout(stdout).WithStderr(Stream.Null);
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
    public IBenchSession Open(BenchModule module) => new Session(module);

    private sealed class Session(BenchModule module) : IBenchSession
    {
        private readonly string _tmp = Directory.CreateTempSubdirectory("cilantro-compare-").FullName;

        public void Dispose() => Directory.Delete(_tmp, true);

        public RunSample RunOnce()
        {
            var timer = new SpanTimer();
            string outPath = Path.Combine(_tmp, "stdout"), errPath = Path.Combine(_tmp, "stderr");
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
}

/// <summary>Node.js with <c>node:wasi</c>, through a generated script (one <c>node</c> process per run, timed inside it).</summary>
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
        const [wasmPath, workDir, outDir] = process.argv.slice(2);
        (async () => {
          const outPath = path.join(outDir, 'stdout'), errPath = path.join(outDir, 'stderr');
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
          process.stdout.write(JSON.stringify({ total, span: e - s, exit: exit ?? 0, stdout: outPath }));
        })().catch(x => { console.error(String(x && x.stack || x)); process.exit(70); });
        """;

    /// <inheritdoc/>
    public IBenchSession Open(BenchModule module) => new Session(_node!, module);

    private sealed class Session : IBenchSession
    {
        private readonly string _node, _tmp, _script;
        private readonly BenchModule _module;

        public Session(string node, BenchModule module)
        {
            _node = node;
            _module = module;
            _tmp = Directory.CreateTempSubdirectory("cilantro-compare-node-").FullName;
            _script = Path.Combine(_tmp, "run.cjs");
            File.WriteAllText(_script, Script);
        }

        public void Dispose() => Directory.Delete(_tmp, true);

        public RunSample RunOnce()
        {
            var psi = new ProcessStartInfo(_node) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "--no-warnings", _script, _module.WasmPath, _module.WorkDir, _tmp }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var errTask = p.StandardError.ReadToEndAsync();
            string json = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            string err = errTask.Result;
            if (p.ExitCode != 0) throw new InvalidOperationException($"node exited with {p.ExitCode}: {Trim(err)}");
            return ParseResult(json);
        }
    }

    /// <summary>Reads the script's JSON result (<c>total</c>, <c>span</c>, <c>exit</c>, <c>stdout</c> file).</summary>
    internal static RunSample ParseResult(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        double span = r.GetProperty("span").ValueKind == JsonValueKind.Number ? r.GetProperty("span").GetDouble() : double.NaN;
        return new RunSample(r.GetProperty("total").GetDouble(), span, r.GetProperty("exit").GetInt32(),
            File.ReadAllBytes(r.GetProperty("stdout").GetString()!));
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
