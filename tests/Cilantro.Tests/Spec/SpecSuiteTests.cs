using System.Text;
using Cilantro.Spec;
using Xunit;
using Xunit.Abstractions;

namespace Cilantro.Tests.Spec;

/// <summary>One test per top-level .wast file of the Wasm 2.0 spec test suite, read in place.</summary>
public sealed class SpecSuiteTests(ITestOutputHelper output)
{
    /// <summary>Data row standing for a missing test suite folder, so that the test fails instead of vanishing.</summary>
    private const string Missing = "(test suite missing)";

    /// <summary>How many failures are listed in a test's message.</summary>
    private const int ListedFailures = 40;

    /// <summary>How many passes with a note are listed in a test's output.</summary>
    private const int ListedNotes = 10;

    /// <summary>
    /// The engines every spec script runs against, by name. An engine joins the suite by adding its factory here;
    /// every engine must pass every command (nothing skipped).
    /// </summary>
    private static readonly Dictionary<string, Func<IWastEngine>> Engines = new(StringComparer.Ordinal)
    {
        ["interpreter"] = () => new Cilantro.Interpreter.InterpreterWastEngine(),
        ["compiler"] = () => new Cilantro.Compiler.CompilerWastEngine(),
        ["aot"] = () => new Cilantro.Aot.AotWastEngine(),
    };

    /// <summary>(engine, .wast file name) pairs, or one row with <see cref="Missing"/> when there are no files.</summary>
    public static TheoryData<string, string> WastFiles()
    {
        var data = new TheoryData<string, string>();
        string dir = TestSuitePaths.WasmTestsuite;
        string[] files = Directory.Exists(dir) ? Directory.GetFiles(dir, "*.wast") : [];
        if (files.Length == 0)
        {
            data.Add("interpreter", Missing);
            return data;
        }
        Array.Sort(files, StringComparer.Ordinal);
        foreach (string engine in Engines.Keys)
        {
            foreach (string file in files)
                data.Add(engine, Path.GetFileName(file));
        }
        return data;
    }

    /// <summary>
    /// Runs one script on one engine: every command must pass; a skipped command fails the test too, since a skip
    /// is never a pass.
    /// </summary>
    [Theory]
    [MemberData(nameof(WastFiles))]
    public void Wast(string engine, string file)
    {
        if (file == Missing)
            Assert.Fail(TestSuitePaths.MissingTestsuiteMessage);

        var result = new WastRunner(Engines[engine]()).RunFile(Path.Combine(TestSuitePaths.WasmTestsuite, file));

        var report = new StringBuilder();
        report.Append(file).Append(" (engine: ").Append(engine).Append("): ")
            .Append(new WastCounts(result.Passed, result.Failed, result.Skipped)).AppendLine();
        foreach (var (kind, counts) in result.CountsByKind())
            report.Append("  ").Append(kind).Append(": ").Append(counts).AppendLine();
        int notes = 0;
        foreach (var c in result.Commands)
        {
            if (c.Outcome == WastOutcome.Passed && c.Message is not null)
                notes++;
        }
        if (notes > 0)
            report.Append("  passed with a differing text message: ").Append(notes).AppendLine();
        if (result.FatalError is not null)
            report.Append("  fatal: ").Append(result.FatalError).AppendLine();

        int listed = 0;
        foreach (var c in result.Commands)
        {
            if (c.Outcome != WastOutcome.Failed)
                continue;
            if (listed++ == ListedFailures)
            {
                report.Append("  ...").AppendLine();
                break;
            }
            report.Append("  FAILED ").Append(file).Append(':').Append(c.Command.Position).Append(' ')
                .Append(c.Command.Kind).Append(": ").Append(c.Message).AppendLine();
        }

        // A few of the passes with notes (e.g. a text-format rejection worded unlike the reference interpreter).
        int noted = 0;
        foreach (var c in result.Commands)
        {
            if (c.Outcome != WastOutcome.Passed || c.Message is null)
                continue;
            if (noted++ == ListedNotes)
                break;
            report.Append("  NOTE ").Append(file).Append(':').Append(c.Command.Position).Append(' ')
                .Append(c.Command.Kind).Append(": ").Append(c.Message).AppendLine();
        }

        output.WriteLine(report.ToString());
        Assert.True(result.Failed == 0 && result.Skipped == 0, report.ToString());
    }
}
