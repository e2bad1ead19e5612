namespace Cilantro.Compare;

/// <summary>One benchmark module: its file, display name, working folder and expected stdout.</summary>
/// <param name="Name">Display name (the folder name for <c>benchmark.wasm</c>, the file stem otherwise).</param>
/// <param name="WasmPath">Full path of the module.</param>
/// <param name="WorkDir">Folder preopened as <c>.</c> (the module's own folder, holding its inputs).</param>
/// <param name="ExpectedStdoutPath">The <c>*.stdout.expected</c> file, or null when there is none.</param>
public sealed record BenchModule(string Name, string WasmPath, string WorkDir, string? ExpectedStdoutPath)
{
    /// <summary>Every <c>*.wasm</c> under <paramref name="dir"/> (recursively), sorted by name.</summary>
    public static List<BenchModule> Discover(string dir)
    {
        var list = new List<BenchModule>();
        foreach (var path in Directory.EnumerateFiles(dir, "*.wasm", SearchOption.AllDirectories))
        {
            string full = Path.GetFullPath(path);
            string work = Path.GetDirectoryName(full)!;
            string stem = Path.GetFileNameWithoutExtension(full);
            string name = stem == "benchmark" ? Path.GetFileName(work) : stem;
            string? expected = null;
            foreach (var candidate in new[] { stem + ".stdout.expected", "default.stdout.expected" })
            {
                string p = Path.Combine(work, candidate);
                if (File.Exists(p)) { expected = p; break; }
            }
            list.Add(new BenchModule(name, full, work, expected));
        }
        list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return list;
    }
}

/// <summary>Stdout checking.</summary>
public static class OutputCheck
{
    /// <summary>
    /// Compares <paramref name="actual"/> with the expected file's bytes. Returns null when equal (or when there is nothing
    /// to compare with), otherwise a short description of the first difference.
    /// </summary>
    public static string? Compare(string? expectedPath, byte[] actual)
    {
        if (expectedPath == null) return null;
        byte[] expected = File.ReadAllBytes(expectedPath);
        return Compare(expected, actual);
    }

    /// <summary>Compares two outputs; null when equal, otherwise where they first differ.</summary>
    public static string? Compare(byte[] expected, byte[] actual)
    {
        if (expected.AsSpan().SequenceEqual(actual)) return null;
        int i = expected.AsSpan().CommonPrefixLength(actual);
        int line = 1;
        for (int k = 0; k < i; k++) if (expected[k] == (byte)'\n') line++;
        return $"stdout differs at byte {i} (line {line}): expected {expected.Length} bytes, got {actual.Length}" +
               $" (expected \"{Snippet(expected, i)}\", got \"{Snippet(actual, i)}\")";
    }

    private static string Snippet(byte[] b, int at)
    {
        if (at >= b.Length) return "<end>";
        int n = Math.Min(24, b.Length - at);
        return System.Text.Encoding.UTF8.GetString(b, at, n).Replace("\n", "\\n").Replace("\r", "\\r");
    }
}
