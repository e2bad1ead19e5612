using Cilantro.Cli;
using Xunit.Abstractions;

namespace Cilantro.Tests.Cli;

/// <summary>Shared setup of the in-process CLI tests: a scratch folder per test and <see cref="Program.Run"/> with captured output.</summary>
public abstract class CliTestBase : IDisposable
{
    protected CliTestBase(ITestOutputHelper output, string prefix)
    {
        Output = output;
        Dir = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
    }

    /// <summary>The test's scratch folder, deleted afterwards.</summary>
    protected string Dir { get; }

    /// <summary>The test's log.</summary>
    protected ITestOutputHelper Output { get; }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs the CLI in process and returns its exit code and output.</summary>
    protected static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        int code = Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
