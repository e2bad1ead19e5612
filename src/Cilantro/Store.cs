using Cilantro.Runtime;

namespace Cilantro;

/// <summary>
/// Holds the execution state of instances: the value stack and call depth. Use a store from one thread at a time;
/// a trap leaves it usable.
/// </summary>
public sealed class Store
{
    /// <summary>Creates a store.</summary>
    public Store(Engine engine)
    {
        Engine = engine;
        Context = new ExecContext(engine.Options.ValueStackSlots, engine.Options.MaxCallDepth);
    }

    /// <summary>The engine.</summary>
    public Engine Engine { get; }

    /// <summary>Optional data for the embedder.</summary>
    public object? Data { get; set; }

    internal ExecContext Context { get; }
}
