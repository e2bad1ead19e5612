namespace Cilantro.Model;

/// <summary>
/// A decoded WebAssembly module: the sections of the binary format, in index-space order.
/// Produced by <see cref="Binary.ModuleDecoder"/>, checked by <see cref="Validation.ModuleValidator"/>,
/// and shared (read-only) by every engine and instance.
/// </summary>
public sealed class ModuleDefinition
{
    /// <summary>The raw bytes the module was decoded from (expressions and bodies point into them).</summary>
    public ReadOnlyMemory<byte> Bytes { get; init; }

    /// <summary>The proposals the module was decoded with; engines read its code again with the same set.</summary>
    public WasmFeatures Features { get; init; } = WasmFeatures.Default;

    /// <summary>Type section.</summary>
    public List<DefinedType> Types { get; } = [];

    /// <summary>Import section, in order.</summary>
    public List<Import> Imports { get; } = [];

    /// <summary>Type indices of the functions defined in this module (function section).</summary>
    public List<int> FunctionTypeIndices { get; } = [];

    /// <summary>Tables defined in this module.</summary>
    public List<TableDef> Tables { get; } = [];

    /// <summary>Memories defined in this module.</summary>
    public List<MemoryType> Memories { get; } = [];

    /// <summary>Globals defined in this module.</summary>
    public List<GlobalDef> Globals { get; } = [];

    /// <summary>Export section.</summary>
    public List<Export> Exports { get; } = [];

    /// <summary>Start function index, if any.</summary>
    public int? Start { get; set; }

    /// <summary>Element section.</summary>
    public List<ElementSegment> Elements { get; } = [];

    /// <summary>Data-count section, if present.</summary>
    public int? DataCount { get; set; }

    /// <summary>Code section: one body per defined function.</summary>
    public List<FunctionBody> Bodies { get; } = [];

    /// <summary>Data section.</summary>
    public List<DataSegment> Data { get; } = [];

    /// <summary>Custom sections, in order of appearance (the <c>name</c> section included).</summary>
    public List<CustomSection> CustomSections { get; } = [];

    /// <summary>The decoded <c>name</c> section, or an empty one.</summary>
    public NameSection Names { get; set; } = new();

    // Index spaces: imports first, then definitions. Computed on demand from the imports.

    /// <summary>Number of imported functions.</summary>
    public int ImportedFunctionCount => CountImports(ExternKind.Func);
    /// <summary>Number of imported tables.</summary>
    public int ImportedTableCount => CountImports(ExternKind.Table);
    /// <summary>Number of imported memories.</summary>
    public int ImportedMemoryCount => CountImports(ExternKind.Memory);
    /// <summary>Number of imported globals.</summary>
    public int ImportedGlobalCount => CountImports(ExternKind.Global);

    /// <summary>Size of the function index space.</summary>
    public int FunctionCount => ImportedFunctionCount + FunctionTypeIndices.Count;
    /// <summary>Size of the table index space.</summary>
    public int TableCount => ImportedTableCount + Tables.Count;
    /// <summary>Size of the memory index space.</summary>
    public int MemoryCount => ImportedMemoryCount + Memories.Count;
    /// <summary>Size of the global index space.</summary>
    public int GlobalCount => ImportedGlobalCount + Globals.Count;

    private int CountImports(ExternKind kind)
    {
        int n = 0;
        foreach (var i in Imports) if (i.Kind == kind) n++;
        return n;
    }

    /// <summary>The function type with the given type index, or null when out of range or not a function type.</summary>
    public FuncType? TryGetFuncType(int typeIndex) =>
        (uint)typeIndex < (uint)Types.Count ? Types[typeIndex] as FuncType : null;

    /// <summary>
    /// Parameter and result types of a block type in a validated module (an index that is not a function type, which
    /// validation rules out, reads as <c>[] -> []</c>).
    /// </summary>
    public (ValType[] Params, ValType[] Results) BlockSignature(BlockType bt)
    {
        if (bt.IsEmpty) return ([], []);
        if (bt.IsSingle) return ([], [bt.Single]);
        var ft = TryGetFuncType(bt.TypeIndex) ?? FuncType.Empty;
        return (ft.Params, ft.Results);
    }

    /// <summary>Type index of a function in the function index space (imports first).</summary>
    public int GetFunctionTypeIndex(int funcIndex)
    {
        foreach (var i in Imports)
        {
            if (i.Kind != ExternKind.Func) continue;
            if (funcIndex == 0) return i.TypeIndex;
            funcIndex--;
        }
        return FunctionTypeIndices[funcIndex];
    }

    /// <summary>Type of a table in the table index space.</summary>
    public TableType GetTableType(int tableIndex)
    {
        foreach (var i in Imports)
        {
            if (i.Kind != ExternKind.Table) continue;
            if (tableIndex == 0) return i.Table!;
            tableIndex--;
        }
        return Tables[tableIndex].Type;
    }

    /// <summary>Type of a memory in the memory index space.</summary>
    public MemoryType GetMemoryType(int memoryIndex)
    {
        foreach (var i in Imports)
        {
            if (i.Kind != ExternKind.Memory) continue;
            if (memoryIndex == 0) return i.Memory!;
            memoryIndex--;
        }
        return Memories[memoryIndex];
    }

    /// <summary>Type of a global in the global index space.</summary>
    public GlobalType GetGlobalType(int globalIndex)
    {
        foreach (var i in Imports)
        {
            if (i.Kind != ExternKind.Global) continue;
            if (globalIndex == 0) return i.Global!;
            globalIndex--;
        }
        return Globals[globalIndex].Type;
    }
}

/// <summary>An import.</summary>
public sealed class Import
{
    /// <summary>Module name.</summary>
    public required string Module { get; init; }
    /// <summary>Field name.</summary>
    public required string Name { get; init; }
    /// <summary>What is imported.</summary>
    public required ExternKind Kind { get; init; }
    /// <summary>For functions (and tags): the type index.</summary>
    public int TypeIndex { get; init; }
    /// <summary>For tables: the table type.</summary>
    public TableType? Table { get; init; }
    /// <summary>For memories: the memory type.</summary>
    public MemoryType? Memory { get; init; }
    /// <summary>For globals: the global type.</summary>
    public GlobalType? Global { get; init; }
}

/// <summary>An export.</summary>
/// <param name="Name">Export name.</param>
/// <param name="Kind">Kind of the exported item.</param>
/// <param name="Index">Index in the index space of that kind.</param>
public sealed record Export(string Name, ExternKind Kind, int Index);

/// <summary>A table defined in the module, with an optional initialiser expression (function-references proposal).</summary>
/// <param name="Type">The table type.</param>
/// <param name="Init">Initial value of every element, or null for the default null reference.</param>
public sealed record TableDef(TableType Type, ConstExpr? Init = null);

/// <summary>A global defined in the module.</summary>
/// <param name="Type">The global type.</param>
/// <param name="Init">The constant initialiser expression.</param>
public sealed record GlobalDef(GlobalType Type, ConstExpr Init);

/// <summary>
/// A constant expression (global initialisers, segment offsets, element items): the instruction bytes
/// including the final <c>end</c>, read with <see cref="Instructions.CodeReader"/>.
/// </summary>
/// <param name="Code">Instruction bytes, ending with <c>end</c> (0x0B).</param>
/// <param name="Offset">Offset of the first byte within the module.</param>
public sealed record ConstExpr(ReadOnlyMemory<byte> Code, int Offset);

/// <summary>How a segment is used.</summary>
public enum SegmentMode : byte
{
    /// <summary>Copied into a table or memory at instantiation.</summary>
    Active,
    /// <summary>Available to <c>memory.init</c> / <c>table.init</c>.</summary>
    Passive,
    /// <summary>Only declares functions for <c>ref.func</c> (element segments only).</summary>
    Declarative,
}

/// <summary>An element segment.</summary>
public sealed class ElementSegment
{
    /// <summary>Active, passive or declarative.</summary>
    public required SegmentMode Mode { get; init; }
    /// <summary>Target table (active segments).</summary>
    public int TableIndex { get; init; }
    /// <summary>Offset expression (active segments).</summary>
    public ConstExpr? Offset { get; init; }
    /// <summary>Reference type of the items.</summary>
    public required ValType ElementType { get; init; }
    /// <summary>Items as function indices (the <c>elemkind</c>/funcidx encodings), or null.</summary>
    public int[]? FunctionIndices { get; init; }
    /// <summary>Items as constant expressions (the expression encodings), or null.</summary>
    public ConstExpr[]? Expressions { get; init; }
    /// <summary>Offset of the segment within the module.</summary>
    public int SourceOffset { get; init; }

    /// <summary>Number of items.</summary>
    public int Count => FunctionIndices?.Length ?? Expressions!.Length;
}

/// <summary>A data segment.</summary>
public sealed class DataSegment
{
    /// <summary>Active or passive.</summary>
    public required SegmentMode Mode { get; init; }
    /// <summary>Target memory (active segments).</summary>
    public int MemoryIndex { get; init; }
    /// <summary>Offset expression (active segments).</summary>
    public ConstExpr? Offset { get; init; }
    /// <summary>The bytes.</summary>
    public required ReadOnlyMemory<byte> Bytes { get; init; }
    /// <summary>Offset of the segment within the module.</summary>
    public int SourceOffset { get; init; }
}

/// <summary>A run of locals of one type, as the code section encodes them.</summary>
/// <param name="Count">How many.</param>
/// <param name="Type">Their type.</param>
public readonly record struct LocalDecl(uint Count, ValType Type);

/// <summary>The body of a defined function.</summary>
public sealed class FunctionBody
{
    /// <summary>Local declarations (parameters not included).</summary>
    public required LocalDecl[] Locals { get; init; }
    /// <summary>Total number of declared locals (parameters not included).</summary>
    public required long LocalCount { get; init; }
    /// <summary>Instruction bytes, ending with the function's final <c>end</c>.</summary>
    public required ReadOnlyMemory<byte> Code { get; init; }
    /// <summary>Offset of <see cref="Code"/>'s first byte within the module.</summary>
    public required int CodeOffset { get; init; }

    /// <summary>Type of local <paramref name="index"/>, counting only declared locals (not parameters).</summary>
    public ValType GetDeclaredLocalType(long index)
    {
        foreach (var d in Locals)
        {
            if (index < d.Count) return d.Type;
            index -= d.Count;
        }
        throw new ArgumentOutOfRangeException(nameof(index));
    }
}

/// <summary>A custom section, kept as it was.</summary>
/// <param name="Name">Section name.</param>
/// <param name="Content">Section payload after the name.</param>
/// <param name="Offset">Offset of the payload within the module.</param>
public sealed record CustomSection(string Name, ReadOnlyMemory<byte> Content, int Offset);

/// <summary>The decoded <c>name</c> custom section (debug names used in traps and tools).</summary>
public sealed class NameSection
{
    /// <summary>The module's name, if given.</summary>
    public string? ModuleName { get; set; }
    /// <summary>Function names by function index.</summary>
    public Dictionary<int, string> FunctionNames { get; } = [];
    /// <summary>Local names by function index, then local index.</summary>
    public Dictionary<int, Dictionary<int, string>> LocalNames { get; } = [];
}
