using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Cilantro.Aot;

namespace Cilantro.Cli;

/// <summary>What <c>cilantro compile</c> was asked to do.</summary>
internal sealed record CompileOptions
{
    public required string Input { get; init; }
    public required string Output { get; init; }
    public string Optimize { get; init; } = CompileVerb.DefaultOptimize;
    public bool Native { get; init; }
    public bool Dump { get; init; }
    public bool Quiet { get; init; }
    /// <summary>Proposal switches in command-line order: name and whether it was --enable (true) or --disable (false).</summary>
    public IReadOnlyList<(string Proposal, bool Enable)> Proposals { get; init; } = [];
    /// <summary>--native only: directories granted to the guest (HOST[::GUEST]), baked into the executable.</summary>
    public string[] Dirs { get; init; } = [];
    /// <summary>--native only: environment variables (NAME=VALUE), baked into the executable.</summary>
    public string[] Env { get; init; } = [];
    /// <summary>--native only: call this export with the executable's arguments instead of running <c>_start</c>.</summary>
    public string? Invoke { get; init; }
}

/// <summary>
/// <c>cilantro compile [--optimize 0|1|2|3|s|z] [--native] [--dump] [--disable-P|--enable-P]... IN OUT</c>:
/// translate a module ahead of time into a universal module (OUT ends in <c>.wasm</c>), a .NET assembly
/// (<c>.dll</c>) or, with <c>--native</c>, a NativeAOT executable running a WASI command.
/// </summary>
internal static class CompileVerb
{
    /// <summary>The optimisation level used when <c>--optimize</c> is not given.</summary>
    public const string DefaultOptimize = "2";

    /// <summary>The proposals that can be switched, as <c>--enable-NAME</c>/<c>--disable-NAME</c>, with whether Cilantro supports them.</summary>
    internal static readonly (string Name, string Title, bool Supported)[] ProposalSwitches =
    [
        ("simd", "128-bit SIMD", true),
        ("bulk-memory", "bulk memory operations", true),
        ("reference-types", "reference types", true),
        ("multi-value", "multi-value", true),
        ("sign-extension-operators", "sign-extension operators", true),
        ("non-trap-float-to-int", "non-trapping float-to-int conversions", true),
        ("import-export-mut-globals", "import/export of mutable globals", true),
        ("extended-const", "extended constant expressions", true),
        ("tail-call", "tail calls", false),
        ("multi-memory", "multiple memories", false),
        ("memory64", "64-bit memories", false),
        ("threads", "threads and atomics", false),
    ];

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var input = new Argument<string>("IN") { Description = "The module to compile (.wasm, or .wat text)." };
        var output = new Argument<string>("OUT")
        {
            Description = "Where to write: NAME.wasm = universal module (the module plus its compiled code in a custom section), " +
                          "NAME.dll = the .NET assembly alone; with --native, the executable.",
        };
        var optimize = new Option<string>("--optimize", "-O")
        {
            Description = "0, 1 = IL only (translator level 0 or 1; RyuJIT compiles each function at its first call); " +
                          "2 (default) = 1 + ReadyToRun machine code (crossgen2, any CPU of this architecture: almost nothing left for the JIT " +
                          "at load); 3 = IL marked AggressiveOptimization (RyuJIT compiles each function fully optimised at its first " +
                          "call, no tiering; slower start, no ReadyToRun); s, z = 1 without ReadyToRun (smallest output).",
            HelpName = "0|1|2|3|s|z",
            DefaultValueFactory = _ => DefaultOptimize,
        };
        optimize.AcceptOnlyFromAmong("0", "1", "2", "3", "s", "z");
        var native = new Option<bool>("--native")
        {
            Description = "Build a native executable (NativeAOT; needs the .NET SDK now, nothing at run time) that runs the module as a WASI command.",
        };
        var dump = new Option<bool>("--dump") { Description = "Also write the generated IL as text next to OUT (OUT with the extension .il)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress and no summary; errors only." };
        var dirs = new Option<string[]>("--dir")
        {
            Description = "--native: grant the program a host directory, as HOST or HOST::GUEST (repeatable; baked into the executable).",
            HelpName = "HOST[::GUEST]",
        };
        var env = new Option<string[]>("--env")
        {
            Description = "--native: set an environment variable for the program (repeatable; baked into the executable).",
            HelpName = "NAME=VALUE",
        };
        var invoke = new Option<string>("--invoke")
        {
            Description = "--native: the executable calls this export with its arguments (parsed by the parameter types) and prints the results, instead of running _start.",
            HelpName = "NAME",
        };
        Program.RejectOptionLikeFiles(input);
        Program.RejectOptionLikeFiles(output);
        var command = new Command("compile", "Compile a module ahead of time: a universal .wasm (runs anywhere, starts fast in Cilantro), a .dll, or a native executable.")
        {
            input, output, optimize, native, dump, quiet, dirs, env, invoke,
        };
        var switches = new List<(Option<bool> Option, string Name, bool Enable)>();
        foreach (var (name, title, supported) in ProposalSwitches)
        {
            var enable = new Option<bool>("--enable-" + name)
            {
                Description = supported ? $"Enable {title}." : $"Enable {title} (not supported by Cilantro: rejected).",
            };
            command.Add(enable);
            switches.Add((enable, name, true));
            if (!supported) continue;
            var disable = new Option<bool>("--disable-" + name) { Description = $"Disable {title}." };
            command.Add(disable);
            switches.Add((disable, name, false));
        }
        command.SetAction(parse =>
        {
            var proposals = new List<(string, bool)>();
            foreach (var (option, name, enable) in switches)
            {
                if (parse.GetValue(option)) proposals.Add((name, enable));
            }
            return Run(new CompileOptions
            {
                Input = parse.GetValue(input)!,
                Output = parse.GetValue(output)!,
                Optimize = parse.GetValue(optimize) ?? DefaultOptimize,
                Native = parse.GetValue(native),
                Dump = parse.GetValue(dump),
                Quiet = parse.GetValue(quiet),
                Proposals = proposals,
                Dirs = parse.GetValue(dirs) ?? [],
                Env = parse.GetValue(env) ?? [],
                Invoke = parse.GetValue(invoke),
            }, stdout, stderr);
        });
        return command;
    }

    /// <summary>What an <c>--optimize</c> value means.</summary>
    internal readonly record struct OptimizePlan(int Level, bool ReadyToRun);

    /// <summary>Maps an <c>--optimize</c> value to the translation level and whether to precompile with ReadyToRun.</summary>
    internal static OptimizePlan PlanOf(string optimize) => optimize switch
    {
        "0" => new(0, false),
        "1" => new(1, false),
        "2" => new(2, true),
        "3" => new(3, false),
        "s" or "z" => new(1, false),
        _ => throw new UsageException($"--optimize must be 0, 1, 2, 3, s or z, got '{optimize}'"),
    };

    /// <summary>Applies the proposal switches to the default feature set.</summary>
    internal static WasmFeatures FeaturesOf(IReadOnlyList<(string Proposal, bool Enable)> proposals)
    {
        var f = WasmFeatures.Default;
        foreach (var (name, on) in proposals)
        {
            f = name switch
            {
                "simd" => f with { Simd = on },
                "bulk-memory" => f with { BulkMemory = on },
                "reference-types" => f with { ReferenceTypes = on },
                "multi-value" => f with { MultiValue = on },
                "sign-extension-operators" => f with { SignExtension = on },
                "non-trap-float-to-int" => f with { SaturatingFloatToInt = on },
                "import-export-mut-globals" => f with { MutableGlobals = on },
                "extended-const" => f with { ExtendedConst = on },
                _ => throw new UsageException($"--enable-{name}: the {name} proposal is not supported by Cilantro's engines"),
            };
        }
        return f;
    }

    /// <summary>What OUT asks for.</summary>
    internal enum Target { Universal, Assembly, Native }

    /// <summary>Compiles; returns 0, 1 when the module is rejected or cannot be written, 2 for bad arguments, 70 after a bug.</summary>
    public static int Run(CompileOptions o, TextWriter stdout, TextWriter stderr)
    {
        var clock = Stopwatch.StartNew();
        ProgressReporter? progress = null;
        try
        {
            var plan = PlanOf(o.Optimize);
            var features = FeaturesOf(o.Proposals);
            var target = TargetOf(o);
            var nativeConfig = target == Target.Native ? NativeConfigOf(o) : null;

            byte[] wasm = ModuleLoader.LoadBinary(o.Input, features);
            if (nativeConfig is not null) CheckEntryPoint(wasm, features, nativeConfig.Invoke);
            progress = o.Quiet ? null : ProgressReporter.For(stderr);
            var options = new AotOptions
            {
                OptimizationLevel = plan.Level,
                Features = features,
                DumpIl = o.Dump,
                AssemblyName = target == Target.Assembly ? AssemblyNameFor(o.Output) : null,
            };
            var result = AotCompiler.Compile(wasm, options, progress);
            progress?.Finish();

            byte[] image = result.Assembly;
            string r2rNote = "no ReadyToRun";
            TimeSpan r2rTime = TimeSpan.Zero;
            if (plan.ReadyToRun && target != Target.Native)
            {
                var sw = Stopwatch.StartNew();
                progress?.Stage("ReadyToRun (crossgen2)");
                var r2r = ReadyToRun.Compile(image, out string? why);
                r2rTime = sw.Elapsed;
                if (r2r is null)
                {
                    stderr.WriteLine($"warning: ReadyToRun skipped: {why}; the output holds IL only (the JIT compiles it at load)");
                    r2rNote = "no ReadyToRun: " + why;
                }
                else
                {
                    image = r2r;
                    r2rNote = string.Create(CultureInfo.InvariantCulture, $"ReadyToRun {ReadyToRun.Describe()} in {r2rTime.TotalSeconds:0.00} s");
                }
            }

            string? dir = Path.GetDirectoryName(Path.GetFullPath(o.Output));
            if (dir is not null && !Directory.Exists(dir)) throw new CliException($"{o.Output}: no such directory '{dir}'");
            long outputSize;
            string what;
            switch (target)
            {
                case Target.Universal:
                    byte[] universal = ReferenceEquals(image, result.Assembly) ? result.ToUniversalWasm() : result.WithAssembly(image).ToUniversalWasm();
                    WriteOutput(o.Output, () => File.WriteAllBytes(o.Output, universal));
                    outputSize = universal.Length;
                    what = "universal module";
                    break;
                case Target.Assembly:
                    WriteOutput(o.Output, () => File.WriteAllBytes(o.Output, image));
                    outputSize = image.Length;
                    what = ".NET assembly";
                    break;
                default:
                    progress?.Stage("native executable (dotnet publish, NativeAOT)");
                    var native = NativeBuilder.Build(result.Assembly, o.Output, nativeConfig!, stderr);
                    r2rNote = string.Create(CultureInfo.InvariantCulture, $"NativeAOT in {native.Elapsed.TotalSeconds:0.0} s");
                    outputSize = new FileInfo(o.Output).Length;
                    what = "native executable";
                    break;
            }
            if (o.Dump && result.Il is not null)
            {
                string ilPath = Path.ChangeExtension(o.Output, ".il");
                WriteOutput(ilPath, () => File.WriteAllText(ilPath, result.Il));
            }

            if (!o.Quiet)
            {
                var inv = CultureInfo.InvariantCulture;
                stdout.WriteLine($"{o.Input} -> {o.Output} ({what})");
                stdout.WriteLine(string.Create(inv,
                    $"  functions: {result.FunctionCount} ({result.CompiledCount} compiled, {result.InterpretedCount} interpreted)"));
                stdout.WriteLine(string.Create(inv,
                    $"  size: {wasm.Length} bytes in, {outputSize} bytes out (assembly {image.Length} bytes, {r2rNote})"));
                stdout.WriteLine(string.Create(inv,
                    $"  time: {clock.Elapsed.TotalSeconds:0.00} s (translation {result.Elapsed.TotalSeconds:0.00} s), optimize {o.Optimize}, key {result.Key[..Math.Min(16, result.Key.Length)]}"));
                if (o.Dump && result.Il is not null) stdout.WriteLine($"  IL: {Path.ChangeExtension(o.Output, ".il")}");
            }
            return ExitCodes.Success;
        }
        catch (UsageException e)
        {
            progress?.Finish();
            stderr.WriteLine($"cilantro compile: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (ModuleLoader.DescribeExpected(e) is { } expected)
        {
            progress?.Finish();
            stderr.WriteLine($"{o.Input}: {expected}");
            return ExitCodes.Failure;
        }
    }

    private static Target TargetOf(CompileOptions o)
    {
        string ext = Path.GetExtension(o.Output);
        if (o.Native)
        {
            if (ext.Equals(".wasm", StringComparison.OrdinalIgnoreCase) || ext.Equals(".dll", StringComparison.OrdinalIgnoreCase))
                throw new UsageException($"--native writes an executable; OUT must not end in {ext}");
            return Target.Native;
        }
        if (o.Dirs.Length > 0 || o.Env.Length > 0 || o.Invoke is not null)
            throw new UsageException("--dir, --env and --invoke are for --native only (cilantro run takes them at run time)");
        if (ext.Equals(".wasm", StringComparison.OrdinalIgnoreCase)) return Target.Universal;
        if (ext.Equals(".dll", StringComparison.OrdinalIgnoreCase)) return Target.Assembly;
        throw new UsageException($"OUT must end in .wasm (universal module) or .dll (assembly), or use --native; got '{o.Output}'");
    }

    /// <summary>
    /// The simple name of a <c>.dll</c> output's assembly: its file name, which a project referencing it must match;
    /// null (a name from the key) when the file name is not a plain identifier or would shadow Cilantro itself.
    /// </summary>
    internal static string? AssemblyNameFor(string output)
    {
        string name = Path.GetFileNameWithoutExtension(output);
        if (name.Length == 0 || name.Equals("Cilantro", StringComparison.OrdinalIgnoreCase)) return null;
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')) return null;
        }
        return name;
    }

    /// <summary>Runs a write of an output file; a failure is reported as a user error (exit 1), not as a bug.</summary>
    internal static void WriteOutput(string path, Action write)
    {
        try
        {
            if (Directory.Exists(path)) throw new CliException($"{path}: is a directory");
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write {path}: {Program.OneLine(e.Message)}");
        }
    }

    /// <summary>A native executable needs <c>_start</c> (a WASI command) or the export named by <c>--invoke</c>.</summary>
    private static void CheckEntryPoint(byte[] wasm, WasmFeatures features, string? invoke)
    {
        string wanted = invoke ?? "_start";
        foreach (var export in Binary.ModuleDecoder.Decode(wasm, features).Exports)
        {
            if (export.Name == wanted && export.Kind == Model.ExternKind.Func) return;
        }
        throw new CliException(invoke is null
            ? "the module exports no _start function (not a WASI command; use --invoke NAME for an executable that calls a function)"
            : $"the module exports no function named '{invoke}'");
    }

    private static NativeConfig NativeConfigOf(CompileOptions o)
    {
        var env = new List<KeyValuePair<string, string>>();
        foreach (string e in o.Env)
        {
            int eq = e.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new UsageException($"--env expects NAME=VALUE, got '{e}'");
            env.Add(new(e[..eq], e[(eq + 1)..]));
        }
        var dirs = new List<KeyValuePair<string, string>>();
        foreach (string d in o.Dirs)
        {
            int sep = d.IndexOf("::", StringComparison.Ordinal);
            string host = sep < 0 ? d : d[..sep], guest = sep < 0 ? d : d[(sep + 2)..];
            if (host.Length == 0 || guest.Length == 0) throw new UsageException($"--dir expects HOST or HOST::GUEST, got '{d}'");
            dirs.Add(new(host, guest));
        }
        return new NativeConfig(Path.GetFileNameWithoutExtension(o.Input), env, dirs, o.Invoke);
    }
}

/// <summary>Bad arguments to a command: exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>
/// Compile progress on stderr: on a terminal one line rewritten in place (at most ten times a second),
/// otherwise one plain line per stage.
/// </summary>
internal sealed class ProgressReporter : IProgress<AotProgress>
{
    private readonly TextWriter _writer;
    private readonly bool _terminal;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private string? _stage;
    private long _lastDraw = -1000;
    private int _drawnLength;

    private ProgressReporter(TextWriter writer, bool terminal)
    {
        _writer = writer;
        _terminal = terminal;
    }

    /// <summary>A reporter for <paramref name="stderr"/>: animated when it is the console's error stream on a terminal.</summary>
    public static ProgressReporter For(TextWriter stderr) =>
        new(stderr, ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected);

    public void Report(AotProgress value)
    {
        lock (_lock)
        {
            if (value.Stage != _stage)
            {
                StageCore(value.Stage, value.Total);
                return;
            }
            if (!_terminal) return;
            long now = _clock.ElapsedMilliseconds;
            if (now - _lastDraw < 100 && value.Done < value.Total) return;
            _lastDraw = now;
            Draw(string.Create(CultureInfo.InvariantCulture, $"{value.Stage}: {value.Done}/{value.Total}  ({now / 1000.0:0.0} s)"));
        }
    }

    /// <summary>Announces a stage that reports no counts.</summary>
    public void Stage(string name)
    {
        lock (_lock) StageCore(name, 0);
    }

    /// <summary>Clears the progress line (terminal).</summary>
    public void Finish()
    {
        lock (_lock)
        {
            if (_terminal && _drawnLength > 0) _writer.Write("\r" + new string(' ', _drawnLength) + "\r");
            _drawnLength = 0;
            _writer.Flush();
        }
    }

    private void StageCore(string name, int total)
    {
        _stage = name;
        string line = total > 0 ? string.Create(CultureInfo.InvariantCulture, $"{name}: {total} ...") : name + " ...";
        if (_terminal)
        {
            _lastDraw = _clock.ElapsedMilliseconds;
            Draw(line);
        }
        else
        {
            _writer.WriteLine(line);
        }
    }

    private void Draw(string line)
    {
        string padded = line.Length < _drawnLength ? line + new string(' ', _drawnLength - line.Length) : line;
        _writer.Write("\r" + padded);
        _writer.Flush();
        _drawnLength = line.Length;
    }
}
