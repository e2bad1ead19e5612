using Cilantro.Compiler;
using Xunit;

namespace Cilantro.Tests.Compiler;

/// <summary>
/// Bounds-check elimination across structured control flow: a check made before a construct covers the accesses
/// after it, but never one whose address may differ on some path (a local set in a loop, a check made on one arm
/// or one iteration only). Every case runs under the compiler and the interpreter, which must agree.
/// </summary>
public class BoundsCheckTests
{
    private static int? Run(EngineKind kind, string body, int p, int q)
    {
        string wat = $$"""
            (module (memory 1)
              (func (export "run") (param i32 i32) (result i32) (local i32)
                {{body}}))
            """;
        var engine = new Engine(new EngineOptions { Kind = kind });
        var module = Module.FromText(engine, wat);
        var inst = new Linker(engine).Instantiate(new Store(engine), module);
        if (kind == EngineKind.Compiler) Assert.Equal(0, CompiledModule.Get(module.Definition, new CompilerLimits()).InterpretedCount);
        try
        {
            return inst.GetFunction<int, int, int>("run")(p, q);
        }
        catch (TrapException e)
        {
            Assert.Equal("out of bounds memory access", e.Message);
            return null;
        }
    }

    private static void Check(string body, int p, int q, bool traps)
    {
        var compiled = Run(EngineKind.Compiler, body, p, q);
        Assert.Equal(Run(EngineKind.Interpreter, body, p, q), compiled);
        Assert.Equal(traps, compiled is null);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(65532, false)]
    [InlineData(65533, true)]
    public void ACheckBeforeAnIfCoversBothArmsAndTheCodeAfter(int p, bool traps) => Check("""
        (drop (i32.load offset=0 (local.get 0)))
        (if (local.get 1) (then (drop (i32.load8_u (local.get 0)))) (else (drop (i32.load16_u (local.get 0)))))
        (i32.load (local.get 0))
        """, p, 1, traps);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void ACheckOnOneArmDoesNotCoverTheOther(int q)
    {
        // then: a load at p; else: a load at p + 4 (offset): p = 65532 passes the then arm only.
        const string body = """
            (if (result i32) (local.get 1) (then (i32.load (local.get 0))) (else (i32.load offset=4 (local.get 0))))
            (drop (i32.load offset=4 (local.get 0)))
            """;
        Check(body, 65532, q, traps: true);
        Check(body, 100, q, traps: false);
    }

    [Fact]
    public void ACheckInOneIterationDoesNotCoverTheNextWhenTheLocalChanges() => Check("""
        (local.set 2 (i32.const 3))
        (loop
          (drop (i32.load (local.get 0)))
          (local.set 0 (i32.add (local.get 0) (i32.const 32768)))
          (br_if 0 (local.tee 2 (i32.sub (local.get 2) (i32.const 1)))))
        (i32.const 0)
        """, 0, 0, traps: true);

    [Fact]
    public void ACheckBeforeALoopDoesNotCoverTheLoopWhenTheLocalChangesInIt() => Check("""
        (drop (i32.load (local.get 0)))
        (local.set 2 (i32.const 2))
        (loop
          (drop (i32.load (local.get 0)))
          (local.set 0 (i32.add (local.get 0) (i32.const 65536)))
          (br_if 0 (local.tee 2 (i32.sub (local.get 2) (i32.const 1)))))
        (i32.const 0)
        """, 0, 0, traps: true);

    [Theory]
    [InlineData(65532, false)]
    [InlineData(65533, true)]
    public void ACheckBeforeALoopCoversTheCodeAfterIt(int p, bool traps) => Check("""
        (drop (i32.load (local.get 0)))
        (local.set 2 (i32.const 3))
        (loop (br_if 0 (local.tee 2 (i32.sub (local.get 2) (i32.const 1)))))
        (i32.load (local.get 0))
        """, p, 0, traps);

    [Theory]
    [InlineData(0, 65532, false)]
    [InlineData(1, 65532, false)]
    [InlineData(1, 65533, true)] // the load in the loop is skipped: the one after it must check
    [InlineData(0, 65533, true)]
    public void AConditionalCheckInALoopDoesNotCoverTheCodeAfterIt(int q, int p, bool traps) => Check("""
        (local.set 2 (i32.const 2))
        (loop
          (if (i32.eqz (local.get 1)) (then (drop (i32.load (local.get 0)))))
          (br_if 0 (local.tee 2 (i32.sub (local.get 2) (i32.const 1)))))
        (i32.load (local.get 0))
        """, p, q, traps);

    [Theory]
    [InlineData(0, 100, false)]
    [InlineData(1, 65533, true)] // leaves the loop before its load: the one after the block must check
    public void ACheckAfterAnExitFromALoopDoesNotCoverTheExit(int q, int p, bool traps) => Check("""
        (block
          (loop
            (br_if 1 (local.get 1))
            (drop (i32.load (local.get 0)))
            (br 1)))
        (i32.load (local.get 0))
        """, p, q, traps);

    [Theory]
    [InlineData("(local.get 0)", 0, false)]
    [InlineData("(local.get 0)", 65533, true)]
    [InlineData("(i32.const 0)", 0, false)]
    [InlineData("(i32.const 0)", 65533, true)]
    public void ALoopParameterIsNotTheLocalOrConstantItCameFrom(string initial, int q, bool traps) => Check($$"""
        (local.set 2 (i32.const 2))
        {{initial}}
        (loop (param i32) (result i32)
          (drop (i32.load (local.get 0)))
          (drop (i32.load))
          (local.get 1)
          (br_if 0 (local.tee 2 (i32.sub (local.get 2) (i32.const 1)))))
        (drop)
        (i32.const 0)
        """, 0, q, traps);

    [Theory]
    [InlineData(65532, false)]
    [InlineData(65533, true)] // the narrower check before the loop does not cover the wider load in it
    public void ACheckBeforeALoopCoversOnlyWhatItChecked(int p, bool traps) => Check("""
        (drop (i32.load8_u (local.get 0)))
        (local.set 2 (i32.const 2))
        (loop
          (drop (i32.load8_u (local.get 0)))
          (drop (i32.load (local.get 0)))
          (br_if 0 (local.tee 2 (i32.sub (local.get 2) (i32.const 1)))))
        (i32.const 0)
        """, p, 0, traps);

    [Theory]
    [InlineData(0, true)]     // the inner loop moves the address out of bounds: the outer loop's next load traps
    [InlineData(1, false)]    // the inner loop never runs
    public void ALocalSetInANestedLoopLosesItsCheckInTheOuterLoop(int q, bool traps) => Check("""
        (drop (i32.load (local.get 0)))
        (local.set 2 (i32.const 2))
        (loop
          (drop (i32.load (local.get 0)))
          (block
            (br_if 0 (local.get 1))
            (loop (local.set 0 (i32.add (local.get 0) (i32.const 65536)))))
          (br_if 0 (local.tee 2 (i32.sub (local.get 2) (i32.const 1)))))
        (i32.const 0)
        """, 0, q, traps);

    [Theory]
    [InlineData(65532, false)]
    [InlineData(65533, true)]
    public void ALoadAtTheStartOfALoopIsCheckedOnEntry(int p, bool traps) => Check("""
        (local.set 2 (i32.const 3))
        (loop
          (drop (i32.load8_u offset=2 (local.get 0)))
          (drop (i32.load (local.get 0)))
          (br_if 0 (local.tee 2 (i32.sub (local.get 2) (i32.const 1)))))
        (i32.const 0)
        """, p, 0, traps);

    /// <summary>What happens before a loop's first out-of-bounds load still happens (a store; a trap of another kind).</summary>
    [Theory]
    [InlineData(EngineKind.Compiler)]
    [InlineData(EngineKind.Interpreter)]
    public void EffectsBeforeALoopsFirstLoadComeFirst(EngineKind kind)
    {
        const string wat = """
            (module (memory (export "mem") 1)
              (func (export "run") (param i32 i32) (result i32)
                (loop
                  (i32.store8 (i32.const 0) (i32.const 7))
                  (drop (i32.load (local.get 0)))
                  (drop (i32.div_u (i32.const 1) (local.get 1)))
                  (drop (i32.load offset=4 (local.get 0))))
                (i32.const 0))
              (func (export "run2") (param i32 i32) (result i32)
                (loop
                  (drop (i32.load (local.get 0)))
                  (drop (i32.div_u (i32.const 1) (local.get 1)))
                  (drop (i32.load offset=4 (local.get 0))))
                (i32.const 0)))
            """;
        var engine = new Engine(new EngineOptions { Kind = kind });
        var inst = new Linker(engine).Instantiate(new Store(engine), Module.FromText(engine, wat));
        var e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int, int>("run")(65536, 1));
        Assert.Equal("out of bounds memory access", e.Message);
        Assert.Equal(7, inst.GetMemory("mem").ReadByte(0));
        e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int, int>("run")(65530, 0));
        Assert.Equal("integer divide by zero", e.Message);
        e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int, int>("run2")(65530, 0));
        Assert.Equal("integer divide by zero", e.Message);
        e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int, int>("run2")(65533, 0));
        Assert.Equal("out of bounds memory access", e.Message);
    }

    [Theory]
    [InlineData(64532, false)]
    [InlineData(64533, true)]
    [InlineData(65533, true)]
    public void LoadsBeyondTheHoistedOnesAtALoopsStartKeepTheirOwnChecks(int p, bool traps)
    {
        // 40 loads through local 0 at the loop's start, more than are checked before the loop; the last reaches
        // furthest, so p = 64533 traps at it alone.
        var loads = string.Concat(Enumerable.Range(0, 39).Select(k => $"(drop (i32.load offset={k} (local.get 0)))\n"));
        Check($$"""
            (loop $l
              {{loads}}
              (drop (i32.load offset=1000 (local.get 0)))
              (local.set 2 (i32.add (local.get 2) (i32.const 1)))
              (br_if $l (i32.lt_u (local.get 2) (i32.const 3))))
            (local.get 2)
            """, p, 0, traps);
    }

    // Addresses known to be small (a byte, a masked or shifted value, through a local) need no check below the
    // memory's minimum size (one page here): the cases just past it must still trap.
    [Theory]
    [InlineData("(i32.and (local.get 0) (i32.const 255))", 65280, -1, false)]
    [InlineData("(i32.and (local.get 0) (i32.const 255))", 65281, 255, true)]
    [InlineData("(i32.and (local.get 0) (i32.const 255))", 65281, 254, false)]
    [InlineData("(i32.shr_u (local.get 0) (i32.const 24))", 65281, -1, true)]
    [InlineData("(i32.shr_u (local.get 0) (i32.const 24))", 65280, -1, false)]
    [InlineData("(i32.shr_u (local.get 0) (i32.load8_u (i32.const 0)))", 65280, -1, true)]
    [InlineData("(i32.rem_u (local.get 0) (i32.const 256))", 65281, 255, true)]
    [InlineData("(i32.rem_u (local.get 0) (i32.const 256))", 65280, -1, false)]
    [InlineData("(i32.shl (i32.and (local.get 0) (i32.const 63)) (i32.const 2))", 65283, 63, false)]
    [InlineData("(i32.shl (i32.and (local.get 0) (i32.const 63)) (i32.const 2))", 65284, 63, true)]
    [InlineData("(i32.add (i32.load8_u (local.get 1)) (i32.and (local.get 0) (i32.const 255)))", 65026, 255, true)]
    [InlineData("(i32.xor (i32.load8_u (local.get 1)) (i32.and (local.get 0) (i32.const 255)))", 65280, -1, false)]
    [InlineData("(i32.xor (i32.load8_u (local.get 1)) (i32.and (local.get 0) (i32.const 256)))", 65024, -1, false)]
    [InlineData("(i32.xor (i32.and (local.get 0) (i32.const 256)) (i32.const 255))", 65025, 256, true)]
    [InlineData("(i32.mul (i32.and (local.get 0) (i32.const 255)) (i32.and (local.get 0) (i32.const 255)))", 536, 255, true)]
    [InlineData("(i32.mul (local.get 0) (i32.const 0))", 65535, -1, false)]
    [InlineData("(i32.lt_u (local.get 0) (local.get 1))", 65534, -1, false)]
    [InlineData("(i32.clz (local.get 0))", 65503, 0, false)]
    [InlineData("(i32.clz (local.get 0))", 65504, 0, true)]
    public void SmallAddressesBelowTheMinimumSizeNeedNoCheck(string address, int offset, int p, bool traps)
    {
        // q = 65535: a byte loaded from the end of memory (0 unless stored), so the byte-load cases stay in bounds.
        Check($"(i32.store8 (i32.const 65535) (i32.const 255)) (i32.load8_u offset={offset} {address})", p, 65535, traps);
        Check($"(i32.store8 (i32.const 65535) (i32.const 255)) (local.set 2 {address}) (i32.load8_u offset={offset} (local.get 2))", p, 65535, traps);
    }

    /// <summary>A local's bound lasts as long as its value: not past a set on one arm, nor into a loop that sets it.</summary>
    [Theory]
    [InlineData(0, 65536, false)]
    [InlineData(1, 65536, true)]
    public void ALocalsBoundIsLostWhereItsValueMayChange(int q, int p, bool traps)
    {
        Check("""
            (local.set 2 (i32.and (local.get 0) (i32.const 255)))
            (if (local.get 1) (then (local.set 2 (local.get 0))))
            (i32.load8_u offset=65280 (local.get 2))
            """, p, q, traps);
        // The first iteration reads through the masked value; the next through p when q says so.
        Check("""
            (local.set 2 (i32.and (local.get 0) (i32.const 255)))
            (block (loop
              (drop (i32.load8_u offset=65280 (local.get 2)))
              (br_if 1 (i32.eqz (local.get 1)))
              (local.set 2 (local.get 0))
              (local.set 1 (i32.const 0))
              (br 0)))
            (i32.const 0)
            """, p, q, traps);
        Check("""
            (local.set 2 (i32.and (local.get 0) (i32.const 255)))
            (block (local.set 2 (local.tee 0 (i32.and (local.get 0) (i32.const 255))))
              (br_if 0 (i32.eqz (local.get 1)))
              (local.set 2 (i32.add (local.get 0) (i32.const 65536))))
            (i32.load8_u offset=65280 (local.get 2))
            """, p, q, traps);
    }
}
