namespace Cilantro.Aot;

/// <summary>Settings of an ahead-of-time compilation (<see cref="AotCompiler.Compile"/>).</summary>
public sealed record AotOptions
{
    /// <summary>
    /// Optimisation level, 0 to 3 (the CLI maps <c>s</c> and <c>z</c> to a level). Part of the cache key. Levels 0 to 2
    /// emit the same IL (the CLI adds ReadyToRun from level 2); level 3 marks every function
    /// <see cref="System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization"/>, so RyuJIT compiles it
    /// fully optimised on first call instead of tier 0 first (such methods are left out of a ReadyToRun image).
    /// </summary>
    public int OptimizationLevel { get; init; } = 2;

    /// <summary>Enabled WebAssembly proposals; the engine that loads the code must use the same set. Part of the cache key.</summary>
    public WasmFeatures Features { get; init; } = WasmFeatures.Default;

    /// <summary>When set, <see cref="AotResult.Il"/> holds the generated IL as text.</summary>
    public bool DumpIl { get; init; }

    /// <summary>
    /// Simple name of the generated assembly (e.g. the output file name without <c>.dll</c>, which a project
    /// referencing the assembly needs to match), or null for <c>Cilantro.Precompiled.</c> plus the first 16 digits
    /// of the key. Not part of the key.
    /// </summary>
    public string? AssemblyName { get; init; }
}

/// <summary>Progress of an ahead-of-time compilation.</summary>
/// <param name="Stage">What is being done (e.g. <c>decode</c>, <c>compile</c>, <c>save</c>).</param>
/// <param name="Done">Units of the stage done so far.</param>
/// <param name="Total">Units of the stage in all.</param>
public readonly record struct AotProgress(string Stage, int Done, int Total);
