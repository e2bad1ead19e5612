using Cilantro.Model;
using Cilantro.Runtime;

namespace Cilantro;

/// <summary>Resolves imports by module and field name, and instantiates modules.</summary>
public sealed class Linker
{
    private readonly Dictionary<(string Module, string Name), object> _items = new();

    /// <summary>Creates a linker.</summary>
    public Linker(Engine engine) => Engine = engine;

    /// <summary>The engine.</summary>
    public Engine Engine { get; }

    /// <summary>Whether a later definition may replace an earlier one with the same names (default true).</summary>
    public bool AllowShadowing { get; set; } = true;

    private void Add(string module, string name, object item)
    {
        if (!AllowShadowing && _items.ContainsKey((module, name)))
            throw new InvalidOperationException($"\"{module}\" \"{name}\" is already defined");
        _items[(module, name)] = item;
    }

    /// <summary>Defines an item: a <see cref="Function"/>, <see cref="Memory"/>, <see cref="Global"/> or <see cref="Table"/>.</summary>
    public void Define(string module, string name, object item)
    {
        object rt = item switch
        {
            Function f => f.Instance,
            Memory m => m.Instance,
            Global g => g.Instance,
            Table t => t.Instance,
            _ => throw new WasmTypeException($"cannot define a {item.GetType().Name}: expected Function, Memory, Global or Table"),
        };
        Add(module, name, rt);
    }

    /// <summary>Defines every export of <paramref name="instance"/> under the module name <paramref name="module"/>.</summary>
    public void DefineInstance(string module, Instance instance)
    {
        foreach (var kv in instance.Runtime.Exports) Add(module, kv.Key, kv.Value);
    }

    /// <summary>Defines a host function in the raw, untyped form.</summary>
    public void DefineFunction(string module, string name, FuncType type, HostFunctionCallback callback) =>
        Add(module, name, new HostFunction(type, callback, $"{module}.{name}"));

    // A typed definition keeps its delegate as well: compiled code calls it directly (the callback serves the rest).
    private void Define(string module, string name, FuncType type, Delegate typed, HostFunctionCallback callback) =>
        Add(module, name, new HostFunction(type, callback, $"{module}.{name}", typed));

    /// <summary>Defines a host function from a typed delegate.</summary>
    public void DefineFunction(string module, string name, Action f) =>
        Define(module, name, new FuncType([], []), f, (a, r) => f());
    /// <summary>Defines a host function from a typed delegate.</summary>
    public void DefineFunction<T1>(string module, string name, Action<T1> f) =>
        Define(module, name, new FuncType([Conv<T1>.Type], []), f, (a, r) => f(Conv<T1>.FromValue(a[0])));
    /// <summary>Defines a host function from a typed delegate.</summary>
    public void DefineFunction<T1, T2>(string module, string name, Action<T1, T2> f) =>
        Define(module, name, new FuncType([Conv<T1>.Type, Conv<T2>.Type], []), f,
            (a, r) => f(Conv<T1>.FromValue(a[0]), Conv<T2>.FromValue(a[1])));
    /// <summary>Defines a host function from a typed delegate.</summary>
    public void DefineFunction<T1, T2, T3>(string module, string name, Action<T1, T2, T3> f) =>
        Define(module, name, new FuncType([Conv<T1>.Type, Conv<T2>.Type, Conv<T3>.Type], []), f,
            (a, r) => f(Conv<T1>.FromValue(a[0]), Conv<T2>.FromValue(a[1]), Conv<T3>.FromValue(a[2])));
    /// <summary>Defines a host function from a typed delegate.</summary>
    public void DefineFunction<TResult>(string module, string name, Func<TResult> f) =>
        Define(module, name, new FuncType([], [Conv<TResult>.Type]), f, (a, r) => r[0] = Conv<TResult>.ToValue(f()));
    /// <summary>Defines a host function from a typed delegate, e.g. <c>(int a) =&gt; a + 1</c>.</summary>
    public void DefineFunction<T1, TResult>(string module, string name, Func<T1, TResult> f) =>
        Define(module, name, new FuncType([Conv<T1>.Type], [Conv<TResult>.Type]), f,
            (a, r) => r[0] = Conv<TResult>.ToValue(f(Conv<T1>.FromValue(a[0]))));
    /// <summary>Defines a host function from a typed delegate, e.g. <c>(int a, long b) =&gt; a + b</c>.</summary>
    public void DefineFunction<T1, T2, TResult>(string module, string name, Func<T1, T2, TResult> f) =>
        Define(module, name, new FuncType([Conv<T1>.Type, Conv<T2>.Type], [Conv<TResult>.Type]), f,
            (a, r) => r[0] = Conv<TResult>.ToValue(f(Conv<T1>.FromValue(a[0]), Conv<T2>.FromValue(a[1]))));
    /// <summary>Defines a host function from a typed delegate.</summary>
    public void DefineFunction<T1, T2, T3, TResult>(string module, string name, Func<T1, T2, T3, TResult> f) =>
        Define(module, name, new FuncType([Conv<T1>.Type, Conv<T2>.Type, Conv<T3>.Type], [Conv<TResult>.Type]), f,
            (a, r) => r[0] = Conv<TResult>.ToValue(f(Conv<T1>.FromValue(a[0]), Conv<T2>.FromValue(a[1]), Conv<T3>.FromValue(a[2]))));
    /// <summary>Defines a host function from a typed delegate.</summary>
    public void DefineFunction<T1, T2, T3, T4, TResult>(string module, string name, Func<T1, T2, T3, T4, TResult> f) =>
        Define(module, name, new FuncType([Conv<T1>.Type, Conv<T2>.Type, Conv<T3>.Type, Conv<T4>.Type], [Conv<TResult>.Type]), f,
            (a, r) => r[0] = Conv<TResult>.ToValue(f(Conv<T1>.FromValue(a[0]), Conv<T2>.FromValue(a[1]), Conv<T3>.FromValue(a[2]), Conv<T4>.FromValue(a[3]))));

    /// <summary>Instantiates <paramref name="module"/> in <paramref name="store"/>, resolving its imports here.</summary>
    /// <exception cref="LinkException">An import is missing ("unknown import") or has another type ("incompatible import type").</exception>
    /// <exception cref="TrapException">Segment initialisation or the start function trapped.</exception>
    public Instance Instantiate(Store store, Module module)
    {
        var rt = Instantiator.Instantiate(module.Definition, store.Engine.Machine,
            imp => _items.GetValueOrDefault((imp.Module, imp.Name)), store.Context, module.Name, store.Engine.Options.MaxMemoryPages);
        return new Instance(store, module, rt);
    }
}
