namespace Cilantro.Benchmarks;

/// <summary>
/// Finds the benchmark modules: <c>$CILANTRO_SHARED/bench/sightglass</c>, or the first <c>shared/bench/sightglass</c>
/// folder in an ancestor of the working directory or of the program's folder.
/// </summary>
public static class Corpus
{
    private static string? _sightglass;

    /// <summary>The sightglass folder.</summary>
    public static string Sightglass => _sightglass ??= FindSightglass();

    private static string FindSightglass()
    {
        string? env = Environment.GetEnvironmentVariable("CILANTRO_SHARED");
        if (!string.IsNullOrEmpty(env))
        {
            string p = Path.Combine(env, "bench", "sightglass");
            return Directory.Exists(p) ? p : throw new DirectoryNotFoundException($"CILANTRO_SHARED is set but {p} does not exist");
        }
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string p = Path.Combine(dir.FullName, "shared", "bench", "sightglass");
                if (Directory.Exists(p)) return p;
            }
        }
        throw new DirectoryNotFoundException("shared/bench/sightglass not found above the working directory; set CILANTRO_SHARED");
    }

    /// <summary>Path of a module given as <c>name</c> (a benchmark folder: its benchmark.wasm) or <c>folder/file.wasm</c>.</summary>
    public static string PathOf(string module)
    {
        string direct = Path.Combine(Sightglass, module);
        if (File.Exists(direct)) return direct;
        string bench = Path.Combine(Sightglass, module, "benchmark.wasm");
        if (File.Exists(bench)) return bench;
        throw new FileNotFoundException($"no module '{module}' under {Sightglass}");
    }

    /// <summary>Size of a module in bytes.</summary>
    public static long SizeOf(string module) => new FileInfo(PathOf(module)).Length;

    /// <summary>Size in bytes of the code section's payload (function bodies), 0 when there is none.</summary>
    public static long CodeSizeOf(string module) => CodeSectionSize(File.ReadAllBytes(PathOf(module)));

    /// <summary>Size of the code section (id 10) payload of a well-formed module.</summary>
    public static long CodeSectionSize(ReadOnlySpan<byte> m)
    {
        int pos = 8;
        while (pos < m.Length)
        {
            byte id = m[pos++];
            ulong size = 0;
            for (int shift = 0; ; shift += 7)
            {
                byte b = m[pos++];
                size |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0) break;
            }
            if (id == 10) return (long)size;
            pos += (int)size;
        }
        return 0;
    }

    /// <summary>The largest <c>*/benchmark.wasm</c>, by folder name.</summary>
    public static string Largest()
    {
        string? best = null;
        long bestSize = -1;
        foreach (var dir in Directory.GetDirectories(Sightglass))
        {
            string f = Path.Combine(dir, "benchmark.wasm");
            if (!File.Exists(f)) continue;
            long size = new FileInfo(f).Length;
            if (size > bestSize) { bestSize = size; best = Path.GetFileName(dir); }
        }
        return best ?? throw new FileNotFoundException($"no */benchmark.wasm under {Sightglass}");
    }

    /// <summary>The <c>*/benchmark.wasm</c> with the largest code section, by folder name.</summary>
    public static string LargestCode()
    {
        string? best = null;
        long bestSize = -1;
        foreach (var dir in Directory.GetDirectories(Sightglass))
        {
            string f = Path.Combine(dir, "benchmark.wasm");
            if (!File.Exists(f)) continue;
            long size = CodeSectionSize(File.ReadAllBytes(f));
            if (size > bestSize) { bestSize = size; best = Path.GetFileName(dir); }
        }
        return best ?? throw new FileNotFoundException($"no */benchmark.wasm under {Sightglass}");
    }

    /// <summary>
    /// Modules to benchmark: <c>$CILANTRO_BENCH_MODULES</c> (comma-separated), or else the largest module
    /// and the one with the largest code section (the largest file is mostly debug info).
    /// </summary>
    public static IEnumerable<string> Selected()
    {
        string? env = Environment.GetEnvironmentVariable("CILANTRO_BENCH_MODULES");
        if (!string.IsNullOrWhiteSpace(env))
            return env.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string largest = Largest(), code = LargestCode();
        return largest == code ? [largest] : [largest, code];
    }
}
