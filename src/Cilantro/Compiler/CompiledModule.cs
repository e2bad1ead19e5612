using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Cilantro.Instructions;
using Cilantro.Model;

namespace Cilantro.Compiler;

/// <summary>Limits past which a function runs in the interpreter instead (RyuJIT would compile it without optimisation).</summary>
internal sealed record CompilerLimits
{
    /// <summary>Most WebAssembly instructions in one compiled function.</summary>
    public int MaxInstructions { get; init; } = 12_000;
    /// <summary>Most blocks, loops, ifs and branches in one compiled function.</summary>
    public int MaxBranches { get; init; } = 1_200;
    /// <summary>Most locals (parameters included) in one compiled function.</summary>
    public int MaxLocals { get; init; } = 1_500;
    /// <summary>Most local.get/set/tee in one compiled function.</summary>
    public int MaxLocalRefs { get; init; } = 6_000;
}

/// <summary>
/// The CIL of one module definition: a static method per compilable function plus an entry stub, in one collectible
/// assembly. Shared by every instance of the definition (instance state comes in through <see cref="CompiledInstance"/>).
/// </summary>
internal sealed class CompiledModule
{
    private static readonly ConditionalWeakTable<ModuleDefinition, CompiledModule> Cache = new();
    private static int _counter;

    private CompiledModule(ModuleDefinition def)
    {
        Definition = def;
        ImportedFunctionCount = def.ImportedFunctionCount;
        FuncTypes = new FuncType[def.FunctionCount];
        for (int i = 0; i < FuncTypes.Length; i++) FuncTypes[i] = def.TryGetFuncType(def.GetFunctionTypeIndex(i)) ?? FuncType.Empty;
        GlobalTypes = new GlobalType[def.GlobalCount];
        for (int i = 0; i < GlobalTypes.Length; i++) GlobalTypes[i] = def.GetGlobalType(i);
        TableTypes = new TableType[def.TableCount];
        for (int i = 0; i < TableTypes.Length; i++) TableTypes[i] = def.GetTableType(i);
        Methods = new MethodInfo?[FuncTypes.Length];
        Entries = new EntryStubFactory?[FuncTypes.Length];
    }

    public ModuleDefinition Definition { get; }
    public int ImportedFunctionCount { get; }
    public FuncType[] FuncTypes { get; }
    public GlobalType[] GlobalTypes { get; }
    public TableType[] TableTypes { get; }
    /// <summary>Per function index: the compiled method (a builder while emitting, the runtime method after), or null (import or interpreted).</summary>
    public MethodInfo?[] Methods { get; }
    public EntryStubFactory?[] Entries { get; }
    /// <summary>Why the whole module runs in the interpreter, if it does.</summary>
    public string? FailedReason { get; private set; }
    /// <summary>Milliseconds spent emitting IL, creating the type, and resolving the runtime methods (last build).</summary>
    public double EmitMs, CreateTypeMs, ResolveMs;

    /// <summary>Number of functions left to the interpreter.</summary>
    public int InterpretedCount { get; private set; }

    /// <summary>The compiled code of a definition, built on first use.</summary>
    public static CompiledModule Get(ModuleDefinition def, CompilerLimits limits)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(def, out var cm)) return cm;
            cm = new CompiledModule(def);
            cm.Build(limits);
            Cache.Add(def, cm);
            return cm;
        }
    }

    /// <summary>Whether the compiler should leave a function to the interpreter.</summary>
    private static bool TooBig(FunctionBody body, FuncType ft, CompilerLimits limits, out bool usesMemory)
    {
        usesMemory = false;
        if (ft.Params.Length + body.LocalCount > limits.MaxLocals) return true;
        var r = new CodeReader(body.Code.Span, body.CodeOffset, WasmFeatures.Default);
        int count = 0, branches = 0, refs = 0;
        while (!r.AtEnd)
        {
            r.Read(out var ins);
            count++;
            if (ins.Opcode is >= Opcode.I32Load and <= Opcode.I64Store32 || ins.Info.Immediate is Imm.MemArg or Imm.MemArgLane)
                usesMemory = true;
            switch (ins.Opcode)
            {
                case Opcode.Block: case Opcode.Loop: case Opcode.If: case Opcode.Br: case Opcode.BrIf:
                    branches++;
                    break;
                case Opcode.BrTable:
                    branches += 1 + ins.Labels!.Length;
                    break;
                case Opcode.LocalGet: case Opcode.LocalSet: case Opcode.LocalTee:
                    refs++;
                    break;
                case Opcode.CallIndirect:
                    branches += 2;
                    break;
            }
            if (count > limits.MaxInstructions || branches > limits.MaxBranches || refs > limits.MaxLocalRefs) return true;
        }
        return false;
    }

    private void Build(CompilerLimits limits)
    {
        try
        {
            BuildCore(limits, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A function the emitter cannot handle: find which, leave it to the interpreter, and retry once.
            FailedReason = e.Message;
            if (Environment.GetEnvironmentVariable("CILANTRO_COMPILER_TRACE") is not null)
                Console.Error.WriteLine($"compiler: function {_failedFunc} left to the interpreter: {e}");
            var skip = new bool[FuncTypes.Length];
            for (int i = ImportedFunctionCount; i < FuncTypes.Length; i++)
            {
                if (Methods[i] is null) skip[i] = true;
            }
            Array.Clear(Methods);
            Array.Clear(Entries);
            try
            {
                BuildCore(limits, _failedFunc >= 0 ? MarkFailed(skip) : null);
            }
            catch (Exception e2) when (e2 is not OutOfMemoryException)
            {
                FailedReason = e2.Message;
                Array.Clear(Methods);
                Array.Clear(Entries);
                InterpretedCount = FuncTypes.Length - ImportedFunctionCount;
            }
        }
    }

    private int _failedFunc = -1;
    private static readonly bool Trace = Environment.GetEnvironmentVariable("CILANTRO_COMPILER_TRACE") is not null;
    private ModuleBuilder? _moduleBuilder;

    /// <summary>Call tokens of helper methods in the module being built (see <c>FunctionCompiler.Call</c>).</summary>
    public Dictionary<MethodInfo, (int Token, OpCode Op)>? CallTokens { get; private set; }

    /// <summary>Field tokens in the module being built.</summary>
    public Dictionary<FieldInfo, int>? FieldTokens { get; private set; }

    /// <summary>Standalone-signature tokens of call_indirect, per type index, in the module being built.</summary>
    public Dictionary<int, int>? CalliTokens { get; private set; }

    /// <summary>The standalone-signature token of a managed static signature in the module being built.</summary>
    public int SignatureTokenOf(Type ret, Type[] ps) =>
        _moduleBuilder!.GetSignatureMetadataToken(SignatureHelper.GetMethodSigHelper(_moduleBuilder, ret, ps));

    /// <summary>The member-reference token of a field in the module being built.</summary>
    public int TokenOf(FieldInfo f) => _moduleBuilder!.GetFieldMetadataToken(f);

    /// <summary>The member-reference token of a method in the module being built.</summary>
    public int TokenOf(MethodInfo m) => _moduleBuilder!.GetMethodMetadataToken(m);

    private bool[] MarkFailed(bool[] skip)
    {
        skip[_failedFunc] = true;
        return skip;
    }

    private void BuildCore(CompilerLimits limits, bool[]? skip)
    {
        var def = Definition;
        int id = Interlocked.Increment(ref _counter);
        var ab = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Cilantro.Compiled" + id), AssemblyBuilderAccess.RunAndCollect);
        ab.SetCustomAttribute(new CustomAttributeBuilder(
            typeof(IgnoresAccessChecksToAttribute).GetConstructor([typeof(string)])!, [typeof(CompiledModule).Assembly.GetName().Name!]));
        var mb = ab.DefineDynamicModule("Cilantro.Compiled" + id);
        _moduleBuilder = mb;
        CallTokens = new Dictionary<MethodInfo, (int, OpCode)>();
        FieldTokens = new Dictionary<FieldInfo, int>();
        CalliTokens = new Dictionary<int, int>();
        var tb = mb.DefineType("WasmModule", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.Class);

        // 1. Decide which functions compile, and declare their methods (direct calls need every callee declared first).
        var builders = new MethodBuilder?[FuncTypes.Length];
        var big = new bool[FuncTypes.Length];
        var usesMemory = new bool[FuncTypes.Length];
        int interpreted = 0;
        for (int i = ImportedFunctionCount; i < FuncTypes.Length; i++)
        {
            var ft = FuncTypes[i];
            var body = def.Bodies[i - ImportedFunctionCount];
            if ((skip is not null && skip[i]) || TooBig(body, ft, limits, out usesMemory[i]))
            {
                interpreted++;
                if (Trace) Console.Error.WriteLine($"compiler: function {i} ({body.Code.Length} bytes, {body.LocalCount} locals) left to the interpreter");
                continue;
            }
            big[i] = body.LocalCount + ft.Params.Length > 48 || body.Code.Length > 4000;
            var m = tb.DefineMethod("f" + i, MethodAttributes.Public | MethodAttributes.Static,
                FunctionCompiler.ReturnType(ft), FunctionCompiler.ParamTypes(ft));
            builders[i] = m;
            Methods[i] = m;
        }
        InterpretedCount = interpreted;

        var sw = System.Diagnostics.Stopwatch.StartNew();
        // 2. Bodies and entry stubs.
        var entries = new MethodBuilder?[FuncTypes.Length];
        for (int i = ImportedFunctionCount; i < FuncTypes.Length; i++)
        {
            var m = builders[i];
            if (m is null) continue;
            _failedFunc = i;
            new FunctionCompiler(this, m.GetILGenerator(), i).Compile(big[i], usesMemory[i]);
            var e = tb.DefineMethod("e" + i, MethodAttributes.Public | MethodAttributes.Static, typeof(void),
                [typeof(Runtime.ExecContext), typeof(CompiledInstance), typeof(int)]);
            FunctionCompiler.EmitEntry(e.GetILGenerator(), this, FuncTypes[i], m);
            entries[i] = e;
        }
        _failedFunc = -1;

        EmitMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var type = tb.CreateType();
        CreateTypeMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var byName = new Dictionary<string, MethodInfo>(StringComparer.Ordinal);
        foreach (var m in type.GetMethods(BindingFlags.Public | BindingFlags.Static)) byName[m.Name] = m;
        for (int i = ImportedFunctionCount; i < FuncTypes.Length; i++)
        {
            if (builders[i] is null) continue;
            var mi = byName["f" + i];
            var ei = byName["e" + i];
            Methods[i] = mi;
            Entries[i] = new EntryStubFactory(mi, ei);
        }
        ResolveMs = sw.Elapsed.TotalMilliseconds;
        CallTokens = null;
        FieldTokens = null;
        CalliTokens = null;
        _moduleBuilder = null;
    }
}

/// <summary>The runtime methods of one compiled function: its typed body and its entry stub.</summary>
internal sealed class EntryStubFactory
{
    public EntryStubFactory(MethodInfo method, MethodInfo entry)
    {
        Method = method;
        _entry = entry;
    }

    private readonly MethodInfo _entry;
    private nint _fn;
    private EntryStub? _stub;

    public MethodInfo Method { get; }
    /// <summary>Entry point of the typed method (resolved on first use).</summary>
    public nint Fn => _fn != 0 ? _fn : _fn = Method.MethodHandle.GetFunctionPointer();
    /// <summary>The entry stub as a delegate (created on first use).</summary>
    public EntryStub Stub => _stub ??= _entry.CreateDelegate<EntryStub>();
}
