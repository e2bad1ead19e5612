using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Cilantro.Model;

namespace Cilantro.Runtime;

/// <summary>Canonical integer ids for function types, so signature checks are one integer compare.</summary>
internal static class TypeIds
{
    private static readonly ConcurrentDictionary<FuncType, int> Ids = new();
    private static int _next;

    public static int Get(FuncType t) => Ids.GetOrAdd(t, static _ => Interlocked.Increment(ref _next));
}

/// <summary>
/// A function instance. Every engine can call every function through <see cref="Invoke"/>: the arguments sit on the
/// store's value stack at <c>argBase</c> (one 64-bit slot per value, two for v128, references in the parallel
/// object array), and the callee writes its results at the same place. The callee may use every slot above.
/// </summary>
internal abstract class FunctionInstance
{
    protected FunctionInstance(FuncType type, Delegate? hostDelegate = null)
    {
        Type = type;
        HostDelegate = hostDelegate;
        TypeId = TypeIds.Get(type);
        foreach (var p in type.Params) ParamSlots += p.SlotCount;
        foreach (var r in type.Results) ResultSlots += r.SlotCount;
    }

    public FuncType Type { get; }

    // The runtime compiler's call_indirect fast path reads these three fields of a table element: the type id (a
    // field, for the emitted code to load), and, once the function is compiled code of a bound instance, its typed
    // method's entry point and that instance.
    public readonly int TypeId;
    internal nint IndirectFn;
    internal object? IndirectInstance;

    /// <summary>
    /// For a host function defined from a typed delegate, that delegate: compiled code calls it directly when its type
    /// is the one the import's signature maps to (<c>Func&lt;int, long, double&gt;</c> for <c>(i32, i64) → f64</c>), without
    /// the value stack. Null for every other function.
    /// </summary>
    public readonly Delegate? HostDelegate;

    /// <summary>The interpreter's translated code when this is a function the interpreter runs (set on first call), else null.</summary>
    public object? InterpreterCode;
    public int ParamSlots { get; }
    public int ResultSlots { get; }

    /// <summary>Calls the function with arguments at <paramref name="argBase"/> on the value stack; results replace them.</summary>
    public abstract void Invoke(ExecContext ctx, int argBase);
}

/// <summary>A function defined in a WebAssembly module, run by its instance's machine.</summary>
internal sealed class WasmFunction : FunctionInstance
{
    public WasmFunction(ModuleInstance module, int index, FuncType type) : base(type)
    {
        Module = module;
        Index = index;
    }

    public ModuleInstance Module { get; }
    /// <summary>Index in the module's function index space.</summary>
    public int Index { get; }
    /// <summary>Engine-specific compiled form (the interpreter's code, a compiled delegate, ...), set lazily.</summary>
    public object? Code;

    public IMachine Machine => Module.Machine;

    public string? Name => Module.Definition.Names.FunctionNames.GetValueOrDefault(Index);

    public override void Invoke(ExecContext ctx, int argBase) => Module.Machine.Invoke(this, ctx, argBase);
}



/// <summary>A function implemented by the host.</summary>
internal sealed class HostFunction : FunctionInstance
{
    public HostFunction(FuncType type, HostFunctionCallback callback, string? name = null, Delegate? typed = null) : base(type, typed)
    {
        Callback = callback;
        Name = name;
    }

    public HostFunctionCallback Callback { get; }
    public string? Name { get; }

    public override void Invoke(ExecContext ctx, int argBase)
    {
        var ps = Type.Params;
        var rs = Type.Results;
        // Arguments and results in a buffer on the stack (a call allocates nothing) unless there are many.
        var buffer = new ValueBuffer();
        Span<Value> values = ps.Length + rs.Length <= ValueBuffer.Length ? buffer : new Value[ps.Length + rs.Length];
        Span<Value> args = values[..ps.Length], results = values.Slice(ps.Length, rs.Length);
        int at = argBase;
        for (int i = 0; i < ps.Length; i++)
        {
            args[i] = Function.ToPublic(ctx.ReadValue(ps[i], at), null);
            at += ps[i].SlotCount;
        }
        int savedTop = ctx.Top;
        ctx.Top = argBase + Math.Max(ParamSlots, ResultSlots) + 2;
        try
        {
            Callback(args, results);
        }
        finally
        {
            ctx.Top = savedTop;
        }
        at = argBase;
        for (int i = 0; i < rs.Length; i++)
        {
            var v = results[i];
            if (v.Type.Kind != rs[i].Kind || (rs[i].IsRef && v.Type.Heap != rs[i].Heap))
                throw new WasmTypeException($"host function {Name ?? "<host>"} returned {v.Type} for result {i}, expected {rs[i]}");
            ctx.WriteValue(Function.ToInternal(v), at);
            at += rs[i].SlotCount;
        }
    }
}

/// <summary>Room for the arguments and results of most host calls.</summary>
[System.Runtime.CompilerServices.InlineArray(Length)]
internal struct ValueBuffer
{
    public const int Length = 8;
    private Value _first;
}

/// <summary>A linear memory, allocated outside the GC heap. Engines cache <see cref="Base"/> and reload it after calls.</summary>
internal sealed unsafe class MemoryInstance
{
    /// <summary>Largest number of pages a 32-bit memory can have.</summary>
    public const long MaxPages32 = 65536;

    public MemoryInstance(MemoryType type, long maxPagesLimit)
    {
        Type = type;
        long min = (long)Math.Min(type.Limits.Min, (ulong)MaxPages32);
        MaxPages = (long)Math.Min(type.Limits.Max ?? (ulong)MaxPages32, (ulong)MaxPages32);
        HostLimit = maxPagesLimit;
        if (min > maxPagesLimit) throw new TrapException(TrapKind.OutOfBoundsMemoryAccess, "memory size exceeds the host limit");
        Pages = min;
        Length = min * MemoryType.PageSize;
        Base = (byte*)NativeMemory.AllocZeroed((nuint)Math.Max(Length, 1));
    }

    public MemoryType Type { get; }
    /// <summary>Start of the memory. Changes on grow.</summary>
    public byte* Base;
    /// <summary>Length in bytes.</summary>
    public long Length;
    /// <summary>Current size in pages.</summary>
    public long Pages;
    /// <summary>Declared maximum (or 65536).</summary>
    public long MaxPages { get; }
    /// <summary>Host-imposed page limit.</summary>
    public long HostLimit { get; }

    /// <summary>Current limits, as import matching sees them.</summary>
    public Limits CurrentLimits => new((ulong)Pages, Type.Limits.Max);

    /// <summary>Grows by <paramref name="delta"/> pages; returns the old size, or -1 (never throws).</summary>
    public long Grow(long delta)
    {
        long old = Pages;
        if (delta < 0) return -1;
        if (delta == 0) return old;
        long np = old + delta;
        if (np > MaxPages || np > HostLimit) return -1;
        long newLen = np * MemoryType.PageSize;
        byte* nb;
        try
        {
            nb = (byte*)NativeMemory.Realloc(Base, (nuint)newLen);
        }
        catch (OutOfMemoryException)
        {
            return -1;
        }
        if (nb == null) return -1;
        NativeMemory.Clear(nb + Length, (nuint)(newLen - Length));
        Base = nb;
        Length = newLen;
        Pages = np;
        return old;
    }

    /// <summary>The memory as a span (only up to 2 GiB).</summary>
    public Span<byte> Span => new(Base, (int)Math.Min(Length, int.MaxValue));

    ~MemoryInstance()
    {
        NativeMemory.Free(Base);
        Base = null;
    }
}

/// <summary>A table of references.</summary>
internal sealed class TableInstance
{
    /// <summary>Largest table the runtime creates (elements).</summary>
    public const long MaxElements = 10_000_000;

    public TableInstance(TableType type, object? init)
    {
        Type = type;
        long min = (long)Math.Min(type.Limits.Min, (ulong)uint.MaxValue);
        if (min > MaxElements) throw new TrapException(TrapKind.OutOfBoundsTableAccess, "table size exceeds the host limit");
        Elements = new object?[min];
        Length = (int)min;
        if (init is not null) Array.Fill(Elements, init);
    }

    public TableType Type { get; }
    public object?[] Elements;
    public int Length;

    public Limits CurrentLimits => new((ulong)Length, Type.Limits.Max);

    /// <summary>Grows by <paramref name="delta"/> elements set to <paramref name="init"/>; returns the old size or -1.</summary>
    public int Grow(uint delta, object? init)
    {
        int old = Length;
        long n = (long)old + delta;
        ulong max = Type.Limits.Max ?? uint.MaxValue;
        if ((ulong)n > max || n > MaxElements) return -1;
        if (n > Elements.Length)
        {
            var ne = new object?[Math.Max(n, Math.Min(MaxElements, (long)Elements.Length * 2))];
            Array.Copy(Elements, ne, old);
            Elements = ne;
        }
        for (int i = old; i < n; i++) Elements[i] = init;
        Length = (int)n;
        return old;
    }
}

/// <summary>A global variable: 64-bit bits, a high half for v128, and a reference.</summary>
internal sealed class GlobalInstance
{
    public GlobalInstance(GlobalType type) => Type = type;

    public GlobalType Type { get; }
    public long Bits;
    public long Hi;
    public object? Ref;

    public Value Get() => Type.ValueType.Kind switch
    {
        ValKind.V128 => Value.FromV128(new V128((ulong)Bits, (ulong)Hi)),
        ValKind.Ref => Value.FromRef(Type.ValueType, Ref),
        _ => Value.FromBits(Type.ValueType, Bits),
    };

    public void Set(Value v)
    {
        Bits = (long)v.Bits;
        Hi = (long)v.Vector.Hi;
        if (Type.ValueType.Kind == ValKind.V128) Bits = (long)v.Vector.Lo;
        Ref = v.Ref;
    }
}

/// <summary>An instantiated module: its index spaces resolved to instances.</summary>
internal sealed class ModuleInstance
{
    public ModuleInstance(ModuleDefinition definition, IMachine machine, string? name)
    {
        Definition = definition;
        Machine = machine;
        Name = name ?? definition.Names.ModuleName;
        var types = definition.Types;
        TypeIdsByIndex = new int[types.Count];
        FuncTypes = new FuncType[types.Count];
        for (int i = 0; i < types.Count; i++)
        {
            if (types[i] is FuncType ft)
            {
                FuncTypes[i] = ft;
                TypeIdsByIndex[i] = TypeIds.Get(ft);
            }
            else FuncTypes[i] = FuncType.Empty;
        }
    }

    public ModuleDefinition Definition { get; }
    public IMachine Machine { get; }
    public string? Name { get; }
    public int[] TypeIdsByIndex { get; }
    public FuncType[] FuncTypes { get; }

    public FunctionInstance[] Functions = [];
    public TableInstance[] Tables = [];
    public MemoryInstance[] Memories
    {
        get => _memories;
        set
        {
            _memories = value;
            Memory0 = value.Length > 0 ? value[0] : null;
        }
    }

    private MemoryInstance[] _memories = [];
    public GlobalInstance[] Globals = [];
    /// <summary>Element segments as resolved references; a dropped segment is empty.</summary>
    public object?[][] ElemSegments = [];
    /// <summary>Data segments; a dropped segment is empty.</summary>
    public ReadOnlyMemory<byte>[] DataSegments = [];
    public Dictionary<string, object> Exports { get; } = new(StringComparer.Ordinal);

    /// <summary>Memory 0, or null.</summary>
    public MemoryInstance? Memory0;

    /// <summary>The interpreter's translated functions of this module's definition, when the interpreter runs it (else null).</summary>
    public Interpreter.FuncCode?[]? InterpreterCodes;
}
