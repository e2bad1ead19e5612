using Cilantro.Model;
using Cilantro.Runtime;

namespace Cilantro;

/// <summary>An instantiated module: its exports, bound to the store it was created in.</summary>
public sealed class Instance
{
    internal Instance(Store store, Module module, ModuleInstance runtime)
    {
        Store = store;
        Module = module;
        Runtime = runtime;
    }

    /// <summary>The store.</summary>
    public Store Store { get; }

    /// <summary>The module it instantiates.</summary>
    public Module Module { get; }

    internal ModuleInstance Runtime { get; }

    /// <summary>Export names, in declaration order.</summary>
    public IEnumerable<string> ExportNames
    {
        get
        {
            foreach (var e in Module.Definition.Exports) yield return e.Name;
        }
    }

    /// <summary>The exported function <paramref name="name"/>, or null.</summary>
    public Function? TryGetFunction(string name) =>
        Runtime.Exports.TryGetValue(name, out var e) && e is FunctionInstance f ? new Function(Store, f) : null;

    /// <summary>The exported function <paramref name="name"/>.</summary>
    /// <exception cref="UnknownExportException">No function is exported under that name.</exception>
    public Function GetFunction(string name) => TryGetFunction(name) ?? throw Unknown(name, "function");

    /// <summary>The exported memory <paramref name="name"/>.</summary>
    public Memory GetMemory(string name) =>
        Runtime.Exports.TryGetValue(name, out var e) && e is MemoryInstance m ? new Memory(m) : throw Unknown(name, "memory");

    /// <summary>The exported global <paramref name="name"/>.</summary>
    public Global GetGlobal(string name) =>
        Runtime.Exports.TryGetValue(name, out var e) && e is GlobalInstance g ? new Global(g) : throw Unknown(name, "global");

    /// <summary>The exported table <paramref name="name"/>.</summary>
    public Table GetTable(string name) =>
        Runtime.Exports.TryGetValue(name, out var e) && e is TableInstance t ? new Table(t) : throw Unknown(name, "table");

    /// <summary>The export <paramref name="name"/> as a <see cref="Function"/>, <see cref="Memory"/>, <see cref="Global"/> or <see cref="Table"/>, or null.</summary>
    public object? GetExport(string name) => Runtime.Exports.TryGetValue(name, out var e) ? Wrap(Store, e) : null;

    internal static object Wrap(Store? store, object e) => e switch
    {
        FunctionInstance f => new Function(store, f),
        MemoryInstance m => new Memory(m),
        GlobalInstance g => new Global(g),
        TableInstance t => new Table(t),
        _ => e,
    };

    private UnknownExportException Unknown(string name, string kind) =>
        Runtime.Exports.TryGetValue(name, out var e)
            ? new UnknownExportException(name, $"the export is a {KindOf(e)}, not a {kind}")
            : new UnknownExportException(name, $"module {Module.Name ?? "<module>"} has no export with this name");

    private static string KindOf(object e) => e switch
    {
        FunctionInstance => "function",
        MemoryInstance => "memory",
        GlobalInstance => "global",
        _ => "table",
    };

    // Typed function access.

    private FunctionInstance Typed(string name, ValType[] ps, ValType[] rs)
    {
        var f = (TryGetFunction(name) ?? throw Unknown(name, "function")).Instance;
        var want = new FuncType(ps, rs);
        if (!f.Type.Equals(want)) throw new WasmTypeException($"export \"{name}\" has type {f.Type}, not {want}");
        return f;
    }

    /// <summary>The exported function as a typed delegate with no parameters and no results.</summary>
    public Action GetAction(string name)
    {
        var f = Typed(name, [], []);
        var ctx = Store.Context;
        return () => f.Invoke(ctx, ctx.Top);
    }

    /// <summary>The exported function as a typed delegate.</summary>
    public Action<T1> GetAction<T1>(string name)
    {
        var f = Typed(name, [Conv<T1>.Type], []);
        var ctx = Store.Context;
        return a => { int b = ctx.Top; Conv<T1>.Write(ctx, b, a); f.Invoke(ctx, b); };
    }

    /// <summary>The exported function as a typed delegate.</summary>
    public Action<T1, T2> GetAction<T1, T2>(string name)
    {
        var f = Typed(name, [Conv<T1>.Type, Conv<T2>.Type], []);
        var ctx = Store.Context;
        return (a, c) =>
        {
            int b = ctx.Top;
            Conv<T1>.Write(ctx, b, a);
            Conv<T2>.Write(ctx, b + Conv<T1>.Slots, c);
            f.Invoke(ctx, b);
        };
    }

    /// <summary>The exported function as a typed delegate.</summary>
    public Func<TResult> GetFunction<TResult>(string name)
    {
        var f = Typed(name, [], [Conv<TResult>.Type]);
        var ctx = Store.Context;
        return () => { int b = ctx.Top; f.Invoke(ctx, b); return Conv<TResult>.Read(ctx, b, Store); };
    }

    /// <summary>The exported function as a typed delegate, e.g. <c>GetFunction&lt;int, int&gt;("fib")</c>.</summary>
    public Func<T1, TResult> GetFunction<T1, TResult>(string name)
    {
        var f = Typed(name, [Conv<T1>.Type], [Conv<TResult>.Type]);
        var ctx = Store.Context;
        return a => { int b = ctx.Top; Conv<T1>.Write(ctx, b, a); f.Invoke(ctx, b); return Conv<TResult>.Read(ctx, b, Store); };
    }

    /// <summary>The exported function as a typed delegate.</summary>
    public Func<T1, T2, TResult> GetFunction<T1, T2, TResult>(string name)
    {
        var f = Typed(name, [Conv<T1>.Type, Conv<T2>.Type], [Conv<TResult>.Type]);
        var ctx = Store.Context;
        return (a, c) =>
        {
            int b = ctx.Top;
            Conv<T1>.Write(ctx, b, a);
            Conv<T2>.Write(ctx, b + Conv<T1>.Slots, c);
            f.Invoke(ctx, b);
            return Conv<TResult>.Read(ctx, b, Store);
        };
    }

    /// <summary>The exported function as a typed delegate.</summary>
    public Func<T1, T2, T3, TResult> GetFunction<T1, T2, T3, TResult>(string name)
    {
        var f = Typed(name, [Conv<T1>.Type, Conv<T2>.Type, Conv<T3>.Type], [Conv<TResult>.Type]);
        var ctx = Store.Context;
        return (a, c, d) =>
        {
            int b = ctx.Top;
            Conv<T1>.Write(ctx, b, a);
            Conv<T2>.Write(ctx, b + Conv<T1>.Slots, c);
            Conv<T3>.Write(ctx, b + Conv<T1>.Slots + Conv<T2>.Slots, d);
            f.Invoke(ctx, b);
            return Conv<TResult>.Read(ctx, b, Store);
        };
    }
}

/// <summary>Maps CLR types to WebAssembly value types for typed delegates: int, long, float, double, V128, object (externref), Function (funcref).</summary>
internal static unsafe class Conv<T>
{
    public static readonly ValType Type = Of(typeof(T));
    public static readonly int Slots = Type.SlotCount;

    public static ValType Of(Type t)
    {
        if (t == typeof(int) || t == typeof(uint)) return ValType.I32;
        if (t == typeof(long) || t == typeof(ulong)) return ValType.I64;
        if (t == typeof(float)) return ValType.F32;
        if (t == typeof(double)) return ValType.F64;
        if (t == typeof(V128)) return ValType.V128;
        if (t == typeof(Function)) return ValType.FuncRef;
        if (t == typeof(object)) return ValType.ExternRef;
        throw new WasmTypeException($"type {t} has no WebAssembly equivalent (use int, long, float, double, V128, Function or object)");
    }

    public static void Write(ExecContext ctx, int at, T v)
    {
        if (typeof(T) == typeof(int) || typeof(T) == typeof(uint)) ctx.Base[at] = System.Runtime.CompilerServices.Unsafe.As<T, int>(ref v);
        else if (typeof(T) == typeof(long) || typeof(T) == typeof(ulong)) ctx.Base[at] = System.Runtime.CompilerServices.Unsafe.As<T, long>(ref v);
        else if (typeof(T) == typeof(float)) ctx.Base[at] = System.Runtime.CompilerServices.Unsafe.As<T, uint>(ref v);
        else if (typeof(T) == typeof(double)) ctx.Base[at] = System.Runtime.CompilerServices.Unsafe.As<T, long>(ref v);
        else if (typeof(T) == typeof(V128))
        {
            var x = System.Runtime.CompilerServices.Unsafe.As<T, V128>(ref v);
            ctx.Base[at] = (long)x.Lo;
            ctx.Base[at + 1] = (long)x.Hi;
        }
        else if (v is Function f) ctx.Refs[at] = f.Instance;
        else ctx.Refs[at] = v;
    }

    public static T Read(ExecContext ctx, int at, Store? store)
    {
        long bits = ctx.Base[at];
        if (typeof(T) == typeof(int) || typeof(T) == typeof(uint) || typeof(T) == typeof(float))
        {
            int x = (int)bits;
            return System.Runtime.CompilerServices.Unsafe.As<int, T>(ref x);
        }
        if (typeof(T) == typeof(long) || typeof(T) == typeof(ulong) || typeof(T) == typeof(double))
            return System.Runtime.CompilerServices.Unsafe.As<long, T>(ref bits);
        if (typeof(T) == typeof(V128))
        {
            var x = new V128((ulong)bits, (ulong)ctx.Base[at + 1]);
            return System.Runtime.CompilerServices.Unsafe.As<V128, T>(ref x);
        }
        object? r = ctx.Refs[at];
        ctx.Refs[at] = null;
        if (r is FunctionInstance fi) r = new Function(store, fi);
        return (T)r!;
    }

    public static Value ToValue(T v) => Write(v);

    private static Value Write(T v)
    {
        if (typeof(T) == typeof(int) || typeof(T) == typeof(uint)) return Value.I32(System.Runtime.CompilerServices.Unsafe.As<T, int>(ref v));
        if (typeof(T) == typeof(long) || typeof(T) == typeof(ulong)) return Value.I64(System.Runtime.CompilerServices.Unsafe.As<T, long>(ref v));
        if (typeof(T) == typeof(float)) return Value.F32(System.Runtime.CompilerServices.Unsafe.As<T, float>(ref v));
        if (typeof(T) == typeof(double)) return Value.F64(System.Runtime.CompilerServices.Unsafe.As<T, double>(ref v));
        if (typeof(T) == typeof(V128)) return Value.FromV128(System.Runtime.CompilerServices.Unsafe.As<T, V128>(ref v));
        return Value.FromRef(Type, v);
    }

    public static T FromValue(Value v)
    {
        if (typeof(T) == typeof(int) || typeof(T) == typeof(uint) || typeof(T) == typeof(float))
        {
            int x = (int)v.Bits;
            return System.Runtime.CompilerServices.Unsafe.As<int, T>(ref x);
        }
        if (typeof(T) == typeof(long) || typeof(T) == typeof(ulong) || typeof(T) == typeof(double))
        {
            long x = (long)v.Bits;
            return System.Runtime.CompilerServices.Unsafe.As<long, T>(ref x);
        }
        if (typeof(T) == typeof(V128))
        {
            var x = v.Vector;
            return System.Runtime.CompilerServices.Unsafe.As<V128, T>(ref x);
        }
        return (T)v.Ref!;
    }
}
