using Cilantro.Model;
using Cilantro.Wasi;

namespace Cilantro.Aot;

/// <summary>What a native executable made by <c>cilantro compile --native</c> grants its module (fixed at compile time).</summary>
public sealed record NativeHostOptions
{
    /// <summary>The program name the guest sees as <c>argv[0]</c>.</summary>
    public string ProgramName { get; init; } = "main";
    /// <summary>Environment variables of the guest (NAME, VALUE).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];
    /// <summary>Preopened directories (HOST path, relative paths resolve against the working directory at run time; GUEST path).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Directories { get; init; } = [];
    /// <summary>When set, call this export with the command-line arguments (parsed by its parameter types) and print its results, instead of running <c>_start</c>.</summary>
    public string? Invoke { get; init; }
}

/// <summary>
/// The main program of a native executable built by <c>cilantro compile --native</c>: runs a precompiled module as a
/// WASI command (guest <c>argv</c> = the executable's arguments) or calls one export. Uses no reflection and no
/// System.Reflection.Emit, so it runs under NativeAOT without any JIT.
/// </summary>
public static class NativeHost
{
    /// <summary>Runs the module; returns the process exit code (the guest's, or 1 when it cannot start or it traps, 2 for bad arguments).</summary>
    /// <param name="code">The generated code object (<c>new Cilantro.Precompiled.WasmModule()</c>).</param>
    /// <param name="args">The executable's command-line arguments.</param>
    /// <param name="options">What the module is granted.</param>
    public static int Run(PrecompiledCode code, string[] args, NativeHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(options);
        var stderr = Console.Error;
        string name = options.ProgramName;
        try
        {
            var engine = new Engine(new EngineOptions { Kind = EngineKind.Compiler });
            var module = Module.FromPrecompiled(engine, code, name);
            var config = new WasiConfiguration().WithArgs([name, .. options.Invoke is null ? args : []]).WithInheritedStdio();
            foreach (var (key, value) in options.Environment) config.WithEnv(key, value);
            foreach (var (host, guest) in options.Directories)
            {
                if (!Directory.Exists(host))
                {
                    stderr.WriteLine($"{name}: error: no such directory '{host}' (granted as {guest})");
                    return 1;
                }
                config.WithPreopenedDirectory(host, guest);
            }
            var store = new Store(engine);
            var linker = new Linker(engine);
            using var wasi = linker.DefineWasi(config);
            DefineBenchHooks(linker, module);
            try
            {
                var instance = linker.Instantiate(store, module);
                wasi.Attach(instance);
                if (options.Invoke is null)
                {
                    var start = instance.TryGetFunction("_start");
                    if (start is null)
                    {
                        stderr.WriteLine($"{name}: error: the module exports no _start function (not a WASI command)");
                        return 1;
                    }
                    start.Call(store);
                    return 0;
                }
                return Invoke(store, instance, options.Invoke, args, name);
            }
            catch (WasiExitException e)
            {
                return e.ExitCode;
            }
        }
        catch (TrapException e)
        {
            Console.Out.Flush();
            stderr.WriteLine($"{name}: trap: {OneLine(e.Message)}");
            return 1;
        }
        catch (Exception e) when (e is LinkException or WasmException or PrecompiledCodeException)
        {
            stderr.WriteLine($"{name}: error: {OneLine(e.Message)}");
            return 1;
        }
        finally
        {
            Console.Out.Flush();
        }
    }

    private static int Invoke(Store store, Instance instance, string export, string[] args, string name)
    {
        var target = instance.TryGetFunction(export);
        if (target is null)
        {
            Console.Error.WriteLine($"{name}: error: the module exports no function named '{export}'");
            return 1;
        }
        var parameters = target.Type.Params;
        if (args.Length != parameters.Length)
        {
            Console.Error.WriteLine($"{name}: usage: {name} {Usage(parameters)}  (calls '{export}')");
            return 2;
        }
        var values = new Value[parameters.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (!ValueText.TryParse(args[i], parameters[i], out values[i]))
            {
                Console.Error.WriteLine($"{name}: argument {i + 1} must be {ValueText.Describe(parameters[i])}, got '{args[i]}'");
                return 2;
            }
        }
        if (export != "_initialize" && instance.TryGetFunction("_initialize") is { } init && init.Type.Params.Length == 0)
            init.Call(store);
        var results = target.Call(store, values);
        Console.Out.Flush();
        foreach (var r in results) Console.Out.WriteLine(ValueText.Format(r));
        return 0;
    }

    /// <summary>Sightglass benchmarks bracket their measured region with <c>bench.start</c>/<c>bench.end</c>: no-ops here.</summary>
    private static void DefineBenchHooks(Linker linker, Module module)
    {
        foreach (var import in module.Definition.Imports)
        {
            if (import.Module == "bench" && import.Kind == ExternKind.Func && import.Name is "start" or "end")
                linker.DefineFunction("bench", import.Name, () => { });
        }
    }

    private static string Usage(ValType[] parameters)
    {
        var parts = new string[parameters.Length];
        for (int i = 0; i < parts.Length; i++) parts[i] = parameters[i].ToString().ToUpperInvariant();
        return string.Join(' ', parts);
    }

    private static string OneLine(string s) => s.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ');
}
