using System.CommandLine;

namespace Cilantro.Cli;

/// <summary><c>cilantro validate FILE...</c>: decode and validate modules, one report line per file.</summary>
internal static class ValidateVerb
{
    /// <summary>Test seam: called with each file name before it is processed (used to simulate a bug).</summary>
    internal static Action<string>? FaultInjection { get; set; }

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "WebAssembly modules: binary (.wasm) or text (.wat).",
            Arity = ArgumentArity.OneOrMore,
        };
        Program.RejectOptionLikeFiles(files);
        var command = new Command("validate", "Decode and validate WebAssembly modules; prints 'FILE: ok' or the first error for each.")
        {
            files,
        };
        command.SetAction(parse => Run(parse.GetValue(files) ?? [], stdout, stderr));
        return command;
    }

    /// <summary>Validates every file; returns 0 when all are valid, 1 otherwise, 70 after an internal error.</summary>
    public static int Run(IReadOnlyList<string> files, TextWriter stdout, TextWriter stderr)
    {
        bool anyInvalid = false, anyInternal = false;
        foreach (string file in files)
        {
            try
            {
                FaultInjection?.Invoke(file);
                ModuleLoader.LoadAndValidate(file, null);
                stdout.WriteLine($"{file}: ok");
            }
            catch (Exception e)
            {
                string? expected = ModuleLoader.DescribeExpected(e);
                if (expected is not null)
                {
                    anyInvalid = true;
                    stdout.WriteLine($"{file}: {expected}");
                }
                else
                {
                    anyInternal = true;
                    stdout.WriteLine($"{file}: internal error: {Program.Describe(e)}");
                    stderr.WriteLine($"internal error while validating {file}: {Program.Describe(e)}");
                    stderr.WriteLine(e.StackTrace);
                }
            }
        }
        return anyInternal ? ExitCodes.InternalError : anyInvalid ? ExitCodes.Failure : ExitCodes.Success;
    }
}
