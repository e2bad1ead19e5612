namespace Cilantro.Compare;

/// <summary>Command-line settings of the comparison runner.</summary>
public sealed class CompareOptions
{
    /// <summary>Folder searched (recursively) for <c>*.wasm</c> benchmark modules.</summary>
    public string Directory { get; set; } = DefaultDirectory();
    /// <summary>Measured repetitions per module and runtime.</summary>
    public int Repetitions { get; set; } = 5;
    /// <summary>Unmeasured warm-up runs per module and runtime before the measured ones.</summary>
    public int Warmup { get; set; }
    /// <summary>Quick mode: <see cref="QuickRepetitions"/> repetitions within a <see cref="QuickBudgetSeconds"/> budget per runtime unless given.</summary>
    public bool Quick { get; set; }
    /// <summary>Only runtimes whose name contains one of these (case-insensitive); empty means all.</summary>
    public List<string> Runtimes { get; } = [];
    /// <summary>Only modules whose name contains one of these (case-insensitive); empty means all.</summary>
    public List<string> Modules { get; } = [];
    /// <summary>Extra <c>runtime:module</c> pairs to skip (substring match on both parts).</summary>
    public List<string> Skips { get; } = [];
    /// <summary>File the markdown report is also written to, or null.</summary>
    public string? OutputFile { get; set; }
    /// <summary>Free text added to the report's notes (e.g. about machine load).</summary>
    public List<string> Notes { get; } = [];
    /// <summary>
    /// Wall time per runtime, in milliseconds, for warm-ups and repetitions after each module's first run (see
    /// <see cref="RunBudget"/>); infinite (no limit) unless given or <c>--quick</c>.
    /// </summary>
    public double BudgetMs { get; set; } = double.PositiveInfinity;
    /// <summary>Repetitions asked for in quick mode unless <c>--reps</c> is given.</summary>
    public const int QuickRepetitions = 3;
    /// <summary>The per-runtime budget in quick mode unless <c>--budget</c> is given, in seconds.</summary>
    public const int QuickBudgetSeconds = 40;
    /// <summary>
    /// Runs made at the same time (one worker thread each). 1 (the default) measures on a machine otherwise idle;
    /// <c>--quick</c> uses every core, up to <see cref="QuickJobs"/>, trading precision for time.
    /// </summary>
    public int Jobs { get; set; } = 1;
    /// <summary>The most runs at a time in quick mode unless <c>--jobs</c> is given.</summary>
    public const int QuickJobs = 2;
    /// <summary>When true, only the usage text is printed.</summary>
    public bool Help { get; set; }

    /// <summary>The usage text.</summary>
    public const string Usage = """
        Cilantro.Compare: runs the sightglass benchmark modules under every Cilantro engine (and compiled ahead
        of time), Wasmtime and Node.js, checks their output and prints markdown tables.
        options:
          --dir PATH          folder with the *.wasm modules (default ../shared/bench/sightglass, found upwards from here)
          --reps N            measured repetitions per module and runtime (default 5)
          --warmup N          unmeasured warm-up runs before them (default 0)
          --budget S          wall-time budget per runtime, in seconds: every module runs at least once under every
                              runtime (and its output is checked); warm-ups and further repetitions only while the
                              runtime's time so far plus the pair's last run fits in S (default: no limit)
          --jobs N            runs made at the same time, one per core (default 1: runs never overlap); the
                              longest modules (by the baseline's time) start first
          --quick             --reps 3 --budget 40 --jobs min(2, cores) unless given otherwise (rows measured fewer
                              times than asked are marked in the report)
          --runtime NAME      only runtimes whose name contains NAME (repeatable)
          --module NAME       only modules whose name contains NAME (repeatable)
          --skip RT:MODULE    skip a runtime/module pair (substring match; repeatable)
          --out FILE          also write the markdown report to FILE
          --note TEXT         add a line to the report's notes (repeatable)
          -h, --help          this text
        """;

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <exception cref="FormatException">An unknown option, a missing value or a bad number.</exception>
    public static CompareOptions Parse(IReadOnlyList<string> args)
    {
        var o = new CompareOptions();
        bool repsGiven = false, budgetGiven = false, jobsGiven = false;
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            string Value()
            {
                if (i + 1 >= args.Count) throw new FormatException($"option {a} needs a value");
                return args[++i];
            }
            int Number()
            {
                string v = Value();
                if (!int.TryParse(v, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n))
                    throw new FormatException($"option {a} needs a non-negative number, not '{v}'");
                return n;
            }
            switch (a)
            {
                case "--dir": o.Directory = Value(); break;
                case "--reps":
                    o.Repetitions = Number(); repsGiven = true;
                    if (o.Repetitions < 1) throw new FormatException("option --reps needs at least 1");
                    break;
                case "--warmup": o.Warmup = Number(); break;
                case "--quick": o.Quick = true; break;
                case "--jobs":
                    o.Jobs = Number(); jobsGiven = true;
                    if (o.Jobs < 1) throw new FormatException("option --jobs needs at least 1");
                    break;
                case "--budget": o.BudgetMs = Number() * 1000.0; budgetGiven = true; break;
                case "--runtime": o.Runtimes.Add(Value()); break;
                case "--module": o.Modules.Add(Value()); break;
                case "--skip":
                    string s = Value();
                    if (!s.Contains(':')) throw new FormatException($"option --skip needs RUNTIME:MODULE, not '{s}'");
                    o.Skips.Add(s); break;
                case "--out": o.OutputFile = Value(); break;
                case "--note": o.Notes.Add(Value()); break;
                case "-h" or "--help": o.Help = true; break;
                default: throw new FormatException($"unknown option '{a}'");
            }
        }
        if (o.Quick && !repsGiven) o.Repetitions = QuickRepetitions;
        if (o.Quick && !budgetGiven) o.BudgetMs = QuickBudgetSeconds * 1000.0;
        if (o.Quick && !jobsGiven) o.Jobs = Math.Clamp(Environment.ProcessorCount, 1, QuickJobs);
        return o;
    }

    /// <summary>True when <paramref name="runtime"/> passes the <c>--runtime</c> filter.</summary>
    public bool WantsRuntime(string runtime) => Matches(Runtimes, runtime);

    /// <summary>True when <paramref name="module"/> passes the <c>--module</c> filter.</summary>
    public bool WantsModule(string module) => Matches(Modules, module);

    /// <summary>The reason a pair is skipped, or null when it runs.</summary>
    public string? SkipReason(string runtime, string module)
    {
        foreach (var s in Skips)
            if (PairMatches(s, runtime, module)) return $"skipped by --skip {s}";
        return null;
    }

    private static bool PairMatches(string pattern, string runtime, string module)
    {
        int c = pattern.IndexOf(':');
        string r = pattern[..c], m = pattern[(c + 1)..];
        return runtime.Contains(r, StringComparison.OrdinalIgnoreCase) && module.Contains(m, StringComparison.OrdinalIgnoreCase);
    }

    private static bool Matches(List<string> filters, string name)
    {
        if (filters.Count == 0) return true;
        foreach (var f in filters)
            if (name.Contains(f, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private static string DefaultDirectory()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "shared", "bench", "sightglass");
            if (System.IO.Directory.Exists(candidate)) return candidate;
        }
        return Path.GetFullPath(Path.Combine("..", "shared", "bench", "sightglass"));
    }
}
