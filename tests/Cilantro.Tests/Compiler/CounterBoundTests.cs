using Cilantro.Compiler;
using Xunit;

namespace Cilantro.Tests.Compiler;

/// <summary>
/// Counter bounds at loop headers (FunctionCompiler.FindCounter/CounterBound) from signed exit tests
/// (<c>c = c + k; c lt_s L</c>, <c>L gt_s c</c>, le_s, ge_s) and limits held in locals, and the zero a declared local
/// starts with: each runs under the compiler and the interpreter, which must agree (a check removed on a wrong bound
/// turns a trap into a read past the memory), at the last address in bounds and the first one past it.
/// </summary>
public class CounterBoundTests
{
    private static long? Run(EngineKind kind, string body, int p)
    {
        string wat = $$"""
            (module (memory 1)
              (func (export "run") (param i32) (result i64) (local i32 i32 i64)
                {{body}}
                (local.get 3)))
            """;
        var engine = new Engine(new EngineOptions { Kind = kind });
        var module = Module.FromText(engine, wat);
        var inst = new Linker(engine).Instantiate(new Store(engine), module);
        if (kind == EngineKind.Compiler) Assert.Equal(0, CompiledModule.Get(module.Definition, new CompilerLimits()).InterpretedCount);
        try
        {
            return inst.GetFunction<int, long>("run")(p);
        }
        catch (TrapException e)
        {
            Assert.Equal("out of bounds memory access", e.Message);
            return null;
        }
    }

    private static void Check(string body, int p, bool traps)
    {
        var compiled = Run(EngineKind.Compiler, body, p);
        Assert.Equal(Run(EngineKind.Interpreter, body, p), compiled);
        Assert.Equal(traps, compiled is null);
    }

    // Sums the i32 at 4 * c for c from its start (0, the declared local's initial value) while the test holds.
    private static string Loop(string test) => $"""
        (loop
          (local.set 3 (i64.add (local.get 3) (i64.extend_i32_u (i32.load (i32.shl (local.get 1) (i32.const 2))))))
          {test}
          (br_if 0))
        """;

    [Theory]
    [InlineData(16384, false)] // the last load is at 65532
    [InlineData(16385, true)]
    public void LtSAgainstAConstant(int limit, bool traps) =>
        Check(Loop($"local.get 1 i32.const 1 i32.add local.tee 1 i32.const {limit} i32.lt_s"), 0, traps);

    [Theory]
    [InlineData(16383, false)]
    [InlineData(16384, true)]
    public void LeSAgainstAConstant(int limit, bool traps) =>
        Check(Loop($"local.get 1 i32.const 1 i32.add local.tee 1 i32.const {limit} i32.le_s"), 0, traps);

    [Theory]
    [InlineData(16384, false)]
    [InlineData(16385, true)]
    [InlineData(-1, false)] // a negative limit: one iteration
    public void GtSAgainstABoundedLocal(int p, bool traps) => Check($"""
        (local.set 2 (i32.and (local.get 0) (i32.const 0x8000ffff)))
        {Loop("local.get 2 local.get 1 i32.const 1 i32.add local.tee 1 i32.gt_s")}
        """, p, traps);

    [Theory]
    [InlineData(16383, false)] // the counter's last value is 16382
    [InlineData(16384, true)]
    public void GeSWithAStepOfTwo(int p, bool traps) => Check($"""
        (local.set 2 (i32.and (local.get 0) (i32.const 0xffff)))
        {Loop("local.get 2 local.get 1 i32.const 2 i32.add local.tee 1 i32.ge_s")}
        """, p, traps);

    [Theory]
    [InlineData(16384, false)]
    [InlineData(16385, true)]
    public void LtUAgainstABoundedLocal(int p, bool traps) => Check($"""
        (local.set 2 (i32.and (local.get 0) (i32.const 0xffff)))
        {Loop("local.get 1 i32.const 1 i32.add local.tee 1 local.get 2 i32.lt_u")}
        """, p, traps);

    [Fact]
    public void ALimitTheLoopSetsHasNoBound() => Check($"""
        (local.set 2 (i32.and (local.get 0) (i32.const 0xff)))
        {Loop("(local.set 2 (i32.add (local.get 2) (i32.const 1))) local.get 1 i32.const 1 i32.add local.tee 1 local.get 2 i32.lt_s")}
        """, 10, traps: true);

    [Fact]
    public void ACounterThatCouldOverflowHasNoBound() => Check("""
        (local.set 1 (i32.const 0x7fff0000))
        (loop
          (local.set 3 (i64.add (local.get 3) (i64.extend_i32_u (i32.load (i32.and (local.get 1) (i32.const 0x80000000))))))
          local.get 1 i32.const 0x10000 i32.add local.tee 1 i32.const 100 i32.lt_s
          (br_if 0))
        """, 0, traps: true);

    [Theory]
    [InlineData(100, false)]
    [InlineData(0x4000, true)]
    public void ALocalSetLaterInTheLoopIsNotZeroAtTheHeader(int p, bool traps) => Check("""
        (loop
          (local.set 3 (i64.add (local.get 3) (i64.extend_i32_u (i32.load (i32.shl (local.get 1) (i32.const 2))))))
          (local.set 1 (local.get 0))
          (br_if 0 (i32.lt_u (local.tee 2 (i32.add (local.get 2) (i32.const 1))) (i32.const 2))))
        """, p, traps);
}
