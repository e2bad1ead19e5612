using BenchmarkDotNet.Attributes;
using Cilantro.Wasi;

namespace Cilantro.Benchmarks;

/// <summary>
/// Instantiation of an already loaded module per engine: imports resolved, memory allocated, data and element
/// segments copied, globals initialised (compiled code is built on first use and cached per module, so this measures
/// instantiation itself). <c>small</c> is a synthetic module with one page, a table and a few segments; the others are
/// sightglass modules (WASI and the <c>bench</c> host module are linked). <see cref="NewStore"/> shows what the fresh store
/// of each instantiation costs by itself.
/// </summary>
/// <remarks>
/// Each instance's memory is native and freed by a finalizer; the invocation count is fixed so the garbage between
/// BenchmarkDotNet's forced collections stays bounded.
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(256)]
public class InstantiationBenchmarks
{
    private const string SmallWat = """
        (module
          (memory 1)
          (table 8 funcref)
          (global $g (mut i32) (i32.const 7))
          (global i64 (i64.const 9))
          (func $a (result i32) global.get $g)
          (func $b (result i32) i32.const 2)
          (elem (i32.const 0) $a $b $a $b)
          (data (i32.const 0) "hello, instantiation")
          (data (i32.const 1024) "another segment")
          (export "a" (func $a)) (export "memory" (memory 0)))
        """;

    private Engine _engine = null!;
    private Linker _linker = null!;
    private Module _module = null!;

    /// <summary>The engine.</summary>
    [ParamsAllValues]
    public EngineKind Engine { get; set; }

    /// <summary><c>small</c>, or a sightglass module (see <see cref="Corpus.Selected"/>).</summary>
    [ParamsSource(nameof(Modules))]
    public string Module { get; set; } = "";

    /// <summary>Candidate modules.</summary>
    public static IEnumerable<string> Modules() => ["small", .. Corpus.Selected()];

    /// <summary>Loads the module and links its imports.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _engine = new Engine(new EngineOptions { Kind = Engine });
        _linker = new Linker(_engine);
        if (Module == "small")
        {
            _module = Cilantro.Module.FromText(_engine, SmallWat);
            return;
        }
        _module = Cilantro.Module.FromFile(_engine, Corpus.PathOf(Module));
        _linker.DefineWasi(new WasiConfiguration());
        _linker.DefineFunction("bench", "start", () => { });
        _linker.DefineFunction("bench", "end", () => { });
        Instantiate();
    }

    /// <summary>One instantiation in a fresh store.</summary>
    [Benchmark]
    public Instance Instantiate() => _linker.Instantiate(new Store(_engine), _module);

    /// <summary>Creating the fresh store alone (its value stack), to tell it apart from instantiation.</summary>
    [Benchmark]
    public Store NewStore() => new(_engine);
}
