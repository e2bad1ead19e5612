using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace Cilantro.Cli;

/// <summary>Exit codes of the <c>cilantro</c> command.</summary>
public static class ExitCodes
{
    /// <summary>Everything succeeded.</summary>
    public const int Success = 0;
    /// <summary>The input was rejected (invalid module, failed script command, unreadable file).</summary>
    public const int Failure = 1;
    /// <summary>The command line itself was wrong (unknown command or option, missing argument).</summary>
    public const int Usage = 2;
    /// <summary>An unexpected exception escaped: a bug in Cilantro (EX_SOFTWARE of sysexits.h).</summary>
    public const int InternalError = 70;
}

/// <summary>Entry point of the <c>cilantro</c> command-line tool.</summary>
public static class Program
{
    /// <summary>Process entry point.</summary>
    public static int Main(string[] args)
    {
        int code = Run(args, Console.Out, Console.Error);
        Console.Out.Flush();
        Console.Error.Flush();
        return code;
    }

    /// <summary>
    /// Runs the command line in-process, writing to the given streams instead of the console.
    /// Returns the exit code (see <see cref="ExitCodes"/>).
    /// </summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var root = BuildRootCommand(stdout, stderr);
            ParseResult parse = root.Parse(args);
            if (parse.Action is ParseErrorAction)
            {
                ReportUsageErrors(parse, stderr);
                return ExitCodes.Usage;
            }
            var config = new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            };
            return parse.Invoke(config);
        }
        catch (Exception e)
        {
            return ReportInternalError(e, stderr);
        }
    }

    /// <summary>Prints an unexpected exception as an internal error and returns <see cref="ExitCodes.InternalError"/>.</summary>
    internal static int ReportInternalError(Exception e, TextWriter stderr)
    {
        stderr.WriteLine($"internal error: {Describe(e)}");
        stderr.WriteLine(e.StackTrace);
        return ExitCodes.InternalError;
    }

    /// <summary><c>Type: message</c> of an exception, on one line.</summary>
    internal static string Describe(Exception e) => $"{e.GetType().FullName}: {OneLine(e.Message)}";

    /// <summary>Collapses line breaks so that every report stays on one line.</summary>
    internal static string OneLine(string s) => s.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ');

    private static RootCommand BuildRootCommand(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Cilantro: a WebAssembly runtime for .NET.") { HelpName = "cilantro" };
        root.Add(ValidateVerb.Create(stdout, stderr));
        root.Add(WastVerb.Create(stdout, stderr));
        root.Add(InspectVerb.Create(stdout, stderr));
        root.Add(RunVerb.Create(stdout, stderr));
        root.Add(CompileVerb.Create(stdout, stderr));
        return root;
    }

    /// <summary>
    /// Rejects file arguments that look like options (<c>--frobnicate</c>): System.CommandLine would otherwise
    /// take an unknown option as a file name. Existing files are accepted whatever their name.
    /// </summary>
    internal static void RejectOptionLikeFiles(Argument argument)
    {
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.Length > 1 && token.Value[0] == '-' && !File.Exists(token.Value))
                    result.AddError($"Unrecognized option '{token.Value}'.");
            }
        });
    }

    private static void ReportUsageErrors(ParseResult parse, TextWriter stderr)
    {
        foreach (var error in parse.Errors)
            stderr.WriteLine($"cilantro: error: {error.Message}");
        string path = CommandPath(parse.CommandResult);
        stderr.WriteLine($"Run '{path} --help' for usage.");
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is CommandResult c)
                names.Add(c.Command is RootCommand ? "cilantro" : c.Command.Name);
        }
        names.Reverse();
        return string.Join(' ', names);
    }
}
