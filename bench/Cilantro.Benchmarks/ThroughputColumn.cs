using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Cilantro.Benchmarks;

/// <summary>Throughput in MB/s (10^6 bytes of module per second of mean time), from the <c>Module</c> parameter's size.</summary>
public sealed class ThroughputColumn : IColumn
{
    /// <inheritdoc/>
    public string Id => nameof(ThroughputColumn);
    /// <inheritdoc/>
    public string ColumnName => "MB/s";
    /// <inheritdoc/>
    public bool AlwaysShow => true;
    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;
    /// <inheritdoc/>
    public int PriorityInCategory => 0;
    /// <inheritdoc/>
    public bool IsNumeric => true;
    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;
    /// <inheritdoc/>
    public string Legend => "Module bytes (10^6) processed per second, from the mean time";

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (stats is null || stats.Mean <= 0) return "NA";
        if (benchmarkCase.Parameters["Module"] is not string module) return "NA";
        double seconds = stats.Mean / 1e9;
        return (Corpus.SizeOf(module) / 1e6 / seconds).ToString("F1", CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;
    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
