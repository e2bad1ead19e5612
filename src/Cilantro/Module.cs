using Cilantro.Binary;
using Cilantro.Model;
using Cilantro.Validation;

namespace Cilantro;

/// <summary>Describes an import or export: its names, kind and type.</summary>
/// <param name="ModuleName">Import module name (empty for exports).</param>
/// <param name="Name">Field or export name.</param>
/// <param name="Kind">What is imported or exported.</param>
/// <param name="Type">The type: a <see cref="FuncType"/>, <see cref="TableType"/>, <see cref="MemoryType"/> or <see cref="GlobalType"/>.</param>
public sealed record ExternDescriptor(string ModuleName, string Name, ExternKind Kind, object Type);

/// <summary>A decoded and validated module: instantiate it any number of times. Thread-safe to share.</summary>
public sealed class Module
{
    private Module(Engine engine, ModuleDefinition definition, string? name)
    {
        Engine = engine;
        Definition = definition;
        Name = name ?? definition.Names.ModuleName;
    }

    /// <summary>The engine the module was compiled for.</summary>
    public Engine Engine { get; }

    /// <summary>The decoded module.</summary>
    public ModuleDefinition Definition { get; }

    /// <summary>The module's name (from the name section or given when loading), if any.</summary>
    public string? Name { get; }

    /// <summary>
    /// Whether the module runs code compiled ahead of time (a <c>cilantro.aot</c> section whose key matched, or a
    /// precompiled assembly), and if embedded code was refused, why.
    /// </summary>
    public Aot.PrecompiledStatus PrecompiledStatus { get; private set; } = Aot.PrecompiledStatus.None;

    /// <summary>Loads a module compiled ahead of time from its assembly (see <see cref="Aot.AotResult.Assembly"/>).</summary>
    /// <param name="engine">A compiler engine with the proposals the module was compiled with.</param>
    /// <param name="assembly">The assembly; it must hold the type <c>Cilantro.Precompiled.WasmModule</c>.</param>
    /// <exception cref="Aot.PrecompiledCodeException">The assembly is not usable with this engine and Cilantro build.</exception>
    public static Module FromPrecompiled(Engine engine, System.Reflection.Assembly assembly) =>
        FromPrecompiled(engine, Aot.PrecompiledLoader.Instantiate(assembly));

    /// <summary>
    /// Loads a module compiled ahead of time from an instance of its generated type (no reflection: works in apps
    /// published with NativeAOT or trimming, e.g. <c>Module.FromPrecompiled(engine, new Cilantro.Precompiled.WasmModule())</c>).
    /// </summary>
    /// <exception cref="Aot.PrecompiledCodeException">The code is not usable with this engine and Cilantro build.</exception>
    public static Module FromPrecompiled(Engine engine, Aot.PrecompiledCode code, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(code);
        var def = Aot.PrecompiledLoader.Bind(engine, code, out _);
        return new Module(engine, def, name) { PrecompiledStatus = new Aot.PrecompiledStatus(true, null) };
    }

    /// <summary>Loads a module compiled ahead of time from an assembly file (see <see cref="Aot.AotResult.Assembly"/>).</summary>
    /// <exception cref="Aot.PrecompiledCodeException">The file is not usable with this engine and Cilantro build.</exception>
    public static Module FromPrecompiledFile(Engine engine, string dllPath) =>
        FromPrecompiled(engine, Aot.PrecompiledLoader.Instantiate(Aot.PrecompiledLoader.LoadImage(File.ReadAllBytes(dllPath))),
            Path.GetFileNameWithoutExtension(dllPath));

    /// <summary>Decodes and validates a binary module.</summary>
    /// <exception cref="MalformedModuleException">The bytes are not a well-formed module.</exception>
    /// <exception cref="InvalidModuleException">The module does not validate.</exception>
    public static Module FromBytes(Engine engine, ReadOnlyMemory<byte> bytes, string? name = null)
    {
        var def = ModuleDecoder.Decode(bytes, engine.Options.Features);
        ModuleValidator.Validate(def, engine.Options.Features);
        var status = engine.Options.Kind == EngineKind.Compiler ? Aot.PrecompiledLoader.TryAttach(engine, def, bytes) : Aot.PrecompiledStatus.None;
        return new Module(engine, def, name) { PrecompiledStatus = status };
    }

    /// <summary>Loads a binary module, or a text module when the file name ends in <c>.wat</c>/<c>.wast</c>.</summary>
    public static Module FromFile(Engine engine, string path)
    {
        if (path.EndsWith(".wat", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".wast", StringComparison.OrdinalIgnoreCase))
            return FromText(engine, File.ReadAllText(path), Path.GetFileNameWithoutExtension(path));
        return FromBytes(engine, File.ReadAllBytes(path), Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>Parses a module in the text format (WAT), then decodes and validates it.</summary>
    /// <exception cref="TextSyntaxException">The text does not parse.</exception>
    public static Module FromText(Engine engine, string text, string? name = null)
    {
        return FromBytes(engine, Text.Wat.ToBinary(text, engine.Options.Features), name);
    }

    internal static Module FromDefinition(Engine engine, ModuleDefinition def, string? name = null) => new(engine, def, name);

    /// <summary>The imports, in order.</summary>
    public IReadOnlyList<ExternDescriptor> Imports
    {
        get
        {
            var list = new List<ExternDescriptor>();
            foreach (var i in Definition.Imports)
            {
                object type = i.Kind switch
                {
                    ExternKind.Func => Definition.TryGetFuncType(i.TypeIndex) ?? FuncType.Empty,
                    ExternKind.Table => i.Table!,
                    ExternKind.Memory => i.Memory!,
                    _ => i.Global!,
                };
                list.Add(new ExternDescriptor(i.Module, i.Name, i.Kind, type));
            }
            return list;
        }
    }

    /// <summary>The exports, in order.</summary>
    public IReadOnlyList<ExternDescriptor> Exports
    {
        get
        {
            var list = new List<ExternDescriptor>();
            foreach (var e in Definition.Exports)
            {
                object type = e.Kind switch
                {
                    ExternKind.Func => Definition.TryGetFuncType(Definition.GetFunctionTypeIndex(e.Index)) ?? FuncType.Empty,
                    ExternKind.Table => Definition.GetTableType(e.Index),
                    ExternKind.Memory => Definition.GetMemoryType(e.Index),
                    _ => Definition.GetGlobalType(e.Index),
                };
                list.Add(new ExternDescriptor("", e.Name, e.Kind, type));
            }
            return list;
        }
    }
}

