using System.Runtime.CompilerServices;
using Cilantro.Model;

namespace Cilantro.Validation;

/// <summary>
/// The spec's validation context <c>C</c>: the module's index spaces flattened into arrays (imports first),
/// built once per module so that instruction checks are plain array lookups.
/// </summary>
internal sealed class ValidationContext
{
    /// <summary>Sentinel for the spec's "unknown" (bottom) operand type of unreachable code.</summary>
    public static readonly ValType Bottom = new((ValKind)0xFF);

    public readonly ModuleDefinition Module;
    public readonly WasmFeatures Features;

    /// <summary>Types of the type section (null where a type index is not a function type).</summary>
    public readonly FuncType?[] Types;
    /// <summary>Function types by function index.</summary>
    public readonly FuncType[] Funcs;
    /// <summary>Table types by table index.</summary>
    public readonly TableType[] Tables;
    /// <summary>Memory types by memory index.</summary>
    public readonly MemoryType[] Memories;
    /// <summary>Global types by global index.</summary>
    public readonly GlobalType[] Globals;
    /// <summary>Element types of the element segments.</summary>
    public readonly ValType[] ElemTypes;
    /// <summary>Number of data segments known to instructions (the data count section), or -1 when absent.</summary>
    public readonly int DataCount;
    /// <summary>The spec's <c>C.refs</c>: functions that <c>ref.func</c> may name in function bodies.</summary>
    public readonly bool[] DeclaredFuncs;
    /// <summary>Number of imported globals (the globals constant expressions may read in Wasm 2.0).</summary>
    public readonly int ImportedGlobalCount;

    public ValidationContext(ModuleDefinition module, WasmFeatures features)
    {
        Module = module;
        Features = features;

        Types = new FuncType?[module.Types.Count];
        for (int i = 0; i < Types.Length; i++) Types[i] = module.Types[i] as FuncType;

        int nf = 0, nt = 0, nm = 0, ng = 0;
        foreach (var imp in module.Imports)
        {
            switch (imp.Kind)
            {
                case ExternKind.Func: nf++; break;
                case ExternKind.Table: nt++; break;
                case ExternKind.Memory: nm++; break;
                case ExternKind.Global: ng++; break;
            }
        }
        ImportedGlobalCount = ng;
        Funcs = new FuncType[nf + module.FunctionTypeIndices.Count];
        Tables = new TableType[nt + module.Tables.Count];
        Memories = new MemoryType[nm + module.Memories.Count];
        Globals = new GlobalType[ng + module.Globals.Count];
        int f = 0, t = 0, m = 0, g = 0;
        foreach (var imp in module.Imports)
        {
            switch (imp.Kind)
            {
                case ExternKind.Func:
                    Funcs[f++] = FuncTypeAt(imp.TypeIndex, -1);
                    break;
                case ExternKind.Table:
                    Tables[t++] = imp.Table ?? throw new InvalidModuleException("malformed import", -1);
                    break;
                case ExternKind.Memory:
                    Memories[m++] = imp.Memory ?? throw new InvalidModuleException("malformed import", -1);
                    break;
                case ExternKind.Global:
                    Globals[g++] = imp.Global ?? throw new InvalidModuleException("malformed import", -1);
                    break;
                default:
                    throw new InvalidModuleException("malformed import kind", -1);
            }
        }
        foreach (int ti in module.FunctionTypeIndices) Funcs[f++] = FuncTypeAt(ti, -1);
        foreach (var td in module.Tables) Tables[t++] = td.Type;
        foreach (var mt in module.Memories) Memories[m++] = mt;
        foreach (var gd in module.Globals) Globals[g++] = gd.Type;

        ElemTypes = new ValType[module.Elements.Count];
        for (int i = 0; i < ElemTypes.Length; i++) ElemTypes[i] = module.Elements[i].ElementType;
        DataCount = module.DataCount ?? -1;
        DeclaredFuncs = new bool[Funcs.Length];
    }

    /// <summary>The function type at <paramref name="index"/>, or "unknown type".</summary>
    public FuncType FuncTypeAt(long index, int offset)
    {
        if ((ulong)index < (ulong)Types.Length && Types[index] is { } ft) return ft;
        throw Error($"unknown type {index}", offset);
    }

    /// <summary>Checks that a value type is well formed (concrete heap types must name a defined type).</summary>
    public void CheckValType(ValType t, int offset)
    {
        if (t.Kind == ValKind.Ref && t.Heap.IsIndex && (uint)t.Heap.Code >= (uint)Types.Length)
            throw Error($"unknown type {t.Heap.Code}", offset);
    }

    /// <summary>Address type of a memory (i64 for memory64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ValType AddressType(MemoryType m) => m.Is64 ? ValType.I64 : ValType.I32;

    /// <summary>Address type of a table (i32 until table64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ValType AddressType(TableType t) => ValType.I32;

    /// <summary>The spec's subtyping <c>actual &lt;: expected</c>, with the bottom type matching everything.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Matches(ValType actual, ValType expected)
    {
        if (actual == expected) return true;
        return MatchesSlow(actual, expected);
    }

    private static bool MatchesSlow(ValType actual, ValType expected)
    {
        if (actual.Kind == (ValKind)0xFF || expected.Kind == (ValKind)0xFF) return true;
        if (actual.Kind != ValKind.Ref || expected.Kind != ValKind.Ref) return false;
        // Reference subtyping (typed function references): non-null below nullable, concrete function types below func.
        if (actual.Nullable && !expected.Nullable) return false;
        if (actual.Heap == expected.Heap) return true;
        return actual.Heap.IsIndex && expected.Heap == HeapType.Func;
    }

    /// <summary>Creates a validation error (not thrown here, so callers can <c>throw</c> it and keep flow analysis).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static InvalidModuleException Error(string message, int offset) => new(message, offset);
}
