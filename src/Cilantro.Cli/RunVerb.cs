using System.CommandLine;
using System.Globalization;
using System.Text;
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
        Program.RejectOptionLikeFiles(file);
        var command = new Command("run", "Run a WASI (preview 1) command, or invoke an exported function; exits with the program's exit code.")
        {
            file, args, engine, dirs, env, preload, invoke,
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
            var engine = new Engine(new EngineOptions { Kind = kind });

            // Everything is decoded and validated before anything runs.
            var module = Module.FromBytes(engine, ModuleLoader.LoadBinary(file, null), Path.GetFileNameWithoutExtension(file));
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
        string s = text.Trim();
        switch (type.Kind)
        {
            case ValKind.I32:
                if (TryParseInteger(s, out var i32, uint.MaxValue, int.MinValue)) return Value.I32(unchecked((int)(long)i32));
                break;
            case ValKind.I64:
                if (TryParseInteger(s, out var i64, ulong.MaxValue, long.MinValue)) return Value.I64(unchecked((long)i64));
                break;
            case ValKind.F32:
                if (TryParseFloat(s, out double f32, single: true)) return Value.F32((float)f32);
                break;
            case ValKind.F64:
                if (TryParseFloat(s, out double f64, single: false)) return Value.F64(f64);
                break;
            default:
                throw new UsageException($"argument {index + 1} of '{function}' has type {type}, which cannot be given on the command line");
        }
        throw new UsageException($"argument {index + 1} of '{function}' must be {Name(type)}, got '{text}'");
    }

    private static string Name(ValType type) => type.Kind switch
    {
        ValKind.I32 => "an i32 (a decimal or 0x-hex integer from -2147483648 to 4294967295)",
        ValKind.I64 => "an i64 (a decimal or 0x-hex integer from -9223372036854775808 to 18446744073709551615)",
        ValKind.F32 => "an f32 (a decimal number, nan, inf or -inf)",
        _ => "an f64 (a decimal number, nan, inf or -inf)",
    };

    /// <summary>Parses a signed or unsigned integer (decimal, or hex with 0x) into the raw two's complement bits.</summary>
    private static bool TryParseInteger(string s, out Int128 value, ulong maxUnsigned, long minSigned)
    {
        value = 0;
        bool negative = s.StartsWith('-');
        string body = negative || s.StartsWith('+') ? s[1..] : s;
        body = body.Replace("_", "", StringComparison.Ordinal);
        if (body.Length == 0) return false;
        Int128 magnitude;
        if (body.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            string hex = body[2..];
            if (hex.Length == 0 || hex.Length > 32 || !UInt128.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h)) return false;
            if (h > ulong.MaxValue) return false;
            magnitude = (Int128)h;
        }
        else
        {
            foreach (char c in body) if (c is < '0' or > '9') return false;
            if (!Int128.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out magnitude)) return false;
        }
        Int128 v = negative ? -magnitude : magnitude;
        if (v < minSigned || v > maxUnsigned) return false;
        value = v;
        return true;
    }

    private static bool TryParseFloat(string s, out double value, bool single)
    {
        value = 0;
        string body = s.TrimStart('+', '-');
        bool negative = s.StartsWith('-');
        if (body.Length == 0 || s.Length - body.Length > 1) return false;
        switch (body.ToLowerInvariant())
        {
            case "nan": value = negative ? -double.NaN : double.NaN; return true;
            case "inf" or "infinity": value = negative ? double.NegativeInfinity : double.PositiveInfinity; return true;
        }
        foreach (char c in body)
            if (!(char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-')) return false;
        if (single)
        {
            if (!float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out float f)) return false;
            value = f;
            return true;
        }
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// Formats a result as <c>wasmtime run --invoke</c> does: integers as signed decimals, floats as the shortest
    /// decimal that round-trips, written out without an exponent (Rust's <c>Display</c>: <c>1</c>, <c>0.1</c>,
    /// <c>100000000000000000000</c>, <c>-0</c>, <c>NaN</c>, <c>inf</c>, <c>-inf</c>).
    /// </summary>
    internal static string FormatResult(Value v) => v.Type.Kind switch
    {
        ValKind.I32 => v.AsInt32().ToString(CultureInfo.InvariantCulture),
        ValKind.I64 => v.AsInt64().ToString(CultureInfo.InvariantCulture),
        ValKind.F32 => FormatFloat(v.AsSingle().ToString("R", CultureInfo.InvariantCulture), float.IsNaN(v.AsSingle()), float.IsInfinity(v.AsSingle()), float.IsNegative(v.AsSingle())),
        ValKind.F64 => FormatFloat(v.AsDouble().ToString("R", CultureInfo.InvariantCulture), double.IsNaN(v.AsDouble()), double.IsInfinity(v.AsDouble()), double.IsNegative(v.AsDouble())),
        ValKind.V128 => v.Vector.ToString() ?? "",
        _ => v.Ref is null ? "<null ref>" : "<ref>",
    };

    private static string FormatFloat(string roundTrip, bool nan, bool infinity, bool negative)
    {
        if (nan) return "NaN";
        if (infinity) return negative ? "-inf" : "inf";
        string s = roundTrip;
        string sign = "";
        if (s.StartsWith('-')) { sign = "-"; s = s[1..]; }
        int e = s.IndexOfAny(['E', 'e']);
        if (e < 0) return sign + s;
        int exponent = int.Parse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string mantissa = s[..e];
        int dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        string digits = dot < 0 ? mantissa : mantissa[..dot] + mantissa[(dot + 1)..];
        int pointAt = (dot < 0 ? mantissa.Length : dot) + exponent; // digits before the decimal point
        string result;
        if (pointAt <= 0) result = "0." + new string('0', -pointAt) + digits;
        else if (pointAt >= digits.Length) result = digits + new string('0', pointAt - digits.Length);
        else result = digits[..pointAt] + "." + digits[pointAt..];
        return sign + result;
    }

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
