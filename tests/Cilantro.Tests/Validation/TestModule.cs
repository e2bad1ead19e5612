using Cilantro.Model;

namespace Cilantro.Tests.Validation;

/// <summary>Builds <see cref="ModuleDefinition"/> objects by hand (no decoder needed) for validator tests.</summary>
internal sealed class TestModule
{
    public ModuleDefinition Module { get; } = new();

    /// <summary>Adds (or reuses) a function type; returns its index.</summary>
    public int Type(ValType[] parameters, ValType[] results)
    {
        var ft = new FuncType(parameters, results);
        for (int i = 0; i < Module.Types.Count; i++)
            if (ft.Equals(Module.Types[i])) return i;
        Module.Types.Add(ft);
        return Module.Types.Count - 1;
    }

    /// <summary>Adds a defined function with the given body (the final <c>end</c> is appended); returns its function index.</summary>
    public int Func(ValType[] parameters, ValType[] results, byte[] code, params LocalDecl[] locals)
    {
        int ti = Type(parameters, results);
        Module.FunctionTypeIndices.Add(ti);
        Module.Bodies.Add(Body(code, locals));
        return Module.FunctionCount - 1;
    }

    /// <summary>Adds a function of type <c>[] -> []</c>.</summary>
    public int Func(byte[] code, params LocalDecl[] locals) => Func([], [], code, locals);

    public static FunctionBody Body(byte[] code, params LocalDecl[] locals)
    {
        long n = 0;
        foreach (var l in locals) n += l.Count;
        return new FunctionBody { Locals = locals, LocalCount = n, Code = Cat(code, [0x0B]), CodeOffset = 0 };
    }

    public void ImportFunc(ValType[] parameters, ValType[] results) =>
        Module.Imports.Add(new Import { Module = "m", Name = "f" + Module.Imports.Count, Kind = ExternKind.Func, TypeIndex = Type(parameters, results) });

    public void ImportGlobal(ValType t, bool mutable) =>
        Module.Imports.Add(new Import { Module = "m", Name = "g" + Module.Imports.Count, Kind = ExternKind.Global, Global = new GlobalType(t, mutable) });

    public void ImportMemory(ulong min, ulong? max = null) =>
        Module.Imports.Add(new Import { Module = "m", Name = "mem" + Module.Imports.Count, Kind = ExternKind.Memory, Memory = new MemoryType(new Limits(min, max)) });

    public void Memory(ulong min = 1, ulong? max = null) => Module.Memories.Add(new MemoryType(new Limits(min, max)));

    public void Table(ValType elem, ulong min = 1, ulong? max = null) => Module.Tables.Add(new TableDef(new TableType(elem, new Limits(min, max))));

    public void Global(ValType t, bool mutable, params byte[] init) => Module.Globals.Add(new GlobalDef(new GlobalType(t, mutable), Expr(init)));

    /// <summary>A constant expression (the final <c>end</c> is appended).</summary>
    public static ConstExpr Expr(params byte[] code) => new(Cat(code, [0x0B]), 0);

    public static byte[] Cat(params byte[][] parts)
    {
        var list = new List<byte>();
        foreach (var p in parts) list.AddRange(p);
        return [.. list];
    }
}
