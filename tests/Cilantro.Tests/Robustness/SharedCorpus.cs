namespace Cilantro.Tests.Robustness;

/// <summary>
/// Locates the shared test corpora (never copied into the repository): <c>$CILANTRO_SHARED</c> when set,
/// otherwise the first <c>shared</c> folder next to the repository root or one of its ancestors
/// (<c>../shared</c> for a checkout, <c>../../shared</c> for a worktree under <c>wt/</c>).
/// </summary>
internal static class SharedCorpus
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The shared folder; throws with an explanation when it cannot be found.</summary>
    public static string Path => Root.Value;

    /// <summary>The sightglass benchmark folder.</summary>
    public static string Sightglass => Require(System.IO.Path.Combine(Path, "bench", "sightglass"));

    /// <summary>Every sightglass module (<c>*/*.wasm</c>), smallest first, as (display name, full path).</summary>
    public static IReadOnlyList<(string Name, string File)> SightglassModules()
    {
        var list = new List<(string, string, long)>();
        foreach (var dir in Directory.GetDirectories(Sightglass))
        {
            foreach (var file in Directory.GetFiles(dir, "*.wasm"))
            {
                string name = System.IO.Path.GetFileName(dir) + "/" + System.IO.Path.GetFileName(file);
                list.Add((name, file, new FileInfo(file).Length));
            }
        }
        if (list.Count == 0)
            throw new InvalidOperationException($"no *.wasm modules under {Sightglass}: the shared corpus is incomplete");
        list.Sort((a, b) => a.Item3 != b.Item3 ? a.Item3.CompareTo(b.Item3) : string.CompareOrdinal(a.Item1, b.Item1));
        return list.ConvertAll(x => (x.Item1, x.Item2));
    }

    /// <summary>
    /// Multiplier for the number of mutants (and the time limits), from <c>$CILANTRO_FUZZ_SCALE</c>; 1 by default.
    /// Larger values also admit larger inputs. For deeper local runs, e.g. <c>CILANTRO_FUZZ_SCALE=20</c>.
    /// </summary>
    public static int FuzzScale { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("CILANTRO_FUZZ_SCALE"), out int s) && s > 0 ? s : 1;

    /// <summary>The repository root (the folder holding Cilantro.slnx).</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Cilantro.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"cannot find the repository root (Cilantro.slnx) above {AppContext.BaseDirectory}");
    }

    private static string FindRoot()
    {
        string? env = Environment.GetEnvironmentVariable("CILANTRO_SHARED");
        if (!string.IsNullOrEmpty(env))
        {
            if (Directory.Exists(env)) return env;
            throw new InvalidOperationException($"CILANTRO_SHARED is set to '{env}', which does not exist");
        }
        string repo = RepoRoot();
        for (var dir = Directory.GetParent(repo); dir is not null; dir = dir.Parent)
        {
            string candidate = System.IO.Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(System.IO.Path.Combine(candidate, "bench", "sightglass"))) return candidate;
        }
        throw new InvalidOperationException(
            $"shared test corpus not found: expected {System.IO.Path.GetFullPath(System.IO.Path.Combine(repo, "..", "shared"))} " +
            "(with bench/sightglass inside) or the CILANTRO_SHARED environment variable");
    }

    private static string Require(string dir) =>
        Directory.Exists(dir) ? dir : throw new InvalidOperationException($"shared test corpus incomplete: {dir} does not exist");
}
