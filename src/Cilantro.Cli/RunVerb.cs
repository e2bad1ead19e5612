using System.CommandLine;
using System.Globalization;
using System.Text;
using Cilantro.Aot;
using Cilantro.Model;
using Cilantro.Wasi;

namespace Cilantro.Cli;

/// <summary>What <c>cilantro run</c> was asked to do.</summary>
internal sealed record RunOptions
{
    public required string File { get; init; }
    public string[] Args { get; init; } = [];
    public string[] Dirs { get; init; } = [];
    public string[] Env { get; init; } = [];
    public string[] Preloads { get; init; } = [];
    public string? Invoke { get; init; }
    public string Engine { get; init; } = RunVerb.DefaultEngine;
    public bool NoPrecompiled { get; init; }
}

/// <summary>
/// <c>cilantro run [--engine E] [--dir HOST[::GUEST]]... [--env K=V]... [--preload NAME=PATH]... [--invoke NAME] FILE [ARGS...]</c>:
/// run a WASI command (<c>_start</c>), or call one export and print its results (like <c>wasmtime run --invoke</c>).
/// </summary>
internal static class RunVerb
{
    /// <summary>The engine used when <c>--engine</c> is not given.</summary>
    public const string DefaultEngine = "compiler";

    /// <summary>Innermost frames printed for a trap (deep recursion would print thousands).</summary>
    private const int MaxTraceFrames = 32;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("FILE") { Description = "The module (.wasm or .wat): a WASI command exporting _start, or any module with --invoke." };
        var args = new Argument<string[]>("ARGS")
        {
            Description = "Arguments: for the program, or for the function given by --invoke (use -- before arguments that start with '-').",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var engine = new Option<string>("--engine")
        {
            Description = "Execution engine: compiler (default) or interpreter.",
            HelpName = "interpreter|compiler",
            DefaultValueFactory = _ => DefaultEngine,
        };
        engine.AcceptOnlyFromAmong("interpreter", "compiler");
        var dirs = new Option<string[]>("--dir")
        {
            Description = "Give the program a host directory, as HOST or HOST::GUEST (repeatable).",
            HelpName = "HOST[::GUEST]",
            AllowMultipleArgumentsPerToken = false,
        };
        var env = new Option<string[]>("--env")
        {
            Description = "Set an environment variable for the program (repeatable).",
            HelpName = "NAME=VALUE",
        };
        var preload = new Option<string[]>("--preload")
        {
            Description = "Instantiate another module (.wasm or .wat) first and link its exports under NAME (repeatable).",
            HelpName = "NAME=PATH",
        };
        var invoke = new Option<string>("--invoke")
        {
            Description = "Call this exported function with ARGS (parsed by its parameter types) and print its results; a reactor's _initialize runs first.",
            HelpName = "NAME",
        };
        var noPrecompiled = new Option<bool>("--no-precompiled")
        {
            Description = "Ignore code embedded by 'cilantro compile' in a universal module and compile at run time (for modules from untrusted sources: embedded code runs outside the sandbox).",
        };
        Program.RejectOptionLikeFiles(file);
        var command = new Command("run", "Run a WASI (preview 1) command, or invoke an exported function; exits with the program's exit code.")
        {
            file, args, engine, dirs, env, preload, invoke, noPrecompiled,
        };
        command.SetAction(parse => Run(new RunOptions
        {
            File = parse.GetValue(file)!,
            Args = parse.GetValue(args) ?? [],
            Dirs = parse.GetValue(dirs) ?? [],
            Env = parse.GetValue(env) ?? [],
            Preloads = parse.GetValue(preload) ?? [],
            Invoke = parse.GetValue(invoke),
            Engine = parse.GetValue(engine) ?? DefaultEngine,
            NoPrecompiled = parse.GetValue(noPrecompiled),
        }, stdout, stderr));
        return command;
    }

    /// <summary>Runs; returns the program's exit code, 1 when it cannot be loaded, linked, called or it traps, 2 for bad arguments.</summary>
    public static int Run(RunOptions o, TextWriter stdout, TextWriter stderr)
    {
        string file = o.File;
        var outStream = new TextWriterStream(stdout);
        var errStream = new TextWriterStream(stderr);
        try
        {
            var kind = o.Engine switch
            {
                "interpreter" => EngineKind.Interpreter,
                "compiler" => EngineKind.Compiler,
                _ => throw new UsageException($"--engine must be interpreter or compiler, got '{o.Engine}'"),
            };
            // One module for the life of the process: its code need not be unloadable, which makes calls faster.
            var engine = new Engine(new EngineOptions { Kind = kind, UsePrecompiledCode = !o.NoPrecompiled, UnloadableCode = false });

            // Everything is decoded and validated before anything runs.
            var module = Module.FromBytes(engine, ModuleLoader.LoadBinary(file, null), Path.GetFileNameWithoutExtension(file));
            if (module.PrecompiledStatus.PrecompiledRejection is { } rejected && !o.NoPrecompiled)
                stderr.WriteLine($"warning: {file}: precompiled code not used ({rejected}); compiling at run time");
            var preloads = new List<(string Name, string Path, Module Module)>();
            foreach (string p in o.Preloads)
            {
                int eq = p.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || eq == p.Length - 1) throw new UsageException($"--preload expects NAME=PATH, got '{p}'");
                string path = p[(eq + 1)..];
                Module m;
                try
                {
                    m = Module.FromBytes(engine, ModuleLoader.LoadBinary(path, null), p[..eq]);
                }
                catch (Exception e) when (ModuleLoader.DescribeExpected(e) is { } expected)
                {
                    throw new CliException($"--preload {p[..eq]}: {path}: {expected}");
                }
                preloads.Add((p[..eq], path, m));
            }

            Function? target = null;
            if (o.Invoke is null)
            {
                if (!ExportsFunction(module, "_start"))
                    throw new CliException("the module exports no _start function (not a WASI command; use --invoke NAME to call a function)");
            }
            else if (!ExportsFunction(module, o.Invoke))
            {
                throw new CliException($"the module exports no function named '{o.Invoke}'");
            }

            var config = new WasiConfiguration().WithArgs([Path.GetFileName(file), .. o.Invoke is null ? o.Args : []]);
            foreach (string e in o.Env)
            {
                int eq = e.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) throw new UsageException($"--env expects NAME=VALUE, got '{e}'");
                config.WithEnv(e[..eq], e[(eq + 1)..]);
            }
            foreach (string d in o.Dirs)
            {
                int sep = d.IndexOf("::", StringComparison.Ordinal);
                string host = sep < 0 ? d : d[..sep], guest = sep < 0 ? d : d[(sep + 2)..];
                if (host.Length == 0 || guest.Length == 0) throw new UsageException($"--dir expects HOST or HOST::GUEST, got '{d}'");
                if (!Directory.Exists(host)) throw new CliException($"--dir: no such directory '{host}'");
                config.WithPreopenedDirectory(host, guest);
            }
            if (ReferenceEquals(stdout, Console.Out) && ReferenceEquals(stderr, Console.Error)) config.WithInheritedStdio();
            else config.WithStdin(Console.OpenStandardInput()).WithStdout(outStream).WithStderr(errStream);

            var store = new Store(engine);
            var linker = new Linker(engine);
            using var wasi = linker.DefineWasi(config);
            try
            {
                foreach (var (name, path, m) in preloads)
                {
                    Instance pre;
                    try
                    {
                        pre = linker.Instantiate(store, m);
                    }
                    catch (LinkException e)
                    {
                        throw new CliException($"--preload {name}: {path}: {Program.OneLine(e.Message)}");
                    }
                    linker.DefineInstance(name, pre);
                }
                // Sightglass benchmarks bracket their measured region with bench.start/bench.end:
                // no-ops here unless a preloaded module named "bench" provides them.
                bool benchPreloaded = preloads.Exists(p => p.Name == "bench");
                if (!benchPreloaded)
                {
                    foreach (var import in module.Definition.Imports)
                    {
                        if (import.Module == "bench" && import.Kind == ExternKind.Func && import.Name is "start" or "end")
                            linker.DefineFunction("bench", import.Name, () => { });
                    }
                }

                var instance = linker.Instantiate(store, module);
                wasi.Attach(instance);
                if (o.Invoke is null)
                {
                    instance.GetFunction("_start").Call(store);
                    return Done(ExitCodes.Success);
                }

                target = instance.GetFunction(o.Invoke);
                var parameters = target.Type.Params;
                if (o.Args.Length != parameters.Length)
                    throw new UsageException($"function '{o.Invoke}' expects {parameters.Length} argument(s) ({Describe(parameters)}), got {o.Args.Length}");
                var values = new Value[parameters.Length];
                for (int i = 0; i < values.Length; i++)
                    values[i] = ParseArgument(o.Args[i], parameters[i], i, o.Invoke);
                if (o.Invoke != "_initialize" && instance.TryGetFunction("_initialize") is { } init && init.Type.Params.Length == 0)
                    init.Call(store);
                var results = target.Call(store, values);
                outStream.Flush();
                errStream.Flush();
                foreach (var r in results) stdout.WriteLine(FormatResult(r));
                return Done(ExitCodes.Success);
            }
            catch (WasiExitException e)
            {
                return Done(e.ExitCode);
            }
        }
        catch (TrapException e)
        {
            Done(0);
            stderr.WriteLine($"{file}: trap: {Program.OneLine(e.Message)}");
            if (e.WasmStack.Count > 0)
            {
                stderr.WriteLine("wasm backtrace:");
                int shown = Math.Min(e.WasmStack.Count, MaxTraceFrames);
                for (int i = 0; i < shown; i++) stderr.WriteLine($"  at {e.WasmStack[i]}");
                if (shown < e.WasmStack.Count) stderr.WriteLine($"  ... {e.WasmStack.Count - shown} more frame(s)");
            }
            return ExitCodes.Failure;
        }
        catch (UsageException e)
        {
            Done(0);
            stderr.WriteLine($"{file}: error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (ModuleLoader.DescribeExpected(e) is { } expected)
        {
            Done(0);
            stderr.WriteLine($"{file}: {expected}");
            return ExitCodes.Failure;
        }

        int Done(int code)
        {
            outStream.Flush();
            errStream.Flush();
            stdout.Flush();
            return code;
        }
    }

    private static bool ExportsFunction(Module module, string name)
    {
        foreach (var export in module.Definition.Exports)
            if (export.Name == name && export.Kind == ExternKind.Func) return true;
        return false;
    }

    private static string Describe(ValType[] types)
    {
        var sb = new StringBuilder();
        foreach (var t in types) sb.Append(sb.Length == 0 ? "" : " ").Append(t);
        return sb.Length == 0 ? "none" : sb.ToString();
    }

    /// <summary>Parses a command-line argument as a value of type <paramref name="type"/> (like <c>wasmtime run --invoke</c>).</summary>
    internal static Value ParseArgument(string text, ValType type, int index, string function)
    {
        if (!ValueText.CanParse(type))
            throw new UsageException($"argument {index + 1} of '{function}' has type {type}, which cannot be given on the command line");
        if (ValueText.TryParse(text, type, out var value)) return value;
        throw new UsageException($"argument {index + 1} of '{function}' must be {ValueText.Describe(type)}, got '{text}'");
    }

    /// <summary>Formats a result as <c>wasmtime run --invoke</c> does (see <see cref="ValueText.Format"/>).</summary>
    internal static string FormatResult(Value v) => ValueText.Format(v);

    /// <summary>Bad arguments to the command itself: exit code 2.</summary>
    private sealed class UsageException(string message) : Exception(message);

    /// <summary>A write-only stream that decodes UTF-8 into a <see cref="TextWriter"/> (for in-process runs).</summary>
    private sealed class TextWriterStream(TextWriter writer) : Stream
    {
        private readonly Decoder _decoder = new UTF8Encoding(false, false).GetDecoder();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => writer.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var chars = new char[_decoder.GetCharCount(buffer, flush: false)];
            int n = _decoder.GetChars(buffer, chars, flush: false);
            writer.Write(chars, 0, n);
        }
    }
}
