using System.CommandLine;
using System.Text;
using Cilantro.Wasi;

namespace Cilantro.Cli;

/// <summary><c>cilantro run [--dir HOST[::GUEST]] [--env K=V] FILE [ARGS...]</c>: run a WASI command.</summary>
internal static class RunVerb
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("FILE") { Description = "A WASI command module (.wasm or .wat) exporting _start." };
        var args = new Argument<string[]>("ARGS")
        {
            Description = "Arguments for the program (after the module; use -- before arguments that start with '-').",
            Arity = ArgumentArity.ZeroOrMore,
        };
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
        Program.RejectOptionLikeFiles(file);
        var command = new Command("run", "Run a WASI (preview 1) command on the interpreter; exits with the program's exit code.")
        {
            file, args, dirs, env,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(args) ?? [], parse.GetValue(dirs) ?? [],
            parse.GetValue(env) ?? [], stdout, stderr));
        return command;
    }

    /// <summary>Runs the command; returns its exit code, or 1 when it cannot be loaded, linked or it traps.</summary>
    public static int Run(string file, string[] args, string[] dirs, string[] env, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var engine = new Engine();
            byte[] binary = ModuleLoader.LoadBinary(file, null);
            var module = Module.FromBytes(engine, binary, Path.GetFileNameWithoutExtension(file));
            bool hasStart = false;
            foreach (var export in module.Definition.Exports)
                if (export.Name == "_start" && export.Kind == Cilantro.Model.ExternKind.Func) hasStart = true;
            if (!hasStart) throw new CliException("the module exports no _start function (not a WASI command)");
            var config = new WasiConfiguration().WithArgs([Path.GetFileName(file), .. args]);
            foreach (string e in env)
            {
                int eq = e.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) throw new CliException($"--env expects NAME=VALUE, got '{e}'");
                config.WithEnv(e[..eq], e[(eq + 1)..]);
            }
            foreach (string d in dirs)
            {
                int sep = d.IndexOf("::", StringComparison.Ordinal);
                string host = sep < 0 ? d : d[..sep], guest = sep < 0 ? d : d[(sep + 2)..];
                if (!Directory.Exists(host)) throw new CliException($"--dir: no such directory '{host}'");
                config.WithPreopenedDirectory(host, guest);
            }
            using var outStream = new TextWriterStream(stdout);
            using var errStream = new TextWriterStream(stderr);
            if (ReferenceEquals(stdout, Console.Out) && ReferenceEquals(stderr, Console.Error)) config.WithInheritedStdio();
            else config.WithStdout(outStream).WithStderr(errStream);
            var linker = new Linker(engine);
            // Sightglass benchmarks bracket their measured region with bench.start/bench.end: no-ops here.
            foreach (var import in module.Definition.Imports)
            {
                if (import.Module == "bench" && import.Kind == Cilantro.Model.ExternKind.Func && import.Name is "start" or "end")
                    linker.DefineFunction("bench", import.Name, () => { });
            }
            int code = WasiLinker.RunCommand(module, config, linker);
            outStream.Flush();
            errStream.Flush();
            return code;
        }
        catch (TrapException e)
        {
            stdout.Flush();
            stderr.WriteLine($"{file}: trap: {Program.OneLine(e.Message)}");
            return ExitCodes.Failure;
        }
        catch (Exception e) when (ModuleLoader.DescribeExpected(e) is { } expected)
        {
            stderr.WriteLine($"{file}: {expected}");
            return ExitCodes.Failure;
        }
    }

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
