using System.Text;
using System.Text.Json;
using Cilantro.Wasi;
using Xunit;

namespace Cilantro.Tests.Wasi;

/// <summary>
/// The wasi-testsuite (wasm32-wasip1: C, Rust, AssemblyScript) with the suite's JSON semantics: args and env exactly as
/// given, the <c>root</c> fixture copied fresh for each test into a temp folder and preopened as <c>/</c>, expected exit
/// code, and stdout/stderr starting with the expected payload (the reference runner reads that many characters).
/// Suite folder: <c>$CILANTRO_SHARED/wasi-testsuite</c>, else <c>../shared/wasi-testsuite</c> beside the repository.
/// </summary>
public sealed class WasiTestsuiteTests
{
    private static readonly string[] Languages = ["c", "rust", "assemblyscript"];

    /// <summary>The shared corpus folder.</summary>
    internal static string Shared
    {
        get
        {
            string? env = Environment.GetEnvironmentVariable("CILANTRO_SHARED");
            return string.IsNullOrWhiteSpace(env) ? TestSuitePaths.Shared : Path.GetFullPath(env);
        }
    }

    internal static string Suite => Path.Combine(Shared, "wasi-testsuite");

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in Enum.GetValues<EngineKind>())
        {
            if (!Directory.Exists(Suite))
            {
                data.Add(kind.ToString(), "<missing>");
                continue;
            }
            foreach (var lang in Languages)
            {
                string dir = Path.Combine(Suite, "tests", lang, "testsuite", "wasm32-wasip1");
                if (!Directory.Exists(dir)) continue;
                foreach (var f in Directory.GetFiles(dir, "*.wasm").Order(StringComparer.Ordinal))
                    data.Add(kind.ToString(), lang + "/" + Path.GetFileNameWithoutExtension(f));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Runs(string engine, string test)
    {
        Assert.True(Directory.Exists(Suite),
            $"The wasi-testsuite was not found at '{Suite}'. Put the suite (github.com/WebAssembly/wasi-testsuite, prod/testsuite-base " +
            "branch) at ../shared/wasi-testsuite next to the repository, or set CILANTRO_SHARED to the folder holding wasi-testsuite.");
        int slash = test.IndexOf('/');
        string dir = Path.Combine(Suite, "tests", test[..slash], "testsuite", "wasm32-wasip1");
        string name = test[(slash + 1)..];
        var spec = Spec.Load(Path.Combine(dir, name + ".json"));

        string? tmp = null;
        try
        {
            var stdout = new MemoryStream();
            var stderr = new MemoryStream();
            var config = new WasiConfiguration()
                .WithArgs([name + ".wasm", .. spec.Args])
                .WithStdin(new MemoryStream())
                .WithStdout(stdout)
                .WithStderr(stderr);
            foreach (var kv in spec.Env) config.WithEnv(kv.Key, kv.Value);
            if (spec.Root is not null)
            {
                tmp = Path.Combine(Path.GetTempPath(), "cilantro-wasits-" + Guid.NewGuid().ToString("N"));
                CopyFresh(Path.Combine(dir, spec.Root), tmp);
                config.WithPreopenedDirectory(tmp, "/");
            }
            var eng = new Engine(new EngineOptions { Kind = Enum.Parse<EngineKind>(engine) });
            var module = Module.FromFile(eng, Path.Combine(dir, name + ".wasm"));
            int code;
            try
            {
                code = WasiLinker.RunCommand(module, config);
            }
            catch (TrapException t)
            {
                Assert.Fail($"trap: {t}\nstdout: {Encoding.UTF8.GetString(stdout.ToArray())}\nstderr: {Encoding.UTF8.GetString(stderr.ToArray())}");
                return;
            }
            string outText = Encoding.UTF8.GetString(stdout.ToArray()), errText = Encoding.UTF8.GetString(stderr.ToArray());
            Assert.True(spec.ExitCode == code,
                $"exit code {code}, expected {spec.ExitCode}\nstdout: {outText}\nstderr: {errText}");
            Assert.StartsWith(spec.Stdout, outText);
            Assert.StartsWith(spec.Stderr, errText);
        }
        finally
        {
            if (tmp is not null) try { Directory.Delete(tmp, true); } catch (IOException) { }
        }
    }

    /// <summary>Copies a fixture folder (read-only in the shared corpus) into a fresh writable folder, minus *.cleanup leftovers.</summary>
    private static void CopyFresh(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var d in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, d)));
        foreach (var f in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            if (f.EndsWith(".cleanup", StringComparison.Ordinal)) continue;
            string dest = Path.Combine(to, Path.GetRelativePath(from, f));
            File.Copy(f, dest);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(dest, File.GetUnixFileMode(dest) | UnixFileMode.UserWrite | UnixFileMode.UserRead);
        }
        if (!OperatingSystem.IsWindows())
        {
            foreach (var d in Directory.GetDirectories(to, "*", SearchOption.AllDirectories).Append(to))
                File.SetUnixFileMode(d, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                    UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    /// <summary>One test's expectations (legacy or operation-based JSON; defaults when there is no file).</summary>
    private sealed class Spec
    {
        public List<string> Args = [];
        public List<KeyValuePair<string, string>> Env = [];
        public string? Root;
        public int ExitCode;
        public string Stdout = "", Stderr = "";

        public static Spec Load(string path)
        {
            var s = new Spec();
            if (!File.Exists(path)) return s;
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            if (root.TryGetProperty("operations", out var ops))
            {
                foreach (var op in ops.EnumerateArray())
                {
                    switch (op.GetProperty("type").GetString())
                    {
                        case "run": s.ReadRun(op); break;
                        case "wait": if (op.TryGetProperty("exit_code", out var ec)) s.ExitCode = ec.GetInt32(); break;
                        case "read":
                            string id = op.TryGetProperty("id", out var i) ? i.GetString() ?? "stdout" : "stdout";
                            string payload = op.TryGetProperty("payload", out var p) ? p.GetString() ?? "" : "";
                            if (id == "stderr") s.Stderr += payload; else s.Stdout += payload;
                            break;
                        default: throw new NotSupportedException($"operation {op.GetProperty("type")} (sockets/http proposals)");
                    }
                }
                return s;
            }
            s.ReadRun(root);
            if (root.TryGetProperty("exit_code", out var code)) s.ExitCode = code.GetInt32();
            if (root.TryGetProperty("stdout", out var so)) s.Stdout = so.GetString() ?? "";
            if (root.TryGetProperty("stderr", out var se)) s.Stderr = se.GetString() ?? "";
            return s;
        }

        private void ReadRun(JsonElement e)
        {
            if (e.TryGetProperty("args", out var args)) foreach (var a in args.EnumerateArray()) Args.Add(a.GetString() ?? "");
            if (e.TryGetProperty("env", out var env)) foreach (var kv in env.EnumerateObject()) Env.Add(new(kv.Name, kv.Value.GetString() ?? ""));
            if (e.TryGetProperty("root", out var r) && r.ValueKind == JsonValueKind.String) Root = r.GetString();
        }
    }
}
