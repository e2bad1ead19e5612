using Cilantro.Cli;
using Xunit;

namespace Cilantro.Tests.Robustness;

/// <summary>Runs <c>cilantro validate</c> once, in-process, over a few hundred damaged modules written to disk.</summary>
public sealed class CliMutationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cilantro-mutants-" + Guid.NewGuid().ToString("N"));

    public CliMutationTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void ValidateReportsEveryMutantOnOneLineWithoutInternalErrors()
    {
        var modules = SharedCorpus.SightglassModules()
            .Where(m => new FileInfo(m.File).Length <= 48 * 1024)
            .Take(6)
            .ToList();
        Assert.NotEmpty(modules);
        var files = new List<string>();
        int seed = 7000;
        foreach (var (name, path) in modules)
        {
            byte[] bytes = File.ReadAllBytes(path);
            var mutants = Mutator.Edits(name, bytes, 30, seed++).Concat(Mutator.Truncations(name, bytes, 10, seed++).Where((_, i) => i % 6 == 0));
            foreach (var m in mutants)
            {
                string file = Path.Combine(_dir, $"m{files.Count:D4}.wasm");
                File.WriteAllBytes(file, m.Bytes);
                files.Add(file);
            }
        }
        Assert.True(files.Count >= 300, $"only {files.Count} mutant files");

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(["validate", .. files], stdout, stderr);

        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        var internalErrors = lines.Where(l => l.Contains("internal error", StringComparison.Ordinal)).Take(10).ToList();
        Assert.True(internalErrors.Count == 0, "internal errors:\n" + string.Join("\n", internalErrors) + "\n" + stderr);
        Assert.Equal(files.Count, lines.Count);
        for (int i = 0; i < files.Count; i++)
        {
            Assert.StartsWith(files[i] + ": ", lines[i], StringComparison.Ordinal);
            string verdict = lines[i][(files[i].Length + 2)..];
            Assert.True(verdict == "ok" || verdict.StartsWith("malformed module: ", StringComparison.Ordinal) ||
                        verdict.StartsWith("invalid module: ", StringComparison.Ordinal), lines[i]);
        }
        bool anyBad = lines.Any(l => !l.EndsWith(": ok", StringComparison.Ordinal));
        Assert.Equal(anyBad ? ExitCodes.Failure : ExitCodes.Success, code);
    }
}
