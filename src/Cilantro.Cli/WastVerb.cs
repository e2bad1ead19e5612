using System.CommandLine;
using System.Globalization;
using System.Reflection;
using Cilantro.Spec;

namespace Cilantro.Cli;

/// <summary><c>cilantro wast [--engine E] [-v] FILE.wast...</c>: run spec scripts.</summary>
internal static class WastVerb
{
    private static readonly string[] EngineNames = ["interpreter", "compiler", "aot", "none"];

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "WAST spec scripts.",
            Arity = ArgumentArity.OneOrMore,
        };
        var engine = new Option<string?>("--engine", "-e")
        {
            Description = "Execution engine: interpreter (default), compiler, aot (every module compiled ahead of time, then loaded), or none (decode, validate and check module assertions only).",
            HelpName = "interpreter|compiler|aot|none",
        };
        engine.AcceptOnlyFromAmong(EngineNames);
        var verbose = new Option<bool>("--verbose", "-v")
        {
            Description = "List every failed command with its position and message.",
        };
        Program.RejectOptionLikeFiles(files);
        var command = new Command("wast", "Run WebAssembly spec scripts (.wast) and report passed, failed and skipped commands.")
        {
            files,
            engine,
            verbose,
        };
        command.SetAction(parse => Run(parse.GetValue(files) ?? [], parse.GetValue(engine), parse.GetValue(verbose), stdout, stderr));
        return command;
    }

    /// <summary>Runs the scripts and prints the report. Returns 0 when nothing failed, 1 otherwise, 70 after an internal error.</summary>
    public static int Run(IReadOnlyList<string> files, string? engineName, bool verbose, TextWriter stdout, TextWriter stderr)
    {
        IWastEngine? engine = null;
        if (engineName != "none")
        {
            string wanted = engineName ?? "interpreter";
            engine = wanted == "interpreter" ? new Cilantro.Interpreter.InterpreterWastEngine() : FindEngine(wanted);
            if (engine is null)
                stderr.WriteLine($"note: the {wanted} engine is not available yet; running without an engine (commands that need execution are skipped)");
        }

        var runner = new WastRunner(engine);
        var results = new List<(string File, WastFileResult? Result, string? InternalError)>();
        bool anyInternal = false;
        foreach (string file in files)
        {
            try
            {
                results.Add((file, runner.RunFile(file), null));
            }
            catch (Exception e)
            {
                string? expected = ModuleLoader.DescribeExpected(e);
                if (expected is not null)
                {
                    results.Add((file, new WastFileResult(file, [], expected), null));
                }
                else
                {
                    anyInternal = true;
                    results.Add((file, null, Program.Describe(e)));
                    stderr.WriteLine($"internal error while running {file}: {Program.Describe(e)}");
                    stderr.WriteLine(e.StackTrace);
                }
            }
        }
        bool anyFailed = Report(results, verbose, stdout);
        return anyInternal ? ExitCodes.InternalError : anyFailed ? ExitCodes.Failure : ExitCodes.Success;
    }

    /// <summary>
    /// Prints one line per file, one summary line per command kind, and finally the totals line
    /// <c>N passed, N failed, N skipped</c>. An internal error counts as one failure. Returns true when anything failed.
    /// </summary>
    internal static bool Report(IReadOnlyList<(string File, WastFileResult? Result, string? InternalError)> results, bool verbose, TextWriter stdout)
    {
        var kinds = new List<string>();
        var perKind = new Dictionary<string, int[]>(StringComparer.Ordinal);
        long passed = 0, failed = 0, skipped = 0;
        foreach (var (file, result, internalError) in results)
        {
            if (result is null)
            {
                failed++;
                stdout.WriteLine($"{file}: internal error: {internalError}");
                continue;
            }
            int p = 0, f = 0, s = 0;
            foreach (var c in result.Commands)
            {
                string kind = c.Command.Kind;
                if (!perKind.TryGetValue(kind, out var counts))
                {
                    counts = new int[3];
                    perKind.Add(kind, counts);
                    kinds.Add(kind);
                }
                switch (c.Outcome)
                {
                    case WastOutcome.Passed: p++; counts[0]++; break;
                    case WastOutcome.Failed: f++; counts[1]++; break;
                    default: s++; counts[2]++; break;
                }
            }
            if (result.FatalError is not null) f++;
            passed += p; failed += f; skipped += s;
            string fatal = result.FatalError is null ? "" : $" (fatal: {Program.OneLine(result.FatalError)})";
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file}: {p} passed, {f} failed, {s} skipped{fatal}"));
            if (verbose)
            {
                foreach (var c in result.Commands)
                {
                    if (c.Outcome != WastOutcome.Failed) continue;
                    stdout.WriteLine($"  {file}:{c.Command.Position}: {c.Command.Kind}: {Program.OneLine(c.Message ?? "failed")}");
                }
            }
        }
        foreach (string kind in kinds)
        {
            var c = perKind[kind];
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind}: {c[0]} passed, {c[1]} failed, {c[2]} skipped"));
        }
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{passed} passed, {failed} failed, {skipped} skipped"));
        return failed > 0;
    }

    /// <summary>
    /// Finds an engine by name among the <see cref="IWastEngine"/> implementations with a public parameterless
    /// constructor in the loaded Cilantro assemblies, or null when there is none yet.
    /// </summary>
    internal static IWastEngine? FindEngine(string name)
    {
        var assemblies = new HashSet<Assembly> { typeof(IWastEngine).Assembly };
        foreach (var a in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (a.GetName().Name?.StartsWith("Cilantro", StringComparison.Ordinal) == true) assemblies.Add(a);
        }
        foreach (var assembly in assemblies)
        {
            Type[] types;
            try { types = assembly.GetTypes(); }
            catch (ReflectionTypeLoadException e) { types = [.. e.Types.OfType<Type>()]; }
            foreach (var t in types)
            {
                if (t.IsAbstract || t.IsInterface || !typeof(IWastEngine).IsAssignableFrom(t)) continue;
                if (t.GetConstructor(Type.EmptyTypes) is null) continue;
                if (Activator.CreateInstance(t) is IWastEngine e && string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))
                    return e;
            }
        }
        return null;
    }
}
