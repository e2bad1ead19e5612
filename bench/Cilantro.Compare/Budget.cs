namespace Cilantro.Compare;

/// <summary>
/// The per-runtime time budget that bounds a comparison run: the first measured run of every (module, runtime) pair is
/// always made and checked; warm-ups and further repetitions are made only while the runtime's wall time so far plus the
/// expected length of the next run (the pair's last run) stays within the budget. Rows measured fewer times than asked
/// are marked in the report.
/// </summary>
/// <param name="budgetMs">Milliseconds of wall time per runtime; <see cref="double.PositiveInfinity"/> for no limit.</param>
public sealed class RunBudget(double budgetMs)
{
    private readonly Dictionary<string, double> _spent = [];
    private readonly Lock _lock = new();

    /// <summary>The budget per runtime, in milliseconds (infinite when there is none).</summary>
    public double BudgetMs { get; } = budgetMs;

    /// <summary>True when there is a limit.</summary>
    public bool Limited => !double.IsPositiveInfinity(BudgetMs);

    /// <summary>Wall time charged to <paramref name="runtime"/> so far.</summary>
    public double SpentMs(string runtime)
    {
        lock (_lock) return _spent.TryGetValue(runtime, out double s) ? s : 0;
    }

    /// <summary>Adds <paramref name="ms"/> of wall time to <paramref name="runtime"/>'s account (thread-safe: runs may overlap).</summary>
    public void Charge(string runtime, double ms)
    {
        lock (_lock) _spent[runtime] = (_spent.TryGetValue(runtime, out double s) ? s : 0) + ms;
    }

    /// <summary>
    /// Whether an optional run (a warm-up or a repetition after the first) of about <paramref name="expectedMs"/> still
    /// fits in <paramref name="runtime"/>'s budget.
    /// </summary>
    public bool Allows(string runtime, double expectedMs) => SpentMs(runtime) + Math.Max(0, expectedMs) <= BudgetMs;

    /// <summary>
    /// The rule in one place: the first measured run always happens (<paramref name="measured"/> = 0, not a warm-up);
    /// nothing happens once <paramref name="asked"/> runs are measured; anything else needs room in the budget.
    /// </summary>
    /// <param name="runtime">The runtime charged.</param>
    /// <param name="warmup">True for a warm-up run.</param>
    /// <param name="measured">Measured runs made so far for the pair.</param>
    /// <param name="asked">Measured runs asked for (<c>--reps</c>).</param>
    /// <param name="expectedMs">The pair's last run's wall time (0 when there was none).</param>
    public bool ShouldRun(string runtime, bool warmup, int measured, int asked, double expectedMs)
    {
        if (measured >= asked) return false;
        if (!warmup && measured == 0) return true;
        return Allows(runtime, expectedMs);
    }
}
