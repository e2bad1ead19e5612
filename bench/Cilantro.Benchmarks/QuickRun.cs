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
            long code = Corpus.CodeSectionSize(bytes);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{module}: {bytes.Length / 1e6:F3} MB, code section {code / 1e6:F3} MB"));
            Measure("decode", bytes.Length, code, () => ModuleDecoder.Decode(bytes));
            Measure("decode+validate", bytes.Length, code, () => ModuleValidator.Validate(ModuleDecoder.Decode(bytes)));
            Measure("validate", bytes.Length, code, () => ModuleValidator.Validate(decoded));
        }
        return 0;
    }

    private static void Measure(string what, long size, long code, Action action)
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
            $"  {what,-16} file: best {size / 1e6 / best,7:F1} MB/s, median {size / 1e6 / median,7:F1} MB/s;  code: best {code / 1e6 / best,7:F1} MB/s, median {code / 1e6 / median,7:F1} MB/s  ({times.Count} runs, median {median * 1e3:F2} ms)"));
    }
}
