using Cilantro.Model;
using Cilantro.Runtime;
using Cilantro.Spec;

namespace Cilantro.Interpreter;

/// <summary>Runs spec scripts on the interpreter (<c>cilantro wast --engine interpreter</c>).</summary>
public sealed class InterpreterWastEngine : IWastEngine
{
    /// <summary>Creates the engine.</summary>
    public InterpreterWastEngine() : this(InterpreterMachine.Instance, "interpreter") { }

    internal InterpreterWastEngine(IMachine machine, string name)
    {
        Machine = machine;
        Name = name;
    }

    internal IMachine Machine { get; }

    /// <inheritdoc/>
    public string Name { get; }

    [ThreadStatic] private static ExecContext? _ctx;
    [ThreadStatic] private static RuntimeWastInstance? _spectest;

    internal static ExecContext Context => _ctx ??= new ExecContext(1 << 20, 10000);

    /// <summary>The <c>spectest</c> host module.</summary>
    public IWastInstance SpecTest => _spectest ??= CreateSpecTest();

    /// <inheritdoc/>
    public IWastInstance? CreateSpectest() => CreateSpecTest();

    /// <inheritdoc/>
    public IWastInstance Instantiate(ModuleDefinition module, IWastImports imports)
    {
        var ctx = Context;
        var inst = Instantiator.Instantiate(module, Machine, imp =>
        {
            var src = imports.Find(imp.Module) ?? (imp.Module == "spectest" ? SpecTest : null);
            var e = src?.GetExport(imp.Name);
            return e switch
            {
                Function f => f.Instance,
                Memory m => m.Instance,
                Global g => g.Instance,
                Table t => t.Instance,
                _ => e,
            };
        }, ctx);
        return new RuntimeWastInstance(inst);
    }

    private static RuntimeWastInstance CreateSpecTest()
    {
        var def = new ModuleDefinition();
        var inst = new ModuleInstance(def, InterpreterMachine.Instance, "spectest");
        void Fn(string name, params ValType[] ps) => inst.Exports[name] = new HostFunction(new FuncType(ps, []), (a, r) => { }, "spectest." + name);
        Fn("print");
        Fn("print_i32", ValType.I32);
        Fn("print_i64", ValType.I64);
        Fn("print_f32", ValType.F32);
        Fn("print_f64", ValType.F64);
        Fn("print_i32_f32", ValType.I32, ValType.F32);
        Fn("print_f64_f64", ValType.F64, ValType.F64);
        void Gl(string name, ValType t, long bits)
        {
            var g = new GlobalInstance(new GlobalType(t, false)) { Bits = bits };
            inst.Exports[name] = g;
        }
        Gl("global_i32", ValType.I32, 666);
        Gl("global_i64", ValType.I64, 666);
        Gl("global_f32", ValType.F32, (uint)BitConverter.SingleToInt32Bits(666.6f));
        Gl("global_f64", ValType.F64, BitConverter.DoubleToInt64Bits(666.6));
        inst.Exports["table"] = new TableInstance(new TableType(ValType.FuncRef, new Limits(10, 20)), null);
        inst.Exports["memory"] = new MemoryInstance(new MemoryType(new Limits(1, 2)), MemoryInstance.MaxPages32);
        return new RuntimeWastInstance(inst);
    }
}

/// <summary>A host reference created by the script (<c>ref.extern N</c>).</summary>
/// <param name="Id">The script's number.</param>
internal sealed record WastExternRef(ulong Id);

/// <summary>An instance as the spec runner sees it.</summary>
internal sealed class RuntimeWastInstance : IWastInstance
{
    public RuntimeWastInstance(ModuleInstance instance) => Instance = instance;

    public ModuleInstance Instance { get; }

    public object? GetExport(string name) =>
        Instance.Exports.TryGetValue(name, out var e) ? Cilantro.Instance.Wrap(null, e) : null;

    public WastValue GetGlobal(string export)
    {
        if (!Instance.Exports.TryGetValue(export, out var e) || e is not GlobalInstance g)
            throw new UnknownExportException(export, "no global with this name");
        return ToWast(g.Get());
    }

    public IReadOnlyList<WastValue> Invoke(string export, IReadOnlyList<WastValue> args)
    {
        if (!Instance.Exports.TryGetValue(export, out var e) || e is not FunctionInstance f)
            throw new UnknownExportException(export, "no function with this name");
        var ctx = InterpreterWastEngine.Context;
        var ps = f.Type.Params;
        if (args.Count != ps.Length) throw new WasmTypeException($"{export} expects {ps.Length} arguments, got {args.Count}");
        int b = ctx.Top;
        int at = b;
        for (int i = 0; i < ps.Length; i++)
        {
            ctx.WriteValue(FromWast(args[i], ps[i]), at);
            at += ps[i].SlotCount;
        }
        f.Invoke(ctx, b);
        var rs = f.Type.Results;
        var res = new WastValue[rs.Length];
        at = b;
        for (int i = 0; i < rs.Length; i++)
        {
            res[i] = ToWast(ctx.ReadValue(rs[i], at));
            at += rs[i].SlotCount;
        }
        return res;
    }

    internal static Value FromWast(WastValue v, ValType t) => v.Kind switch
    {
        WastValueKind.I32 => Value.I32((int)v.Bits),
        WastValueKind.I64 => Value.I64((long)v.Bits),
        WastValueKind.F32 => Value.FromBits(ValType.F32, (long)v.Bits),
        WastValueKind.F64 => Value.FromBits(ValType.F64, (long)v.Bits),
        WastValueKind.V128 => Value.FromV128(v.Vector),
        WastValueKind.RefNull => Value.FromRef(t.IsRef ? t : v.RefType, null),
        WastValueKind.RefExtern => Value.FromRef(ValType.ExternRef, new WastExternRef(v.Bits)),
        _ => throw new WasmTypeException($"cannot pass {v} as an argument"),
    };

    internal static WastValue ToWast(Value v) => v.Type.Kind switch
    {
        ValKind.I32 => new WastValue(WastValueKind.I32, (uint)v.Bits),
        ValKind.I64 => new WastValue(WastValueKind.I64, v.Bits),
        ValKind.F32 => new WastValue(WastValueKind.F32, (uint)v.Bits),
        ValKind.F64 => new WastValue(WastValueKind.F64, v.Bits),
        ValKind.V128 => new WastValue(WastValueKind.V128, Vector: v.Vector),
        _ => v.Ref switch
        {
            null => new WastValue(WastValueKind.RefNull, RefType: v.Type),
            WastExternRef x => new WastValue(WastValueKind.RefExtern, x.Id),
            FunctionInstance or Function => new WastValue(WastValueKind.RefFunc, RefType: v.Type),
            _ => new WastValue(WastValueKind.RefExtern, (ulong)v.Ref.GetHashCode()),
        },
    };
}
