using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Cilantro.Benchmarks;

/// <summary>
/// Throughput in MB/s (10^6 bytes per second of mean time) of the <c>Module</c> parameter: of the whole file,
/// or of its code section only (custom sections such as DWARF debug info can dominate a file and flatter the first).
/// </summary>
/// <param name="codeOnly">Count only the code section's bytes.</param>
public sealed class ThroughputColumn(bool codeOnly) : IColumn
{
    /// <inheritdoc/>
    public string Id => nameof(ThroughputColumn) + (codeOnly ? ".Code" : ".File");
    /// <inheritdoc/>
    public string ColumnName => codeOnly ? "Code MB/s" : "File MB/s";
    /// <inheritdoc/>
    public bool AlwaysShow => true;
    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;
    /// <inheritdoc/>
    public int PriorityInCategory => codeOnly ? 1 : 0;
    /// <inheritdoc/>
    public bool IsNumeric => true;
    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;
    /// <inheritdoc/>
    public string Legend => codeOnly
        ? "Code-section bytes (10^6) per second, from the mean time"
        : "Module file bytes (10^6) per second, from the mean time";

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (stats is null || stats.Mean <= 0) return "NA";
        if (benchmarkCase.Parameters["Module"] is not string module) return "NA";
        double seconds = stats.Mean / 1e9;
        long bytes = codeOnly ? Corpus.CodeSizeOf(module) : Corpus.SizeOf(module);
        return (bytes / 1e6 / seconds).ToString("F1", CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;
    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

/// <summary>
/// Base of the benchmarks that process whole sightglass modules: the <c>Module</c> parameter (<see cref="Corpus.Selected"/>),
/// its bytes, the File/Code MB/s columns and the memory diagnoser.
/// </summary>
[Config(typeof(Config))]
public abstract class ModuleThroughputBenchmarks
{
    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(new ThroughputColumn(codeOnly: false), new ThroughputColumn(codeOnly: true));
            AddDiagnoser(MemoryDiagnoser.Default);
        }
    }

    /// <summary>The module's bytes (after <see cref="LoadModule"/>).</summary>
    protected byte[] Bytes { get; private set; } = [];

    /// <summary>The module: a sightglass benchmark folder name.</summary>
    [ParamsSource(nameof(Modules))]
    public string Module { get; set; } = "";

    /// <summary>Candidate modules.</summary>
    public static IEnumerable<string> Modules() => Corpus.Selected();

    /// <summary>Reads the module's file into <see cref="Bytes"/>.</summary>
    protected void LoadModule() => Bytes = File.ReadAllBytes(Corpus.PathOf(Module));
}
