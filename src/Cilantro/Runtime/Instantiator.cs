using Cilantro.Instructions;
using Cilantro.Model;

namespace Cilantro.Runtime;

/// <summary>Links and instantiates modules in the spec's order: imports, allocation, elements, data, start.</summary>
internal static class Instantiator
{
    /// <summary>Resolves an import to a runtime object (function, table, memory or global instance), or null.</summary>
    public delegate object? ImportResolver(Import import);

    public static ModuleInstance Instantiate(ModuleDefinition def, IMachine machine, ImportResolver resolve, ExecContext ctx,
        string? name = null, long maxMemoryPages = MemoryInstance.MaxPages32)
    {
        var inst = new ModuleInstance(def, machine, name);
        var funcs = new List<FunctionInstance>(def.FunctionCount);
        var tables = new List<TableInstance>(def.TableCount);
        var mems = new List<MemoryInstance>(def.MemoryCount);
        var globals = new List<GlobalInstance>(def.GlobalCount);

        // 1. Imports.
        foreach (var imp in def.Imports)
        {
            object? ext = resolve(imp);
            if (ext is null) throw new LinkException("unknown import", imp.Module, imp.Name, $"no {KindName(imp.Kind)} is defined with this name");
            switch (imp.Kind)
            {
                case ExternKind.Func:
                {
                    var want = def.TryGetFuncType(imp.TypeIndex) ?? FuncType.Empty;
                    if (ext is not FunctionInstance f) throw Incompatible(imp, $"expected a function {want}, got {Describe(ext)}");
                    if (!f.Type.Equals(want)) throw Incompatible(imp, $"expected {want}, got {f.Type}");
                    funcs.Add(f);
                    break;
                }
                case ExternKind.Table:
                {
                    var want = imp.Table!;
                    if (ext is not TableInstance t) throw Incompatible(imp, $"expected a table, got {Describe(ext)}");
                    if (t.Type.ElementType != want.ElementType || !LimitsMatch(t.CurrentLimits, want.Limits))
                        throw Incompatible(imp, $"expected table {want.ElementType} {Lim(want.Limits)}, got {t.Type.ElementType} {Lim(t.CurrentLimits)}");
                    tables.Add(t);
                    break;
                }
                case ExternKind.Memory:
                {
                    var want = imp.Memory!;
                    if (ext is not MemoryInstance m) throw Incompatible(imp, $"expected a memory, got {Describe(ext)}");
                    if (!LimitsMatch(m.CurrentLimits, want.Limits))
                        throw Incompatible(imp, $"expected memory {Lim(want.Limits)}, got {Lim(m.CurrentLimits)}");
                    mems.Add(m);
                    break;
                }
                case ExternKind.Global:
                {
                    var want = imp.Global!;
                    if (ext is not GlobalInstance g) throw Incompatible(imp, $"expected a global, got {Describe(ext)}");
                    if (g.Type.ValueType != want.ValueType || g.Type.Mutable != want.Mutable)
                        throw Incompatible(imp, $"expected global {want}, got {g.Type}");
                    globals.Add(g);
                    break;
                }
                default:
                    throw Incompatible(imp, "unsupported import kind");
            }
        }

        // 2. Allocation.
        int importedFuncs = funcs.Count;
        for (int i = 0; i < def.FunctionTypeIndices.Count; i++)
            funcs.Add(new WasmFunction(inst, importedFuncs + i, def.TryGetFuncType(def.FunctionTypeIndices[i]) ?? FuncType.Empty));
        inst.Functions = funcs.ToArray();
        inst.Globals = globals.ToArray();
        foreach (var gd in def.Globals)
        {
            var g = new GlobalInstance(gd.Type);
            g.Set(Eval(gd.Init, inst, def));
            globals.Add(g);
            inst.Globals = globals.ToArray();
        }
        inst.Globals = globals.ToArray();
        foreach (var td in def.Tables)
        {
            object? init = td.Init is null ? null : Eval(td.Init, inst, def).Ref;
            tables.Add(new TableInstance(td.Type, init));
        }
        inst.Tables = tables.ToArray();
        foreach (var md in def.Memories) mems.Add(new MemoryInstance(md, maxMemoryPages));
        inst.Memories = mems.ToArray();

        var elems = new object?[def.Elements.Count][];
        for (int i = 0; i < elems.Length; i++)
        {
            var seg = def.Elements[i];
            var items = new object?[seg.Count];
            if (seg.FunctionIndices is { } fi)
                for (int k = 0; k < fi.Length; k++) items[k] = inst.Functions[fi[k]];
            else
                for (int k = 0; k < items.Length; k++) items[k] = Eval(seg.Expressions![k], inst, def).Ref;
            elems[i] = items;
        }
        inst.ElemSegments = elems;
        var datas = new ReadOnlyMemory<byte>[def.Data.Count];
        for (int i = 0; i < datas.Length; i++) datas[i] = def.Data[i].Bytes;
        inst.DataSegments = datas;

        foreach (var e in def.Exports)
        {
            object ext = e.Kind switch
            {
                ExternKind.Func => inst.Functions[e.Index],
                ExternKind.Table => inst.Tables[e.Index],
                ExternKind.Memory => inst.Memories[e.Index],
                _ => inst.Globals[e.Index],
            };
            inst.Exports[e.Name] = ext;
        }

        machine.Prepare(inst);

        // 3. Element segments, then data segments, in order.
        for (int i = 0; i < elems.Length; i++)
        {
            var seg = def.Elements[i];
            if (seg.Mode == SegmentMode.Active)
            {
                uint off = (uint)Eval(seg.Offset!, inst, def).AsInt32();
                var t = inst.Tables[seg.TableIndex];
                var items = elems[i];
                if ((ulong)off + (ulong)items.Length > (ulong)t.Length) throw new TrapException(TrapKind.OutOfBoundsTableAccess);
                Array.Copy(items, 0, t.Elements, off, items.Length);
                inst.ElemSegments[i] = [];
            }
            else if (seg.Mode == SegmentMode.Declarative)
            {
                inst.ElemSegments[i] = [];
            }
        }
        for (int i = 0; i < datas.Length; i++)
        {
            var seg = def.Data[i];
            if (seg.Mode != SegmentMode.Active) continue;
            uint off = (uint)Eval(seg.Offset!, inst, def).AsInt32();
            var m = inst.Memories[seg.MemoryIndex];
            if ((ulong)off + (ulong)seg.Bytes.Length > (ulong)m.Length) throw new TrapException(TrapKind.OutOfBoundsMemoryAccess);
            unsafe
            {
                seg.Bytes.Span.CopyTo(new Span<byte>(m.Base + off, seg.Bytes.Length));
            }
            inst.DataSegments[i] = ReadOnlyMemory<byte>.Empty;
        }

        // 4. Start function.
        if (def.Start is int start)
        {
            var f = inst.Functions[start];
            f.Invoke(ctx, ctx.Top);
        }
        return inst;
    }

    private static LinkException Incompatible(Import imp, string detail) =>
        new("incompatible import type", imp.Module, imp.Name, detail);

    private static string KindName(ExternKind k) => k switch
    {
        ExternKind.Func => "function",
        ExternKind.Table => "table",
        ExternKind.Memory => "memory",
        ExternKind.Global => "global",
        _ => "tag",
    };

    private static string Describe(object ext) => ext switch
    {
        FunctionInstance f => $"function {f.Type}",
        TableInstance t => $"table {t.Type.ElementType}",
        MemoryInstance => "memory",
        GlobalInstance g => $"global {g.Type}",
        _ => ext.GetType().Name,
    };

    private static string Lim(Limits l) => l.Max is { } m ? $"{l.Min}..{m}" : $"{l.Min}..";

    /// <summary>Import subtyping of limits: at least as large, and a maximum at most the expected one.</summary>
    public static bool LimitsMatch(Limits actual, Limits expected)
    {
        if (actual.Min < expected.Min) return false;
        if (expected.Max is { } em)
        {
            if (actual.Max is not { } am || am > em) return false;
        }
        return true;
    }

    /// <summary>Evaluates a constant expression.</summary>
    public static Value Eval(ConstExpr expr, ModuleInstance inst, ModuleDefinition def)
    {
        var r = new CodeReader(expr.Code.Span, expr.Offset, WasmFeatures.Default with { ExtendedConst = true });
        Span<Value> stack = new Value[8];
        int sp = 0;
        while (!r.AtEnd)
        {
            r.Read(out var ins);
            switch (ins.Opcode)
            {
                case Opcode.End:
                    return sp > 0 ? stack[sp - 1] : default;
                case Opcode.I32Const: stack[sp++] = Value.I32(ins.I32); break;
                case Opcode.I64Const: stack[sp++] = Value.I64(ins.I64); break;
                case Opcode.F32Const: stack[sp++] = Value.FromBits(ValType.F32, (long)ins.Value); break;
                case Opcode.F64Const: stack[sp++] = Value.FromBits(ValType.F64, (long)ins.Value); break;
                case Opcode.V128Const: stack[sp++] = Value.FromV128(ins.V128); break;
                case Opcode.RefNull: stack[sp++] = Value.FromRef(ins.Type, null); break;
                case Opcode.RefFunc: stack[sp++] = Value.FromRef(ValType.FuncRef, inst.Functions[ins.Index]); break;
                case Opcode.GlobalGet: stack[sp++] = inst.Globals[ins.Index].Get(); break;
                case Opcode.I32Add: sp--; stack[sp - 1] = Value.I32(stack[sp - 1].AsInt32() + stack[sp].AsInt32()); break;
                case Opcode.I32Sub: sp--; stack[sp - 1] = Value.I32(stack[sp - 1].AsInt32() - stack[sp].AsInt32()); break;
                case Opcode.I32Mul: sp--; stack[sp - 1] = Value.I32(stack[sp - 1].AsInt32() * stack[sp].AsInt32()); break;
                case Opcode.I64Add: sp--; stack[sp - 1] = Value.I64(stack[sp - 1].AsInt64() + stack[sp].AsInt64()); break;
                case Opcode.I64Sub: sp--; stack[sp - 1] = Value.I64(stack[sp - 1].AsInt64() - stack[sp].AsInt64()); break;
                case Opcode.I64Mul: sp--; stack[sp - 1] = Value.I64(stack[sp - 1].AsInt64() * stack[sp].AsInt64()); break;
                default:
                    throw new InvalidModuleException("constant expression required", ins.Offset);
            }
            if (sp >= stack.Length) throw new InvalidModuleException("constant expression required", ins.Offset);
        }
        return sp > 0 ? stack[sp - 1] : default;
    }
}
