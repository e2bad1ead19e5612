using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Cilantro.Model;
using Cilantro.Runtime;

namespace Cilantro;

/// <summary>A raw host function: reads <paramref name="args"/>, writes every element of <paramref name="results"/>.</summary>
/// <param name="args">The arguments, typed as the function type says.</param>
/// <param name="results">Where to put the results (one per result type).</param>
public delegate void HostFunctionCallback(ReadOnlySpan<Value> args, Span<Value> results);

/// <summary>A function: exported by an instance or defined by the host.</summary>
public sealed class Function
{
    internal Function(Store? store, FunctionInstance instance)
    {
        Store = store;
        Instance = instance;
    }

    internal Store? Store { get; }
    internal FunctionInstance Instance { get; }

    /// <summary>The function's type.</summary>
    public FuncType Type => Instance.Type;

    /// <summary>Calls the function in <paramref name="store"/>.</summary>
    /// <exception cref="WasmTypeException">Wrong number or types of arguments.</exception>
    /// <exception cref="TrapException">The guest trapped.</exception>
    public Value[] Call(Store store, params ReadOnlySpan<Value> args)
    {
        var ps = Type.Params;
        if (args.Length != ps.Length)
            throw new WasmTypeException($"function {Type} expects {ps.Length} argument(s), got {args.Length}");
        for (int i = 0; i < ps.Length; i++)
            if (!TypeMatches(args[i].Type, ps[i]))
                throw new WasmTypeException($"argument {i} of function {Type} must be {ps[i]}, got {args[i].Type}");
        var ctx = store.Context;
        int b = ctx.Top;
        int need = Math.Max(Instance.ParamSlots, Instance.ResultSlots);
        if (b + need + 16 > ctx.Capacity) throw new TrapException(TrapKind.CallStackExhausted);
        int at = b;
        for (int i = 0; i < ps.Length; i++)
        {
            ctx.WriteValue(ToInternal(args[i]), at);
            at += ps[i].SlotCount;
        }
        Instance.Invoke(ctx, b);
        var rs = Type.Results;
        var results = new Value[rs.Length];
        at = b;
        for (int i = 0; i < rs.Length; i++)
        {
            results[i] = ToPublic(ctx.ReadValue(rs[i], at), store);
            if (rs[i].IsRef) ctx.Refs[at] = null;
            at += rs[i].SlotCount;
        }
        return results;
    }

    /// <summary>Calls the function in the store it belongs to.</summary>
    public Value[] Call(params ReadOnlySpan<Value> args) =>
        Call(Store ?? throw new InvalidOperationException("this host function is not bound to a store; use Call(store, ...)"), args);

    internal static Value ToPublic(Value v, Store? store) =>
        v.Ref is FunctionInstance fi ? Value.FromRef(v.Type, new Function(store, fi)) : v;

    internal static Value ToInternal(Value v) =>
        v.Ref is Function f ? Value.FromRef(v.Type, f.Instance) : v;

    internal static bool TypeMatches(ValType actual, ValType expected) =>
        actual.Kind == expected.Kind && (!expected.IsRef || actual.Heap == expected.Heap);
}

/// <summary>A linear memory. Its bytes live outside the GC heap and move when it grows: do not keep spans across calls.</summary>
public sealed unsafe class Memory
{
    internal Memory(MemoryInstance instance) => Instance = instance;

    /// <summary>Creates a memory owned by the host (to define it in a <see cref="Linker"/>).</summary>
    /// <param name="minPages">Initial size in 64 KiB pages.</param>
    /// <param name="maxPages">Maximum size in pages, or null.</param>
    public Memory(long minPages, long? maxPages = null)
        : this(new MemoryInstance(new MemoryType(new Limits((ulong)minPages, (ulong?)maxPages)), MemoryInstance.MaxPages32)) { }

    internal MemoryInstance Instance { get; }

    /// <summary>Size in pages.</summary>
    public long Pages => Instance.Pages;

    /// <summary>Size in bytes.</summary>
    public long Length => Instance.Length;

    /// <summary>The memory type (declared limits).</summary>
    public MemoryType Type => Instance.Type;

    /// <summary>Grows by <paramref name="deltaPages"/>; returns the previous size in pages, or -1 when it cannot grow.</summary>
    public long Grow(long deltaPages) => Instance.Grow(deltaPages);

    /// <summary>The bytes (the first 2 GiB for larger memories).</summary>
    public Span<byte> GetSpan() => Instance.Span;

    /// <summary>A range of the bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside the memory.</exception>
    public Span<byte> GetSpan(long address, int length)
    {
        Check(address, length);
        return new Span<byte>(Instance.Base + address, length);
    }

    private void Check(long address, int size)
    {
        if (address < 0 || size < 0 || address + size > Instance.Length)
            throw new ArgumentOutOfRangeException(nameof(address), $"access of {size} bytes at {address} is outside the memory ({Instance.Length} bytes)");
    }

    /// <summary>Reads a value of an unmanaged type (little-endian) at <paramref name="address"/>.</summary>
    public T Read<T>(long address) where T : unmanaged
    {
        Check(address, sizeof(T));
        return Unsafe.ReadUnaligned<T>(Instance.Base + address);
    }

    /// <summary>Writes a value of an unmanaged type (little-endian) at <paramref name="address"/>.</summary>
    public void Write<T>(long address, T value) where T : unmanaged
    {
        Check(address, sizeof(T));
        Unsafe.WriteUnaligned(Instance.Base + address, value);
    }

    /// <summary>Reads a byte.</summary>
    public byte ReadByte(long address) => Read<byte>(address);
    /// <summary>Reads a little-endian 16-bit integer.</summary>
    public short ReadInt16(long address) => Read<short>(address);
    /// <summary>Reads a little-endian 32-bit integer.</summary>
    public int ReadInt32(long address) => Read<int>(address);
    /// <summary>Reads a little-endian 64-bit integer.</summary>
    public long ReadInt64(long address) => Read<long>(address);
    /// <summary>Reads a 32-bit float.</summary>
    public float ReadSingle(long address) => Read<float>(address);
    /// <summary>Reads a 64-bit float.</summary>
    public double ReadDouble(long address) => Read<double>(address);
    /// <summary>Writes a byte.</summary>
    public void WriteByte(long address, byte value) => Write(address, value);
    /// <summary>Writes a little-endian 16-bit integer.</summary>
    public void WriteInt16(long address, short value) => Write(address, value);
    /// <summary>Writes a little-endian 32-bit integer.</summary>
    public void WriteInt32(long address, int value) => Write(address, value);
    /// <summary>Writes a little-endian 64-bit integer.</summary>
    public void WriteInt64(long address, long value) => Write(address, value);
    /// <summary>Writes a 32-bit float.</summary>
    public void WriteSingle(long address, float value) => Write(address, value);
    /// <summary>Writes a 64-bit float.</summary>
    public void WriteDouble(long address, double value) => Write(address, value);

    /// <summary>Reads <paramref name="length"/> bytes of UTF-8 text.</summary>
    public string ReadString(long address, int length) => System.Text.Encoding.UTF8.GetString(GetSpan(address, length));

    /// <summary>Reads NUL-terminated UTF-8 text.</summary>
    public string ReadNullTerminatedString(long address)
    {
        Check(address, 0);
        long end = address;
        while (end < Instance.Length && Instance.Base[end] != 0) end++;
        return ReadString(address, (int)Math.Min(end - address, int.MaxValue));
    }

    /// <summary>Writes UTF-8 text; returns the number of bytes written.</summary>
    public int WriteString(long address, string value)
    {
        int n = System.Text.Encoding.UTF8.GetByteCount(value);
        System.Text.Encoding.UTF8.GetBytes(value, GetSpan(address, n));
        return n;
    }

    internal static ushort Swap(ushort v) => BinaryPrimitives.ReverseEndianness(v);
}

/// <summary>A global variable.</summary>
public sealed class Global
{
    internal Global(GlobalInstance instance) => Instance = instance;

    /// <summary>Creates a global owned by the host (to define it in a <see cref="Linker"/>).</summary>
    /// <param name="type">Value type and mutability.</param>
    /// <param name="value">Initial value, of the global's value type.</param>
    public Global(GlobalType type, Value value) : this(new GlobalInstance(type))
    {
        if (!Function.TypeMatches(value.Type, type.ValueType)) throw new WasmTypeException($"global of type {type} cannot hold {value.Type}");
        Instance.Set(Function.ToInternal(value));
    }

    internal GlobalInstance Instance { get; }

    /// <summary>The global's type.</summary>
    public GlobalType Type => Instance.Type;

    /// <summary>The current value. Setting it requires a mutable global and a value of its type.</summary>
    public Value Value
    {
        get => Function.ToPublic(Instance.Get(), null);
        set
        {
            if (!Type.Mutable) throw new WasmTypeException("the global is immutable");
            if (!Function.TypeMatches(value.Type, Type.ValueType)) throw new WasmTypeException($"global of type {Type} cannot hold {value.Type}");
            Instance.Set(Function.ToInternal(value));
        }
    }
}

/// <summary>A table of references.</summary>
public sealed class Table
{
    internal Table(TableInstance instance) => Instance = instance;

    /// <summary>Creates a table owned by the host (to define it in a <see cref="Linker"/>).</summary>
    public Table(ValType elementType, uint min, uint? max = null)
        : this(new TableInstance(new TableType(elementType, new Limits(min, max)), null)) { }

    internal TableInstance Instance { get; }

    /// <summary>The table's type.</summary>
    public TableType Type => Instance.Type;

    /// <summary>Number of elements.</summary>
    public int Length => Instance.Length;

    /// <summary>Reads an element (a <see cref="Function"/> wrapper for function references).</summary>
    public Value Get(Store store, int index)
    {
        if ((uint)index >= (uint)Instance.Length) throw new ArgumentOutOfRangeException(nameof(index));
        var r = Instance.Elements[index];
        return Value.FromRef(Type.ElementType, r is FunctionInstance f ? new Function(store, f) : r);
    }

    /// <summary>Writes an element.</summary>
    public void Set(int index, Value value)
    {
        if ((uint)index >= (uint)Instance.Length) throw new ArgumentOutOfRangeException(nameof(index));
        Instance.Elements[index] = Unwrap(value, Type.ElementType);
    }

    /// <summary>Grows by <paramref name="delta"/> elements; returns the old length or -1.</summary>
    public int Grow(uint delta, Value init) => Instance.Grow(delta, Unwrap(init, Type.ElementType));

    internal static object? Unwrap(Value v, ValType t)
    {
        if (!Function.TypeMatches(v.Type, t)) throw new WasmTypeException($"expected {t}, got {v.Type}");
        return v.Ref is Function f ? f.Instance : v.Ref;
    }
}
