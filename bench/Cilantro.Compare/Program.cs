using System.Diagnostics;

namespace Cilantro.Compare;

/// <summary>Entry point: parses the options, runs the comparison, prints (and optionally writes) the report.</summary>
internal static class Program
{
    /// <summary>Returns 0 when every run was correct, 1 when some failed or printed wrong output, 2 on bad arguments.</summary>
    public static int Main(string[] args)
    {
        CompareOptions options;
        try { options = CompareOptions.Parse(args); }
        catch (FormatException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(CompareOptions.Usage);
            return 2;
        }
        if (options.Help) { Console.WriteLine(CompareOptions.Usage); return 0; }
        if (!Directory.Exists(options.Directory))
        {
            Console.Error.WriteLine($"module folder not found: {options.Directory} (use --dir)");
            return 2;
        }

        var wall = Stopwatch.StartNew();
        if (File.Exists("/proc/loadavg")) options.Notes.Add($"load average at the start of the run: {File.ReadAllText("/proc/loadavg").Trim()}");
        var results = CompareRunner.Run(options, CompareRunner.DefaultRuntimes(), Console.Error);
        results.Notes.Add($"the whole comparison took {wall.Elapsed.TotalSeconds:0} s{(options.Quick ? " (--quick)" : "")}");
        string report = "## Cilantro vs Wasmtime vs Node: sightglass\n\n" + CompareRunner.MachineDescription() + "\n\n" + results.ToMarkdown();
        Console.WriteLine(report);
        if (options.OutputFile != null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.OutputFile))!);
            File.WriteAllText(options.OutputFile, report);
        }
        return results.Cells.Values.Any(c => c.Error != null || c.Mismatch != null) ? 1 : 0;
    }
}
