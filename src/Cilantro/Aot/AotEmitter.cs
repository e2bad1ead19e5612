using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;
using Cilantro.Compiler;

namespace Cilantro.Aot;

/// <summary>
/// The persisted side of an ahead-of-time compilation: defines the assembly and its type
/// <c>Cilantro.Precompiled.WasmModule</c> (a <see cref="PrecompiledCode"/>), emits the overrides that hand the
/// runtime the module bytes, key and code, and saves the PE image.
/// </summary>
internal sealed class AotEmitter
{
    private readonly byte[] _wasm;
    private readonly string _key;
    private readonly AotOptions _options;
    private readonly IProgress<AotProgress>? _progress;
    private readonly StringBuilder? _il;
    private PersistedAssemblyBuilder? _ab;
    private int _lastReport = -1;

    public AotEmitter(byte[] wasm, string key, AotOptions options, IProgress<AotProgress>? progress)
    {
        _wasm = wasm;
        _key = key;
        _options = options;
        _progress = progress;
        if (options.DumpIl) _il = new StringBuilder();
    }

    /// <summary>The generated IL as text, when asked for.</summary>
    public string? IlText => _il?.ToString();

    /// <summary>Defines a fresh assembly (a retry after a failed function starts over) and returns the module type.</summary>
    public TypeBuilder DefineAssembly()
    {
        _il?.Clear();
        var ab = new PersistedAssemblyBuilder(new AssemblyName("Cilantro.Precompiled." + _key[..16]), typeof(object).Assembly);
        _ab = ab;
        var mb = ab.DefineDynamicModule("Cilantro.Precompiled." + _key[..16] + ".dll");

        // The code calls Cilantro's internal helpers. The runtime matches IgnoresAccessChecksTo by name, so Cilantro's own
        // (internal) attribute type serves (one defined in the emitted assembly itself makes PersistedAssemblyBuilder
        // write an image the runtime refuses).
        ab.SetCustomAttribute(new CustomAttributeBuilder(
            typeof(System.Runtime.CompilerServices.IgnoresAccessChecksToAttribute).GetConstructor([typeof(string)])!,
            [typeof(PrecompiledCode).Assembly.GetName().Name!]));

        return mb.DefineType(PrecompiledLoader.TypeName, TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class | TypeAttributes.BeforeFieldInit,
            typeof(PrecompiledCode));
    }

    /// <summary>The IL generator to emit a method with (a recording one when the IL is dumped).</summary>
    public ILGenerator? Il(ILGenerator inner, MethodBuilder m)
    {
        if (_il is null) return null;
        _il.Append("\n.method ").Append(m.Name).Append('\n');
        return new RecordingILGenerator(inner, _il);
    }

    public void Report(int done, int total)
    {
        if (_progress is null) return;
        int pct = total == 0 ? 100 : (int)(done * 100L / total);
        if (pct == _lastReport && done != total) return;
        _lastReport = pct;
        _progress.Report(new AotProgress("compile", done, total));
    }

    /// <summary>Emits the constructor and overrides of the module type, then creates it.</summary>
    public void Finish(TypeBuilder tb, CompiledModule cm, MethodBuilder?[] functions, MethodBuilder?[] entries)
    {
        var baseCtor = typeof(PrecompiledCode).GetConstructor(BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes)!;
        var ctor = tb.DefineConstructor(MethodAttributes.Public | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName,
            CallingConventions.Standard, Type.EmptyTypes);
        var il = ctor.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, baseCtor);
        il.Emit(OpCodes.Ret);

        // The module bytes: static data in the image, handed out as a span over it.
        var data = tb.DefineInitializedData("WasmBytes", _wasm, FieldAttributes.Private | FieldAttributes.Static);
        il = Override(tb, "get_Wasm", typeof(ReadOnlySpan<byte>));
        il.Emit(OpCodes.Ldsflda, data);
        il.Emit(OpCodes.Ldc_I4, _wasm.Length);
        il.Emit(OpCodes.Newobj, typeof(ReadOnlySpan<byte>).GetConstructor([typeof(void*), typeof(int)])!);
        il.Emit(OpCodes.Ret);

        il = Override(tb, "get_Key", typeof(string));
        il.Emit(OpCodes.Ldstr, _key);
        il.Emit(OpCodes.Ret);
        il = Override(tb, "get_BuiltBy", typeof(string));
        il.Emit(OpCodes.Ldstr, AotCompiler.CilantroBuild);
        il.Emit(OpCodes.Ret);
        il = Override(tb, "get_OptimizationLevel", typeof(int));
        il.Emit(OpCodes.Ldc_I4, _options.OptimizationLevel);
        il.Emit(OpCodes.Ret);
        il = Override(tb, "get_FeatureBits", typeof(int));
        il.Emit(OpCodes.Ldc_I4, AotCompiler.FeatureBits(_options.Features));
        il.Emit(OpCodes.Ret);

        // GetCode: ldftn of every compiled function and a delegate over its entry stub, by function index.
        il = Override(tb, nameof(PrecompiledCode.GetCode), typeof(void), typeof(nint[]), typeof(Delegate[]));
        var stubCtor = typeof(EntryStub).GetConstructor([typeof(object), typeof(nint)])!;
        for (int i = cm.ImportedFunctionCount; i < functions.Length; i++)
        {
            if (functions[i] is not { } f || entries[i] is not { } e) continue;
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldftn, f);
            il.Emit(OpCodes.Stelem_I);
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldnull);
            il.Emit(OpCodes.Ldftn, e);
            il.Emit(OpCodes.Newobj, stubCtor);
            il.Emit(OpCodes.Stelem_Ref);
        }
        il.Emit(OpCodes.Ret);
        tb.CreateType();
    }

    private static ILGenerator Override(TypeBuilder tb, string name, Type ret, params Type[] ps)
    {
        var m = tb.DefineMethod(name, MethodAttributes.Public | MethodAttributes.Virtual | MethodAttributes.HideBySig | MethodAttributes.Final
            | (name.StartsWith("get_", StringComparison.Ordinal) ? MethodAttributes.SpecialName : 0), ret, ps);
        tb.DefineMethodOverride(m, typeof(PrecompiledCode).GetMethod(name)!);
        return m.GetILGenerator();
    }

    /// <summary>Saves the assembly as a PE image (a library).</summary>
    public byte[] Save()
    {
        var ab = _ab ?? throw new InvalidOperationException("nothing was compiled");
        var metadata = ab.GenerateMetadata(out BlobBuilder ilStream, out BlobBuilder fieldData);
        var pe = new ManagedPEBuilder(
            header: PEHeaderBuilder.CreateLibraryHeader(),
            metadataRootBuilder: new MetadataRootBuilder(metadata),
            ilStream: ilStream,
            mappedFieldData: fieldData,
            flags: CorFlags.ILOnly);
        var blob = new BlobBuilder();
        pe.Serialize(blob);
        return blob.ToArray();
    }
}
