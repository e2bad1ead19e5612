namespace Cilantro.Aot;

/// <summary>Settings of an ahead-of-time compilation (<see cref="AotCompiler.Compile"/>).</summary>
public sealed record AotOptions
{
    /// <summary>Optimisation level, 0 to 3 (the CLI maps <c>s</c> and <c>z</c> to a level). Part of the cache key.</summary>
    public int OptimizationLevel { get; init; } = 2;

    /// <summary>Enabled WebAssembly proposals; the engine that loads the code must use the same set. Part of the cache key.</summary>
    public WasmFeatures Features { get; init; } = WasmFeatures.Default;

    /// <summary>When set, <see cref="AotResult.Il"/> holds the generated IL as text.</summary>
    public bool DumpIl { get; init; }
}

/// <summary>Progress of an ahead-of-time compilation.</summary>
/// <param name="Stage">What is being done (e.g. <c>decode</c>, <c>compile</c>, <c>save</c>).</param>
/// <param name="Done">Units of the stage done so far.</param>
/// <param name="Total">Units of the stage in all.</param>
public readonly record struct AotProgress(string Stage, int Done, int Total);
