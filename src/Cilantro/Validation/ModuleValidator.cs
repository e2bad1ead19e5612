using Cilantro.Model;

namespace Cilantro.Validation;

/// <summary>
/// Validates a decoded module as the spec's validation algorithm does (WebAssembly 2.0, plus the post-2.0
/// features enabled in <see cref="WasmFeatures"/> where the model already carries them: multi-memory,
/// memory64 address types, extended constant expressions). Errors are <see cref="InvalidModuleException"/>s
/// whose <see cref="WasmException.SpecMessage"/> is the reference interpreter's wording ("type mismatch",
/// "unknown global 3", ...); the few structural problems only a code walk finds (a body without its final
/// <c>end</c>, <c>else</c> outside <c>if</c>, a data index without a data count section) are
/// <see cref="MalformedModuleException"/>s, as in the binary format.
/// </summary>
/// <remarks>
/// Extension points for later proposals: <see cref="ValidationContext.Matches"/> is the one subtyping test
/// (typed function references, GC); memory, table and segment offsets take their address type from the
/// memory or table type (memory64, table64); constant expressions get the number of globals they may read
/// (imported ones in 2.0, preceding ones in 3.0); function bodies are typed from the opcode table, so new
/// plain operators need no validator change, and new control instructions are one case each in
/// <c>FunctionValidator.Special</c>.
/// </remarks>
public static class ModuleValidator
{
    /// <summary>Largest number of 64 KiB pages of a 32-bit memory.</summary>
    private const ulong MaxPages32 = 65536;
    /// <summary>Largest number of 64 KiB pages of a 64-bit memory (2^48 pages = 2^64 bytes).</summary>
    private const ulong MaxPages64 = 1UL << 48;
    /// <summary>Largest table size.</summary>
    private const ulong MaxTableSize = 0xFFFF_FFFFUL;

    /// <summary>
    /// Implementation limit on the parameters, and separately the results, of a function type (the value the
    /// JS API and the common engines use). The validation algorithm costs time proportional to signature
    /// sizes at every call, branch and block; the limit keeps crafted modules from making validation quadratic.
    /// </summary>
    public const int MaxFunctionParamsOrResults = 1000;

    /// <summary>Validates <paramref name="module"/>. Throws <see cref="InvalidModuleException"/> when it is not valid.</summary>
    /// <param name="module">The decoded module.</param>
    /// <param name="features">Enabled proposals (default: WebAssembly 2.0).</param>
    public static void Validate(ModuleDefinition module, WasmFeatures? features = null) =>
        ValidateWithInfo(module, features);

    /// <summary>
    /// Validates <paramref name="module"/> and returns facts found on the way that engines may reuse.
    /// Throws <see cref="InvalidModuleException"/> when the module is not valid.
    /// </summary>
    /// <param name="module">The decoded module.</param>
    /// <param name="features">Enabled proposals (default: WebAssembly 2.0).</param>
    public static ValidationInfo ValidateWithInfo(ModuleDefinition module, WasmFeatures? features = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        features ??= WasmFeatures.Default;

        // Types: value types inside function types must be well formed.
        var ctx = new ValidationContext(module, features);
        foreach (var t in module.Types)
        {
            if (t is FuncType ft)
            {
                foreach (var p in ft.Params) ctx.CheckValType(p, -1);
                foreach (var r in ft.Results) ctx.CheckValType(r, -1);
                if (ft.Results.Length > 1 && !features.MultiValue) throw ValidationContext.Error("invalid result arity", -1);
                if (ft.Params.Length > MaxFunctionParamsOrResults)
                    throw ValidationContext.Error($"too many parameters (implementation limit {MaxFunctionParamsOrResults})", -1);
                if (ft.Results.Length > MaxFunctionParamsOrResults)
                    throw ValidationContext.Error($"too many results (implementation limit {MaxFunctionParamsOrResults})", -1);
            }
        }

        // Imports (function type indices were resolved when building the context).
        foreach (var imp in module.Imports)
        {
            switch (imp.Kind)
            {
                case ExternKind.Table:
                    CheckTableType(ctx, imp.Table!);
                    break;
                case ExternKind.Memory:
                    CheckMemoryType(imp.Memory!);
                    break;
                case ExternKind.Global:
                    ctx.CheckValType(imp.Global!.ValueType, -1);
                    if (imp.Global.Mutable && !features.MutableGlobals)
                        throw ValidationContext.Error("mutable globals cannot be imported", -1);
                    break;
            }
        }

        var constExprs = new ConstExprValidator(ctx);

        // Exports declare function references too (C.refs); collect them before any ref.func check.
        foreach (var e in module.Exports)
            if (e.Kind == ExternKind.Func && (uint)e.Index < (uint)ctx.Funcs.Length) ctx.DeclaredFuncs[e.Index] = true;
        foreach (var seg in module.Elements)
            if (seg.FunctionIndices is { } fis)
                foreach (int fi in fis)
                    if ((uint)fi < (uint)ctx.Funcs.Length) ctx.DeclaredFuncs[fi] = true;

        // Globals: in Wasm 2.0 initialisers may read imported globals only.
        foreach (var g in module.Globals)
        {
            ctx.CheckValType(g.Type.ValueType, -1);
            constExprs.Validate(g.Init, g.Type.ValueType, ctx.ImportedGlobalCount);
        }

        // Tables and memories.
        foreach (var t in module.Tables)
        {
            CheckTableType(ctx, t.Type);
            if (t.Init is { } init) constExprs.Validate(init, t.Type.ElementType, ctx.ImportedGlobalCount);
        }
        foreach (var m in module.Memories) CheckMemoryType(m);
        if (!features.MultiMemory && ctx.Memories.Length > 1)
            throw ValidationContext.Error("multiple memories", -1);
        if (!features.ReferenceTypes && ctx.Tables.Length > 1)
            throw ValidationContext.Error("multiple tables", -1);

        // Element segments.
        foreach (var seg in module.Elements)
        {
            var et = seg.ElementType;
            ctx.CheckValType(et, seg.SourceOffset);
            if (et.Kind != ValKind.Ref) throw ValidationContext.Error("type mismatch", seg.SourceOffset);
            if (seg.FunctionIndices is { } fis)
            {
                if (!ValidationContext.Matches(ValType.FuncRef, et)) throw ValidationContext.Error("type mismatch", seg.SourceOffset);
                foreach (int fi in fis)
                    if ((uint)fi >= (uint)ctx.Funcs.Length) throw ValidationContext.Error($"unknown function {(uint)fi}", seg.SourceOffset);
            }
            else if (seg.Expressions is { } exprs)
            {
                foreach (var e in exprs) constExprs.Validate(e, et, ctx.ImportedGlobalCount);
            }
            if (seg.Mode == SegmentMode.Active)
            {
                if ((uint)seg.TableIndex >= (uint)ctx.Tables.Length)
                    throw ValidationContext.Error($"unknown table {(uint)seg.TableIndex}", seg.SourceOffset);
                var table = ctx.Tables[seg.TableIndex];
                if (seg.Offset is null) throw ValidationContext.Error("type mismatch", seg.SourceOffset);
                constExprs.Validate(seg.Offset, ValidationContext.AddressType(table), ctx.ImportedGlobalCount);
                if (!ValidationContext.Matches(et, table.ElementType)) throw ValidationContext.Error("type mismatch", seg.SourceOffset);
            }
        }

        // Data segments.
        foreach (var seg in module.Data)
        {
            if (seg.Mode != SegmentMode.Active) continue;
            if ((uint)seg.MemoryIndex >= (uint)ctx.Memories.Length)
                throw ValidationContext.Error($"unknown memory {(uint)seg.MemoryIndex}", seg.SourceOffset);
            if (seg.Offset is null) throw ValidationContext.Error("type mismatch", seg.SourceOffset);
            constExprs.Validate(seg.Offset, ValidationContext.AddressType(ctx.Memories[seg.MemoryIndex]), ctx.ImportedGlobalCount);
        }

        // Function bodies.
        int imported = ctx.Funcs.Length - module.FunctionTypeIndices.Count;
        if (module.Bodies.Count != module.FunctionTypeIndices.Count)
            throw new MalformedModuleException("function and code section have inconsistent lengths", -1);
        var maxHeights = new int[module.Bodies.Count];
        var maxDepths = new int[module.Bodies.Count];
        var fv = new FunctionValidator(ctx);
        for (int i = 0; i < module.Bodies.Count; i++)
        {
            maxHeights[i] = fv.Validate(ctx.Funcs[imported + i], module.Bodies[i]);
            maxDepths[i] = fv.MaxControlDepth;
        }

        // Start function.
        if (module.Start is int start)
        {
            if ((uint)start >= (uint)ctx.Funcs.Length) throw ValidationContext.Error($"unknown function {(uint)start}", -1);
            var st = ctx.Funcs[start];
            if (st.Params.Length != 0 || st.Results.Length != 0) throw ValidationContext.Error("start function", -1);
        }

        // Exports.
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in module.Exports)
        {
            uint idx = (uint)e.Index;
            switch (e.Kind)
            {
                case ExternKind.Func:
                    if (idx >= (uint)ctx.Funcs.Length) throw ValidationContext.Error($"unknown function {idx}", -1);
                    break;
                case ExternKind.Table:
                    if (idx >= (uint)ctx.Tables.Length) throw ValidationContext.Error($"unknown table {idx}", -1);
                    break;
                case ExternKind.Memory:
                    if (idx >= (uint)ctx.Memories.Length) throw ValidationContext.Error($"unknown memory {idx}", -1);
                    break;
                case ExternKind.Global:
                    if (idx >= (uint)ctx.Globals.Length) throw ValidationContext.Error($"unknown global {idx}", -1);
                    if (ctx.Globals[idx].Mutable && !features.MutableGlobals)
                        throw ValidationContext.Error("mutable globals cannot be exported", -1);
                    break;
                default:
                    throw ValidationContext.Error("malformed export kind", -1);
            }
            if (!names.Add(e.Name)) throw ValidationContext.Error("duplicate export name", -1);
        }

        return new ValidationInfo(maxHeights, maxDepths);
    }

    /// <summary>
    /// For engines' translators: a walker that replays the validator over the bodies of an already validated
    /// module, exposing the operand types before each instruction (e.g. whether a <c>drop</c> or <c>select</c>
    /// moves a v128), the stack height and reachability. Use <see cref="FunctionValidator.Begin(int)"/>, then
    /// read each instruction with a <see cref="Instructions.CodeReader"/>, query, and <see cref="FunctionValidator.Step"/> it.
    /// </summary>
    internal static FunctionValidator CreateWalker(ModuleDefinition module, WasmFeatures? features = null)
    {
        var ctx = new ValidationContext(module, features ?? WasmFeatures.Default);
        Array.Fill(ctx.DeclaredFuncs, true); // the module is valid: every ref.func was declared
        return new FunctionValidator(ctx);
    }

    private static void CheckTableType(ValidationContext ctx, TableType t)
    {
        ctx.CheckValType(t.ElementType, -1);
        if (t.ElementType.Kind != ValKind.Ref) throw ValidationContext.Error("type mismatch", -1);
        CheckLimits(t.Limits, MaxTableSize, "table size must be at most 2^32-1");
    }

    private static void CheckMemoryType(MemoryType m)
    {
        if (m.Is64) CheckLimits(m.Limits, MaxPages64, "memory size must be at most 2^48 pages");
        else CheckLimits(m.Limits, MaxPages32, "memory size must be at most 65536 pages (4GiB)");
        if (m.Shared && m.Limits.Max is null) throw ValidationContext.Error("shared memory must have maximum", -1);
    }

    private static void CheckLimits(Limits l, ulong range, string rangeMessage)
    {
        if (l.Min > range) throw ValidationContext.Error(rangeMessage, -1);
        if (l.Max is ulong max)
        {
            if (max > range) throw ValidationContext.Error(rangeMessage, -1);
            if (l.Min > max) throw ValidationContext.Error("size minimum must not be greater than maximum", -1);
        }
    }
}

/// <summary>Facts the validator establishes about a valid module, for engines to reuse.</summary>
public sealed class ValidationInfo
{
    internal ValidationInfo(int[] maxStackHeights, int[] maxControlDepths)
    {
        MaxOperandStackHeights = maxStackHeights;
        MaxControlDepths = maxControlDepths;
    }

    /// <summary>
    /// For each defined function (code section order), the largest number of values on its operand stack
    /// at any point (parameters and locals not included).
    /// </summary>
    public IReadOnlyList<int> MaxOperandStackHeights { get; }

    /// <summary>
    /// For each defined function (code section order), the deepest nesting of control frames
    /// (1 for a body without blocks: the function's own frame counts).
    /// </summary>
    public IReadOnlyList<int> MaxControlDepths { get; }
}
