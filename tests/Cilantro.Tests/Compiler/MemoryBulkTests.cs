using Xunit;

namespace Cilantro.Tests.Compiler;

/// <summary>memory.copy and memory.fill in compiled code (short ones through the C library, long ones through .NET) agree with the interpreter.</summary>
public class MemoryBulkTests
{
    private const string Wat = """
        (module (memory 8)
          (func (export "run") (param $d i32) (param $s i32) (param $n i32) (result i32) (local $i i32) (local $h i32)
            ;; a pattern, then fill part of it, then the copy; returns a hash of the first 512 KiB
            (loop $p
              (i32.store8 (local.get $i) (i32.mul (local.get $i) (i32.const 31)))
              (br_if $p (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 524288))))
            (memory.fill (i32.add (local.get $s) (i32.const 3)) (i32.const 0x1A7) (i32.shr_u (local.get $n) (i32.const 1)))
            (memory.copy (local.get $d) (local.get $s) (local.get $n))
            (local.set $i (i32.const 0))
            (loop $h
              (local.set $h (i32.add (i32.mul (local.get $h) (i32.const 16777619)) (i32.load8_u (local.get $i))))
              (br_if $h (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 524288))))
            (local.get $h)))
        """;

    private static int? Run(EngineKind kind, int d, int s, int n)
    {
        var engine = new Engine(new EngineOptions { Kind = kind });
        var inst = new Linker(engine).Instantiate(new Store(engine), Module.FromText(engine, Wat));
        try
        {
            return inst.GetFunction<int, int, int, int>("run")(d, s, n);
        }
        catch (TrapException e)
        {
            Assert.Equal("out of bounds memory access", e.Message);
            return null;
        }
    }

    [Theory]
    [InlineData(101, 100, 1000)]      // overlapping, forwards and backwards
    [InlineData(100, 101, 1000)]
    [InlineData(1, 0, 300_000)]       // longer than the direct C library call
    [InlineData(0, 2, 300_000)]
    [InlineData(4096, 70_000, 64)]
    [InlineData(0, 524_200, 100)]
    [InlineData(524_288 - 10, 0, 0)]
    [InlineData(524_288 - 10, 0, 11)] // out of bounds: traps
    public void CopyAndFillAgreeWithTheInterpreter(int d, int s, int n) =>
        Assert.Equal(Run(EngineKind.Interpreter, d, s, n), Run(EngineKind.Compiler, d, s, n));
}
