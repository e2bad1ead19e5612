using System.Diagnostics;
using Cilantro.Binary;
using Cilantro.Validation;
using Xunit;
using Xunit.Abstractions;

namespace Cilantro.Tests.Robustness;

/// <summary>
/// Decoding and validation of damaged real modules may only fail with the documented exceptions
/// (<see cref="MalformedModuleException"/>, <see cref="InvalidModuleException"/>), never with a .NET
/// exception that betrays a bug, and never hang. Every mutation is deterministic and named, so a failure
/// message is enough to reproduce it.
/// </summary>
public sealed class MutationTests(ITestOutputHelper output)
{
    /// <summary>Modules up to this size get many mutations each.</summary>
    private static readonly int SmallModuleLimit = 64 * 1024 * SharedCorpus.FuzzScale;

    /// <summary>Time limit for one batch; a hang shows up as a failure naming the mutant in progress.</summary>
    private static readonly TimeSpan BatchTimeout = TimeSpan.FromSeconds(45 * SharedCorpus.FuzzScale);

    private static byte[] Load(string file) => File.ReadAllBytes(file);

    /// <summary>Small modules (many variants each) and the two smallest larger ones (fewer variants).</summary>
    private static (List<(string Name, byte[] Bytes)> Small, List<(string Name, byte[] Bytes)> Large) Corpus()
    {
        var small = new List<(string, byte[])>();
        var large = new List<(string, byte[])>();
        foreach (var (name, file) in SharedCorpus.SightglassModules())
        {
            long size = new FileInfo(file).Length;
            if (size <= SmallModuleLimit) small.Add((name, Load(file)));
            else if (large.Count < 2) large.Add((name, Load(file)));
        }
        return (small, large);
    }

    [Fact]
    public void TruncatedModulesOnlyThrowDocumentedExceptions()
    {
        var (small, large) = Corpus();
        IEnumerable<Mutant> Mutants()
        {
            int seed = 1;
            foreach (var (name, bytes) in small)
                foreach (var m in Mutator.Truncations(name, bytes, 25 * SharedCorpus.FuzzScale, seed++)) yield return m;
            foreach (var (name, bytes) in large)
                foreach (var m in Mutator.Truncations(name, bytes, 25 * SharedCorpus.FuzzScale, seed++)) yield return m;
        }
        RunBatch(Mutants(), minimumCount: 1000);
    }

    [Fact]
    public void EditedModulesOnlyThrowDocumentedExceptions()
    {
        var (small, large) = Corpus();
        IEnumerable<Mutant> Mutants()
        {
            int seed = 1000;
            foreach (var (name, bytes) in small)
                foreach (var m in Mutator.Edits(name, bytes, 100 * SharedCorpus.FuzzScale, seed++)) yield return m;
            foreach (var (name, bytes) in large)
                foreach (var m in Mutator.Edits(name, bytes, 50 * SharedCorpus.FuzzScale, seed++)) yield return m;
        }
        RunBatch(Mutants(), minimumCount: 1500);
    }

    [Fact]
    public void CorpusModulesDecodeAndValidate()
    {
        var failures = new List<string>();
        foreach (var (name, file) in SharedCorpus.SightglassModules())
        {
            try
            {
                var module = ModuleDecoder.Decode(Load(file));
                ModuleValidator.Validate(module);
            }
            catch (Exception e)
            {
                failures.Add($"{name}: {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, "corpus modules rejected:\n" + string.Join("\n", failures));
    }

    /// <summary>Outcome of one decode+validate: null when fine, else a description of the unexpected exception.</summary>
    internal static string? Check(byte[] bytes, out string outcome)
    {
        try
        {
            var module = ModuleDecoder.Decode(bytes);
            ModuleValidator.Validate(module);
            outcome = "valid";
            return null;
        }
        catch (MalformedModuleException)
        {
            outcome = "malformed";
            return null;
        }
        catch (InvalidModuleException)
        {
            outcome = "invalid";
            return null;
        }
        catch (Exception e)
        {
            outcome = "bug";
            string frame = e.StackTrace?.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
            return $"{e.GetType().FullName}: {e.Message} {frame}";
        }
    }

    private void RunBatch(IEnumerable<Mutant> mutants, int minimumCount)
    {
        var failures = new Dictionary<string, (int Count, string Example)>();
        var outcomes = new Dictionary<string, int>();
        int total = 0;
        string current = "(none)";
        Exception? generatorError = null;
        var sw = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var thread = new Thread(() =>
        {
            try
            {
                foreach (var m in mutants)
                {
                    Volatile.Write(ref current, m.Name);
                    string? bug = Check(m.Bytes, out string outcome);
                    outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                    total++;
                    if (bug is null) continue;
                    // Group by exception type and throwing frame; keep the first example.
                    string key = bug.Length > 300 ? bug[..300] : bug;
                    failures[key] = failures.TryGetValue(key, out var f) ? (f.Count + 1, f.Example) : (1, m.Name);
                }
            }
            catch (Exception e)
            {
                generatorError = e;
            }
        }, 16 * 1024 * 1024)
        { IsBackground = true, Name = "mutation batch" };
        thread.Start();
        bool finished = thread.Join(BatchTimeout);
        Assert.True(finished, $"mutation batch did not finish in {BatchTimeout.TotalSeconds} s (hang?); working on: {Volatile.Read(ref current)}; done {total}");
        Assert.Null(generatorError);
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        output.WriteLine($"{total} mutants in {sw.Elapsed.TotalSeconds:F1} s (process CPU {cpu.TotalSeconds:F1} s): " +
            string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Value} {o.Key}")));
        Assert.True(total >= minimumCount, $"only {total} mutants generated (expected at least {minimumCount})");
        Assert.True(failures.Count == 0,
            $"{failures.Values.Sum(f => f.Count)} of {total} mutants escaped with undocumented exceptions:\n" +
            string.Join("\n", failures.Take(20).Select(f => $"  [{f.Value.Count}x] {f.Key}\n      e.g. {f.Value.Example}")));
    }
}
