using System.Text;
using Cilantro.Compiler;
using Cilantro.Spec;
using Cilantro.Tests.Spec;
using Xunit;

namespace Cilantro.Tests.Compiler;

/// <summary>The spec suite on the compiler engine: one test per top-level .wast file, like <see cref="SpecSuiteTests"/>.</summary>
public sealed class CompilerSpecSuiteTests
{
    [Theory]
    [MemberData(nameof(SpecSuiteTests.WastFiles), MemberType = typeof(SpecSuiteTests))]
    public void Wast(string file)
    {
        string path = Path.Combine(TestSuitePaths.WasmTestsuite, file);
        if (!File.Exists(path)) Assert.Fail(TestSuitePaths.MissingTestsuiteMessage);
        var result = new WastRunner(new CompilerWastEngine()).RunFile(path);
        if (result.Failed == 0 && result.Skipped == 0 && result.FatalError is null) return;
        var report = new StringBuilder();
        report.Append(file).Append(": ").Append(new WastCounts(result.Passed, result.Failed, result.Skipped)).AppendLine();
        if (result.FatalError is not null) report.Append("  fatal: ").Append(result.FatalError).AppendLine();
        int listed = 0;
        foreach (var c in result.Commands)
        {
            if (c.Outcome != WastOutcome.Failed) continue;
            if (listed++ == 40) break;
            report.Append("  FAILED ").Append(file).Append(':').Append(c.Command.Position).Append(' ')
                .Append(c.Command.Kind).Append(": ").Append(c.Message).AppendLine();
        }
        Assert.Fail(report.ToString());
    }
}
