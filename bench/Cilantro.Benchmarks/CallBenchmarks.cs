using BenchmarkDotNet.Attributes;

namespace Cilantro.Benchmarks;

/// <summary>
/// Call overhead per engine: host→Wasm through the typed delegates (<c>GetFunction</c>/<c>GetAction</c>) and the untyped
/// <see cref="Function.Call(Store, ReadOnlySpan{Value})"/>, and Wasm→host (a guest loop calling an imported host function),
/// next to Wasm→Wasm calls of the same shape. The loop benchmarks report the time of one call (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class CallBenchmarks
{
    /// <summary>Calls made by one invocation of the loop benchmarks.</summary>
    public const int LoopCalls = 1000;

    private const string Wat = """
        (module
          (import "env" "inc" (func $inc (param i32) (result i32)))
          (func (export "nop"))
          (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
          (func $winc (param i32) (result i32) local.get 0 i32.const 1 i32.add)
          (func (export "callhost") (param i32) (result i32) (local i32)
            block loop local.get 1 local.get 0 i32.ge_u br_if 1
              local.get 1 call $inc local.set 1 br 0 end end
            local.get 1)
          (func (export "callwasm") (param i32) (result i32) (local i32)
            block loop local.get 1 local.get 0 i32.ge_u br_if 1
              local.get 1 call $winc local.set 1 br 0 end end
            local.get 1))
        """;

    private Store _store = null!;
    private Action _nop = null!;
    private Func<int, int, int> _add = null!;
    private Function _addUntyped = null!;
    private Func<int, int> _callHost = null!, _callWasm = null!;

    /// <summary>The engine.</summary>
    [ParamsAllValues]
    public EngineKind Engine { get; set; }

    /// <summary>Instantiates the module with the host function <c>env.inc</c>.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var engine = new Engine(new EngineOptions { Kind = Engine });
        var linker = new Linker(engine);
        linker.DefineFunction<int, int>("env", "inc", x => x + 1);
        _store = new Store(engine);
        var instance = linker.Instantiate(_store, Module.FromText(engine, Wat));
        _nop = instance.GetAction("nop");
        _add = instance.GetFunction<int, int, int>("add");
        _addUntyped = instance.GetFunction("add");
        _callHost = instance.GetFunction<int, int>("callhost");
        _callWasm = instance.GetFunction<int, int>("callwasm");
        if (_callHost(LoopCalls) != LoopCalls || _callWasm(LoopCalls) != LoopCalls || _add(2, 3) != 5)
            throw new InvalidOperationException("the call benchmark module computes wrong results");
    }

    /// <summary>Host→Wasm: a typed call of a function without parameters or results.</summary>
    [Benchmark(Baseline = true)]
    public void HostToWasmNop() => _nop();

    /// <summary>Host→Wasm: a typed call of <c>(i32, i32) → i32</c>.</summary>
    [Benchmark]
    public int HostToWasmTyped() => _add(1, 2);

    /// <summary>Host→Wasm: the same call through <see cref="Function.Call(Store, ReadOnlySpan{Value})"/> (checks and boxes into <see cref="Value"/>s).</summary>
    [Benchmark]
    public Value[] HostToWasmUntyped() => _addUntyped.Call(_store, 1, 2);

    /// <summary>Wasm→host: one call of an imported host function <c>i32 → i32</c>, from a guest loop.</summary>
    [Benchmark(OperationsPerInvoke = LoopCalls)]
    public int WasmToHost() => _callHost(LoopCalls);

    /// <summary>Wasm→Wasm: one call of a guest function <c>i32 → i32</c>, from the same kind of loop (for comparison).</summary>
    [Benchmark(OperationsPerInvoke = LoopCalls)]
    public int WasmToWasm() => _callWasm(LoopCalls);
}
