using System.Globalization;
using System.Text;

namespace Cilantro.Compare;

/// <summary>The outcome of one module under one runtime.</summary>
public sealed class Cell
{
    /// <summary>The measured runs (empty when skipped or failed).</summary>
    public IReadOnlyList<RunSample> Samples { get; init; } = [];
    /// <summary>Why the pair was not run, or null.</summary>
    public string? Skipped { get; init; }
    /// <summary>The error that stopped the run, or null.</summary>
    public string? Error { get; init; }
    /// <summary>The stdout mismatch (or bad exit code), or null when the output was right.</summary>
    public string? Mismatch { get; init; }

    /// <summary>Measured runs asked for (0: as many as were made).</summary>
    public int Requested { get; init; }

    /// <summary>True when measured (and correct) fewer times than asked: the runtime's budget ran out.</summary>
    public bool Short => Ok && Samples.Count < Requested;

    /// <summary>True when measured and correct.</summary>
    public bool Ok => Skipped == null && Error == null && Mismatch == null && Samples.Count > 0;

    /// <summary>Median of the start→end spans.</summary>
    public double SpanMedian => Stats.Median(Samples.Select(s => s.SpanMs));
    /// <summary>Median of the whole runs.</summary>
    public double TotalMedian => Stats.Median(Samples.Select(s => s.TotalMs));
}

/// <summary>Median, spread and geometric mean.</summary>
public static class Stats
{
    /// <summary>The median (mean of the middle two for even counts); NaN when empty or when any value is NaN.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var v = values.ToArray();
        if (v.Length == 0 || v.Any(double.IsNaN)) return double.NaN;
        Array.Sort(v);
        int n = v.Length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /// <summary>Half the range relative to the median, in percent (0 for fewer than two values).</summary>
    public static double SpreadPercent(IEnumerable<double> values)
    {
        var v = values.ToArray();
        if (v.Length < 2) return 0;
        double med = Median(v);
        if (double.IsNaN(med) || med <= 0) return double.NaN;
        return (v.Max() - v.Min()) / 2 / med * 100;
    }

    /// <summary>The geometric mean of positive finite values; NaN when there are none.</summary>
    public static double GeoMean(IEnumerable<double> values)
    {
        double sum = 0; int n = 0;
        foreach (var x in values)
        {
            if (!(x > 0) || double.IsInfinity(x)) continue;
            sum += Math.Log(x); n++;
        }
        return n == 0 ? double.NaN : Math.Exp(sum / n);
    }
}

/// <summary>All results of a comparison run, and their markdown rendering.</summary>
public sealed class CompareResults
{
    /// <summary>Runtime names, in column order; the first is the baseline when <see cref="Baseline"/> names it.</summary>
    public List<string> Runtimes { get; } = [];
    /// <summary>Module names, in row order.</summary>
    public List<string> Modules { get; } = [];
    /// <summary>Results by (module, runtime).</summary>
    public Dictionary<(string Module, string Runtime), Cell> Cells { get; } = [];
    /// <summary>The runtime ratios are taken to (normally <c>wasmtime</c>).</summary>
    public string Baseline { get; set; } = "wasmtime";
    /// <summary>
    /// Start→end spans of the baseline shorter than this (ms) are timer noise (e.g. <c>noop</c>): such modules get no
    /// span ratio and stay out of the span geomean.
    /// </summary>
    public double MinBaselineSpanMs { get; set; } = 0.1;
    /// <summary>Notes printed under the tables.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>The geometric mean over modules of runtime/baseline ratios, for the chosen measure.</summary>
    public double GeoMeanRatio(string runtime, bool span)
    {
        var ratios = new List<double>();
        foreach (var m in Modules)
        {
            double r = Ratio(m, runtime, span);
            if (!double.IsNaN(r)) ratios.Add(r);
        }
        return Stats.GeoMean(ratios);
    }

    /// <summary>runtime/baseline median for one module; NaN when either is missing or wrong.</summary>
    public double Ratio(string module, string runtime, bool span)
    {
        if (!Cells.TryGetValue((module, runtime), out var c) || !c.Ok) return double.NaN;
        if (!Cells.TryGetValue((module, Baseline), out var b) || !b.Ok) return double.NaN;
        double x = span ? c.SpanMedian : c.TotalMedian, y = span ? b.SpanMedian : b.TotalMedian;
        if (span && y < MinBaselineSpanMs) return double.NaN;
        return x > 0 && y > 0 ? x / y : double.NaN;
    }

    /// <summary>A markdown table for one measure (span or whole run).</summary>
    public string Table(bool span)
    {
        bool hasBaseline = Runtimes.Contains(Baseline);
        var sb = new StringBuilder();
        sb.Append("| module |");
        foreach (var r in Runtimes)
        {
            sb.Append(' ').Append(r).Append(" (ms) |");
            if (hasBaseline && r != Baseline) sb.Append(" ×").Append(Baseline).Append(" |");
        }
        sb.AppendLine();
        sb.Append("|---|");
        foreach (var r in Runtimes)
        {
            sb.Append("---:|");
            if (hasBaseline && r != Baseline) sb.Append("---:|");
        }
        sb.AppendLine();
        foreach (var m in Modules)
        {
            sb.Append("| ").Append(m).Append(" |");
            foreach (var r in Runtimes)
            {
                sb.Append(' ').Append(CellText(m, r, span)).Append(" |");
                if (hasBaseline && r != Baseline) sb.Append(' ').Append(FormatRatio(Ratio(m, r, span))).Append(" |");
            }
            sb.AppendLine();
        }
        if (hasBaseline)
        {
            sb.Append("| **geomean** |");
            foreach (var r in Runtimes)
            {
                if (r == Baseline) { sb.Append(" 1 |"); continue; }
                int n = Modules.Count(m => !double.IsNaN(Ratio(m, r, span)));
                sb.Append(" (").Append(n).Append(" modules) |");
                sb.Append(" **").Append(FormatRatio(GeoMeanRatio(r, span))).Append("** |");
            }
            sb.AppendLine();
        }
        return sb.ToString();
    }

    private string CellText(string module, string runtime, bool span)
    {
        if (!Cells.TryGetValue((module, runtime), out var c)) return "–";
        if (c.Skipped != null) return "skipped";
        if (c.Error != null) return "**error**";
        var values = c.Samples.Select(s => span ? s.SpanMs : s.TotalMs).ToArray();
        string t = FormatMs(Stats.Median(values));
        if (values.Length > 1) t += " ±" + Stats.SpreadPercent(values).ToString("0", CultureInfo.InvariantCulture) + "%";
        if (c.Short) t += $" ({values.Length}/{c.Requested})";
        if (c.Mismatch != null) t += " **wrong output**";
        return t;
    }

    /// <summary>Milliseconds with three significant digits (at least integer precision above 100).</summary>
    public static string FormatMs(double ms) => double.IsNaN(ms) ? "n/a"
        : ms >= 100 ? ms.ToString("0", CultureInfo.InvariantCulture)
        : ms >= 10 ? ms.ToString("0.0", CultureInfo.InvariantCulture)
        : ms.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A ratio such as <c>12.3</c>, or <c>–</c> when NaN.</summary>
    public static string FormatRatio(double r) => double.IsNaN(r) ? "–"
        : r >= 100 ? r.ToString("0", CultureInfo.InvariantCulture)
        : r >= 10 ? r.ToString("0.0", CultureInfo.InvariantCulture)
        : r.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>The whole report: both tables, the geomean summary, and the notes.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine("### bench.start → bench.end (the benchmark's own work), median ms");
        sb.AppendLine();
        sb.Append(Table(span: true));
        sb.AppendLine();
        sb.AppendLine("### whole run (load, compile, instantiate, run), median ms");
        sb.AppendLine();
        sb.Append(Table(span: false));
        if (Runtimes.Contains(Baseline))
        {
            sb.AppendLine();
            sb.AppendLine($"### geometric mean of ratios to {Baseline} (lower is better)");
            sb.AppendLine();
            foreach (var r in Runtimes)
                if (r != Baseline)
                    sb.AppendLine($"- {r}: {FormatRatio(GeoMeanRatio(r, true))}× (start→end), {FormatRatio(GeoMeanRatio(r, false))}× (whole run)");
        }
        var notes = new List<string>(Notes);
        var tiny = Modules.Where(m => Cells.TryGetValue((m, Baseline), out var b) && b.Ok && b.SpanMedian < MinBaselineSpanMs).ToList();
        if (tiny.Count > 0)
            notes.Add($"{string.Join(", ", tiny)}: {Baseline}'s start→end span is under {MinBaselineSpanMs} ms (nothing measurable between bench.start and bench.end), so these have no span ratio and are not in the start→end geomean");
        foreach (var r in Runtimes)
        {
            var shortRows = Modules.Where(m => Cells.TryGetValue((m, r), out var c) && c.Short).ToList();
            if (shortRows.Count > 0)
                notes.Add(shortRows.Count == Modules.Count
                    ? $"{r}: every module measured fewer times than asked (its budget was spent; marked (n/asked))"
                    : $"{r}: {shortRows.Count} of {Modules.Count} modules measured fewer times than asked (its budget was spent; marked (n/asked)): {string.Join(", ", shortRows)}");
        }
        foreach (var m in Modules)
            foreach (var r in Runtimes)
                if (Cells.TryGetValue((m, r), out var c))
                {
                    if (c.Skipped != null) notes.Add($"{m} on {r}: {c.Skipped}");
                    if (c.Error != null) notes.Add($"{m} on {r}: error: {c.Error}");
                    if (c.Mismatch != null) notes.Add($"{m} on {r}: {c.Mismatch}");
                }
        if (notes.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("### notes");
            sb.AppendLine();
            foreach (var n in notes) sb.Append("- ").AppendLine(n);
        }
        return sb.ToString();
    }
}
