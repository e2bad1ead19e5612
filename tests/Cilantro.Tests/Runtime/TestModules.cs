using Cilantro.Model;

namespace Cilantro.Tests.Runtime;

/// <summary>Builds small modules by hand (independent of the decoder).</summary>
internal sealed class ModuleBuilder
{
    private readonly ModuleDefinition _m = new();

    public int Type(ValType[] ps, ValType[] rs)
    {
        _m.Types.Add(new FuncType(ps, rs));
        return _m.Types.Count - 1;
    }

    public ModuleBuilder ImportFunc(string module, string name, int type)
    {
        _m.Imports.Add(new Import { Module = module, Name = name, Kind = ExternKind.Func, TypeIndex = type });
        return this;
    }

    public int Func(int type, byte[] code, params LocalDecl[] locals)
    {
        _m.FunctionTypeIndices.Add(type);
        long n = 0;
        foreach (var l in locals) n += l.Count;
        _m.Bodies.Add(new FunctionBody { Locals = locals, LocalCount = n, Code = code, CodeOffset = 0 });
        return _m.FunctionCount - 1;
    }

    public ModuleBuilder Memory(ulong min, ulong? max = null)
    {
        _m.Memories.Add(new MemoryType(new Limits(min, max)));
        return this;
    }

    public ModuleBuilder Export(string name, ExternKind kind, int index)
    {
        _m.Exports.Add(new Export(name, kind, index));
        return this;
    }

    public ModuleBuilder Name(int func, string name)
    {
        _m.Names.FunctionNames[func] = name;
        return this;
    }

    public ModuleDefinition Build() => _m;

    public static readonly ValType I32 = ValType.I32;
    public static readonly ValType I64 = ValType.I64;

    /// <summary>A module whose only function, exported and named <c>fib</c>, is <see cref="FibCode"/>.</summary>
    public static ModuleDefinition FibModule()
    {
        var b = new ModuleBuilder();
        int t = b.Type([I32], [I32]);
        int f = b.Func(t, FibCode(0));
        b.Export("fib", ExternKind.Func, f).Name(f, "fib");
        return b.Build();
    }

    /// <summary>Instantiates a definition in a fresh store of a new engine (default options: the interpreter), with no imports.</summary>
    public static Instance Instantiate(ModuleDefinition def, EngineOptions? options = null)
    {
        var engine = new Engine(options);
        return new Linker(engine).Instantiate(new Store(engine), Module.FromDefinition(engine, def));
    }

    // fib(n) = n < 2 ? n : fib(n-1) + fib(n-2), function index 0 when no imports.
    public static byte[] FibCode(int self) =>
    [
        0x20, 0x00, 0x41, 0x02, 0x48, 0x04, 0x7F, 0x20, 0x00, 0x05,
        0x20, 0x00, 0x41, 0x01, 0x6B, 0x10, (byte)self,
        0x20, 0x00, 0x41, 0x02, 0x6B, 0x10, (byte)self,
        0x6A, 0x0B, 0x0B,
    ];
}
