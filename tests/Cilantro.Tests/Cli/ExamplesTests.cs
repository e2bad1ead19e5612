using System.Buffers.Binary;
using System.Text;
using Cilantro.Model;
using Cilantro.Tests.Robustness;
using Xunit;

namespace Cilantro.Tests.Cli;

/// <summary>The modules in <c>examples/</c> compute what examples/README.md says.</summary>
public sealed class ExamplesTests
{
    private static string Example(string name) => File.ReadAllText(Path.Combine(SharedCorpus.RepoRoot(), "examples", name));

    [Fact]
    public void FibComputesFibonacciNumbers()
    {
        var engine = new Engine();
        var module = Module.FromText(engine, Example("fib.wat"), "fib");
        var instance = new Linker(engine).Instantiate(new Store(engine), module);
        var fib = instance.GetFunction<int, int>("fib");
        var iter = instance.GetFunction<int, int>("fib_iter");
        var fib64 = instance.GetFunction<int, long>("fib64");
        int[] expected = [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55];
        for (int n = 0; n < expected.Length; n++)
        {
            Assert.Equal(expected[n], fib(n));
            Assert.Equal(expected[n], iter(n));
        }
        Assert.Equal(6765, fib(20));
        Assert.Equal(832040, iter(30));
        Assert.Equal(2880067194370816120L, fib64(90));
    }

    [Fact]
    public void HelloWasiWritesItsGreetingWithFdWrite()
    {
        var engine = new Engine();
        var module = Module.FromText(engine, Example("hello-wasi.wat"), "hello");
        var linker = new Linker(engine);
        var stdout = new MemoryStream();
        Instance? instance = null;
        int? exitCode = null;
        linker.DefineFunction("wasi_snapshot_preview1", "fd_write",
            new FuncType([ValType.I32, ValType.I32, ValType.I32, ValType.I32], [ValType.I32]),
            (args, results) =>
            {
                var memory = instance!.GetMemory("memory").GetSpan();
                int fd = args[0].AsInt32(), iovs = args[1].AsInt32(), count = args[2].AsInt32(), nwritten = args[3].AsInt32();
                Assert.Equal(1, fd);
                int total = 0;
                for (int i = 0; i < count; i++)
                {
                    int buf = BinaryPrimitives.ReadInt32LittleEndian(memory[(iovs + 8 * i)..]);
                    int len = BinaryPrimitives.ReadInt32LittleEndian(memory[(iovs + 8 * i + 4)..]);
                    stdout.Write(memory.Slice(buf, len));
                    total += len;
                }
                BinaryPrimitives.WriteInt32LittleEndian(memory[nwritten..], total);
                results[0] = Value.I32(0);
            });
        linker.DefineFunction("wasi_snapshot_preview1", "proc_exit",
            new FuncType([ValType.I32], []), (args, _) => exitCode = args[0].AsInt32());
        instance = linker.Instantiate(new Store(engine), module);
        instance.GetFunction("_start").Call();
        Assert.Equal("Hello, WASI!\n", Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.Null(exitCode);
    }
}
