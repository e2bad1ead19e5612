using BenchmarkDotNet.Running;

namespace Cilantro.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench/Cilantro.Benchmarks -- --filter '*'</c>
/// (BenchmarkDotNet's usual arguments; <c>--job short</c> for a quick run).
/// <c>--quick</c> instead times decode and decode+validate with a plain stopwatch and prints MB/s.
/// </summary>
public static class Program
{
    /// <summary>Runs the benchmarks.</summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--quick")
            return QuickRun.Run(args.Length > 1 ? args[1..] : []);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
