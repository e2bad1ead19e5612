using Cilantro.Aot;
using Xunit;

namespace Cilantro.Tests.Aot;

/// <summary>A universal module stays a plain WebAssembly module for other runtimes (Wasmtime, from its NuGet package).</summary>
public sealed class UniversalModuleValidityTests
{
    [Fact]
    public void WasmtimeRunsTheUniversalModuleUnchanged()
    {
        var universal = AotCompiler.Compile(AotTests.Bytes).ToUniversalWasm();
        using var engine = new Wasmtime.Engine();
        using var module = Wasmtime.Module.FromBytes(engine, "universal", universal);
        using var store = new Wasmtime.Store(engine);
        var instance = new Wasmtime.Instance(store, module);
        Assert.Equal(6765, instance.GetFunction<int, int>("fib")!(20));
        Assert.Equal(42, instance.GetFunction<int, int, int>("indirect")!(1, 21));
        Assert.Equal(12, instance.GetFunction<int, int>("simd")!(10));
    }
}
