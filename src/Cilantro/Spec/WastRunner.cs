namespace Cilantro.Spec;

/// <summary>Outcome of one script command.</summary>
public enum WastOutcome
{
    /// <summary>The command did what the script expects.</summary>
    Passed,
    /// <summary>It did not.</summary>
    Failed,
    /// <summary>It could not run (e.g. it needs an engine and none was given). Never counted as a pass.</summary>
    Skipped,
}

/// <summary>Result of one command.</summary>
/// <param name="Command">The command.</param>
/// <param name="Outcome">Passed, failed or skipped.</param>
/// <param name="Message">Why it failed or was skipped.</param>
public sealed record WastCommandResult(WastCommand Command, WastOutcome Outcome, string? Message);

/// <summary>Result of one script file.</summary>
/// <param name="File">The script's file name.</param>
/// <param name="Commands">Per-command results, in order.</param>
/// <param name="FatalError">Set when the script itself could not be read or parsed (then it counts as one failure).</param>
public sealed record WastFileResult(string File, IReadOnlyList<WastCommandResult> Commands, string? FatalError)
{
    /// <summary>Commands that passed.</summary>
    public int Passed => Commands.Count(c => c.Outcome == WastOutcome.Passed);
    /// <summary>Commands that failed, plus one for a fatal error.</summary>
    public int Failed => Commands.Count(c => c.Outcome == WastOutcome.Failed) + (FatalError is null ? 0 : 1);
    /// <summary>Commands skipped.</summary>
    public int Skipped => Commands.Count(c => c.Outcome == WastOutcome.Skipped);
}

/// <summary>
/// Runs WAST spec scripts against an engine. Decoding and validation are done here, once for every engine;
/// execution goes through <see cref="IWastEngine"/>. Without an engine, commands that need execution are skipped.
/// </summary>
public sealed class WastRunner
{
    /// <summary>Creates a runner.</summary>
    /// <param name="engine">The engine, or null to only decode, validate and check module assertions.</param>
    /// <param name="features">Enabled proposals (Wasm 2.0 by default).</param>
    public WastRunner(IWastEngine? engine, WasmFeatures? features = null)
    {
        Engine = engine;
        Features = features ?? WasmFeatures.Default;
    }

    /// <summary>The engine, or null.</summary>
    public IWastEngine? Engine { get; }

    /// <summary>Enabled proposals.</summary>
    public WasmFeatures Features { get; }

    /// <summary>Reads, parses and runs a script file.</summary>
    public WastFileResult RunFile(string path) => throw new NotImplementedException();

    /// <summary>Runs a parsed script.</summary>
    public WastFileResult Run(WastScript script) => throw new NotImplementedException();
}
