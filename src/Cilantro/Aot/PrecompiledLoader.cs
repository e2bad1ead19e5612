using System.Reflection;
using System.Runtime.Loader;
using Cilantro.Binary;
using Cilantro.Compiler;
using Cilantro.Model;
using Cilantro.Validation;

namespace Cilantro.Aot;

/// <summary>A precompiled assembly cannot be used: not made by Cilantro's AOT compiler, or made by another build or for other options.</summary>
public sealed class PrecompiledCodeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PrecompiledCodeException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>Loads precompiled code and binds it to a module definition.</summary>
internal static class PrecompiledLoader
{
    /// <summary>Full name of the generated type in every precompiled assembly.</summary>
    public const string TypeName = "Cilantro.Precompiled.WasmModule";

    /// <summary>A collectible load context per image; Cilantro itself resolves to the running library.</summary>
    private sealed class ImageContext() : AssemblyLoadContext("cilantro.aot", isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName name) =>
            name.Name == typeof(PrecompiledLoader).Assembly.GetName().Name ? typeof(PrecompiledLoader).Assembly : null;
    }

    /// <summary>Loads an image into a fresh collectible context.</summary>
    public static Assembly LoadImage(ReadOnlyMemory<byte> image)
    {
        try
        {
            using var s = new MemoryStream(image.ToArray(), writable: false);
            return new ImageContext().LoadFromStream(s);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or IOException)
        {
            throw new PrecompiledCodeException("the precompiled image is not a loadable .NET assembly: " + e.Message, e);
        }
    }

    /// <summary>Creates the generated code object of an assembly.</summary>
    public static PrecompiledCode Instantiate(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        Type? t;
        try
        {
            t = assembly.GetType(TypeName, throwOnError: false);
            if (t is null || !typeof(PrecompiledCode).IsAssignableFrom(t))
                throw new PrecompiledCodeException($"{assembly.GetName().Name} is not a Cilantro precompiled module (no type {TypeName})");
            return (PrecompiledCode)Activator.CreateInstance(t)!;
        }
        catch (Exception e) when (e is not PrecompiledCodeException and not OutOfMemoryException)
        {
            throw new PrecompiledCodeException($"{assembly.GetName().Name} cannot be used: {e.Message}", e);
        }
    }

    /// <summary>Why code compiled under (build, features) does not fit this build and engine, or null when it does.</summary>
    private static string? Mismatch(string builtBy, int featureBits, Engine engine)
    {
        if (builtBy != AotCompiler.CilantroBuild) return $"built by Cilantro {builtBy}, this is {AotCompiler.CilantroBuild}";
        int mine = AotCompiler.FeatureBits(engine.Options.Features);
        if (featureBits != mine) return $"compiled with other options: proposals {featureBits:x}, the engine uses {mine:x}";
        return null;
    }

    /// <summary>Checks the code's key, decodes and validates its module, and registers the compiled code for it.</summary>
    public static ModuleDefinition Bind(Engine engine, PrecompiledCode code, out string key)
    {
        if (engine.Options.Kind != EngineKind.Compiler)
            throw new PrecompiledCodeException("precompiled code runs on the compiler engine (EngineKind.Compiler)");
        string builtBy, stored;
        int bits, level;
        byte[] wasm;
        try
        {
            builtBy = code.BuiltBy;
            bits = code.FeatureBits;
            level = code.OptimizationLevel;
            stored = code.Key;
            wasm = code.Wasm.ToArray();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new PrecompiledCodeException("the precompiled code cannot be read: " + e.Message, e);
        }
        if (Mismatch(builtBy, bits, engine) is { } why) throw new PrecompiledCodeException(why);
        key = AotCompiler.KeyOf(wasm, AotCompiler.CilantroBuild, bits, level);
        if (key != stored) throw new PrecompiledCodeException("key mismatch: module bytes changed");
        var def = ModuleDecoder.Decode(wasm, engine.Options.Features);
        ModuleValidator.Validate(def, engine.Options.Features);
        Attach(def, code);
        return def;
    }

    private static void Attach(ModuleDefinition def, PrecompiledCode code)
    {
        try
        {
            CompiledModule.AttachPrecompiled(def, code);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not PrecompiledCodeException)
        {
            throw new PrecompiledCodeException("the precompiled code cannot be bound: " + e.Message, e);
        }
    }

    /// <summary>
    /// For a module decoded from <paramref name="bytes"/> on a compiler engine: uses the code of its
    /// <c>cilantro.aot</c> section when the key matches, and otherwise says why not (the module is then compiled at run time).
    /// </summary>
    public static PrecompiledStatus TryAttach(Engine engine, ModuleDefinition def, ReadOnlyMemory<byte> bytes)
    {
        if (!UniversalModule.TryFind(bytes, out var sec, out var error)) return PrecompiledStatus.None;
        if (sec is null) return new PrecompiledStatus(false, error);
        if (Mismatch(sec.BuiltBy, sec.FeatureBits, engine) is { } why) return new PrecompiledStatus(false, why);
        var original = UniversalModule.Without(bytes.Span, sec.Start, sec.End);
        string key = AotCompiler.KeyOf(original, AotCompiler.CilantroBuild, sec.FeatureBits, sec.Level);
        if (key != sec.KeyHex) return new PrecompiledStatus(false, "key mismatch: module bytes changed");
        if (!sec.ImageIntact) return new PrecompiledStatus(false, "the embedded assembly is corrupt (its checksum does not match)");
        try
        {
            var code = Instantiate(LoadImage(sec.Image));
            if (code.Key != key) return new PrecompiledStatus(false, "the embedded assembly was compiled for another key");
            CompiledModule.AttachPrecompiled(def, code);
            return new PrecompiledStatus(true, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new PrecompiledStatus(false, e is PrecompiledCodeException ? e.Message : "the embedded assembly cannot be used: " + e.Message);
        }
    }
}
