using System.Diagnostics;
using System.Globalization;
using Cilantro.Binary;
using Cilantro.Validation;

namespace Cilantro.Benchmarks;

/// <summary>
/// A plain stopwatch measurement for quick checks (no BenchmarkDotNet): warms up, then runs each operation
/// for about two seconds and prints the best and median MB/s.
/// </summary>
internal static class QuickRun
{
    public static int Run(string[] modules)
    {
        if (modules.Length == 0) modules = [.. Corpus.Selected()];
        foreach (string module in modules)
        {
            byte[] bytes = File.ReadAllBytes(Corpus.PathOf(module));
            var decoded = ModuleDecoder.Decode(bytes);
            Measure(module, "decode", bytes.Length, () => ModuleDecoder.Decode(bytes));
            Measure(module, "decode+validate", bytes.Length, () => ModuleValidator.Validate(ModuleDecoder.Decode(bytes)));
            Measure(module, "validate", bytes.Length, () => ModuleValidator.Validate(decoded));
        }
        return 0;
    }

    private static void Measure(string module, string what, int size, Action action)
    {
        for (int i = 0; i < 5; i++) action();
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < 2 || times.Count < 5)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        times.Sort();
        double best = times[0], median = times[times.Count / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{module} ({size / 1e6:F2} MB) {what,-16} best {size / 1e6 / best,8:F1} MB/s  median {size / 1e6 / median,8:F1} MB/s  ({times.Count} runs, median {median * 1e3:F2} ms)"));
    }
}
