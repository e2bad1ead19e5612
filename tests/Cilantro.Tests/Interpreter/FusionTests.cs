using System.Numerics;
using Cilantro.Instructions;
using Cilantro.Model;
using Xunit;

namespace Cilantro.Tests.Interpreter;

/// <summary>
/// The translator's fused forms (super-instructions) compute what the instruction sequences they replace compute, and
/// a fused load still traps at the load's own byte offset. Each function below is one pattern the peephole table picks.
/// </summary>
public class FusionTests
{
    private const string Wat = """
        (module
          (memory 1)
          (func (export "rotl_tee") (param i32) (result i32) (local i32)
            local.get 0 i32.const 7 i32.xor i32.const 16 i32.rotl local.tee 1 local.get 1 i32.add)
          (func (export "rotr") (param i64 i64) (result i64)
            local.get 0 local.get 1 i64.rotr local.get 0 i64.const 3 i64.rotr i64.xor)
          (func (export "wide_and") (param i64) (result i64) (local i64)
            local.get 0 i64.const 0x7ffffffffffff i64.and local.set 1
            local.get 1 i64.const 0x123456789 i64.add)
          (func (export "wide_cmp") (param i64) (result i32)
            local.get 0 i64.const 0x100000000 i64.lt_u)
          (func (export "countdown") (param i32) (result i32) (local i32)
            loop
              local.get 1 i32.const 3 i32.add local.set 1
              local.get 0 i32.const -1 i32.add local.tee 0
              br_if 0
            end
            local.get 1)
          (func (export "tee_branch") (param i32) (result i32) (local i32)
            block
              local.get 0 local.tee 1
              br_if 0
              i32.const 100 return
            end
            local.get 1 i32.const 1 i32.add)
          (func (export "tee_if") (param i32) (result i32) (local i32)
            local.get 0 local.tee 1
            if (result i32) local.get 1 else i32.const -5 end)
          (func (export "bit_test") (param i32) (result i32)
            block
              local.get 0 i32.const 4 i32.and
              br_if 0
              i32.const 10 return
            end
            local.get 0 i32.const 8 i32.and
            if (result i32) i32.const 30 else i32.const 20 end)
          (func (export "range") (param i32) (result i32)
            local.get 0 i32.const -97 i32.add i32.const 26 i32.lt_u
            local.get 0 i32.const 1 i32.add i32.const -48 i32.add i32.const 10 i32.lt_u
            i32.const 2 i32.mul i32.add)
          (func (export "range_branch") (param i32) (result i32)
            block
              local.get 0 i32.const -97 i32.add i32.const 26 i32.lt_u
              br_if 0
              local.get 0 i32.const 0 i32.add i32.const -48 i32.add i32.const 10 i32.lt_u
              if (result i32) i32.const 2 else i32.const 0 end
              return
            end
            i32.const 1)
          (func (export "madd") (param i32 i32 i32) (result i32)
            local.get 0 local.get 1 local.get 2 i32.mul i32.add
            local.get 0 local.get 1 i32.add local.get 2 local.get 0 i32.sub i32.mul i32.add)
          (func (export "madd64") (param i64 i64 i64) (result i64)
            local.get 0 local.get 1 local.get 2 i64.mul i64.add
            local.get 0 local.get 1 i64.add local.get 2 local.get 0 i64.sub i64.mul i64.add)
          (func (export "index") (param i32 i32) (result i32)
            local.get 0 local.get 1 i32.const 2 i32.shl i32.add i32.load offset=4
            local.get 1 i32.const 3 i32.shl local.get 0 i32.add i32.load8_u
            i32.add
            local.get 0 local.get 1 i32.const 1 i32.shl i32.add i32.const 9 i32.store
            i32.const 1 local.get 0 local.get 1 i32.add i32.load16_s offset=2 i32.sub i32.add)
          (func (export "load_local") (param i32) (result i32) (local i32 i32)
            local.get 0 i32.load offset=8 local.set 1
            local.get 0 i32.load8_s local.tee 2
            local.get 1 i32.add
            local.get 0 i32.const 12 i32.add i32.load
            i32.add
            local.get 0 i32.const 1 i32.add i32.const 3 i32.add i32.load8_u
            i32.add)
          (func $sel (param i32) (result i32) (local i32)
            local.get 0 i32.const 2 i32.mul local.set 1
            block block block
              local.get 0
              br_table 0 1 2
            end local.get 1 i32.const 1 i32.add return
            end local.get 1 i32.const 2 i32.add return
            end local.get 1)
          (func (export "table") (param i32) (result i32) local.get 0 call $sel)
          (func (export "consts") (result i64) (local i32 i64)
            i32.const -7 local.set 0
            i64.const 0x123456789a local.set 1
            local.get 0 local.set 0
            local.get 1 local.get 0 i64.extend_i32_s i64.add))
        """;

    private static Instance Load()
    {
        var engine = new Engine();
        return new Linker(engine).Instantiate(new Store(engine), Module.FromText(engine, Wat, "m"));
    }

    [Fact]
    public void ArithmeticFusedWithOperandsAndDestinations()
    {
        var inst = Load();
        uint r = BitOperations.RotateLeft(0x12345u ^ 7u, 16);
        Assert.Equal((int)(r + r), inst.GetFunction<int, int>("rotl_tee")(0x12345));
        ulong a = 0x0123456789abcdefUL;
        Assert.Equal((long)(BitOperations.RotateRight(a, 13) ^ BitOperations.RotateRight(a, 3)), inst.GetFunction<long, long, long>("rotr")((long)a, 13));
        Assert.Equal((long)((a & 0x7ffffffffffffUL) + 0x123456789UL), inst.GetFunction<long, long>("wide_and")((long)a));
        Assert.Equal(1, inst.GetFunction<long, int>("wide_cmp")(0xffffffffL));
        Assert.Equal(0, inst.GetFunction<long, int>("wide_cmp")(0x100000000L));
        Assert.Equal(0, inst.GetFunction<long, int>("wide_cmp")(-1));
        Assert.Equal(3 * 1000, inst.GetFunction<int, int>("countdown")(1000));
        var madd = inst.GetFunction<int, int, int, int>("madd");
        var madd64 = inst.GetFunction<long, long, long, long>("madd64");
        foreach (var (x, y, z) in new[] { (5, 7, 9), (int.MaxValue, 3, int.MinValue + 5), (-4, 1 << 20, 3) })
        {
            Assert.Equal(unchecked(x + y * z + (x + y) * (z - x)), madd(x, y, z));
            long lx = (long)x << 20, ly = y, lz = z;
            Assert.Equal(unchecked(lx + ly * lz + (lx + ly) * (lz - lx)), madd64(lx, ly, lz));
        }
        Assert.Equal(-7L + 0x123456789a, inst.GetFunction<long>("consts")());
    }

    [Fact]
    public void BranchesFusedWithTheirConditions()
    {
        var inst = Load();
        var teeBranch = inst.GetFunction<int, int>("tee_branch");
        Assert.Equal(100, teeBranch(0));
        Assert.Equal(8, teeBranch(7));
        var teeIf = inst.GetFunction<int, int>("tee_if");
        Assert.Equal(-5, teeIf(0));
        Assert.Equal(42, teeIf(42));
        var bit = inst.GetFunction<int, int>("bit_test");
        Assert.Equal(10, bit(0));
        Assert.Equal(20, bit(4));
        Assert.Equal(30, bit(12));
        var range = inst.GetFunction<int, int>("range");
        Assert.Equal(1, range('a'));
        Assert.Equal(1, range('z'));
        Assert.Equal(0, range('{'));
        Assert.Equal(0, range('`'));
        Assert.Equal(2, range('/'));
        Assert.Equal(2, range('8'));
        Assert.Equal(0, range('9'));
        Assert.Equal(0, range(int.MinValue));
        var rangeBranch = inst.GetFunction<int, int>("range_branch");
        Assert.Equal(1, rangeBranch('q'));
        Assert.Equal(2, rangeBranch('0'));
        Assert.Equal(0, rangeBranch('A'));
        var table = inst.GetFunction<int, int>("table");
        Assert.Equal(1, table(0));
        Assert.Equal(4, table(1));
        Assert.Equal(4, table(2));
        Assert.Equal(18, table(9));
    }

    [Fact]
    public void LoadsWithComputedAddressesAndLocalDestinations()
    {
        var inst = Load();
        // A model of the module's memory: each call's result and stores checked against it.
        var mem = new byte[65536];
        int Index(int p0, int p1)
        {
            int a = BitConverter.ToInt32(mem, p0 + (p1 << 2) + 4);
            int b = mem[(p1 << 3) + p0];
            BitConverter.TryWriteBytes(mem.AsSpan(p0 + (p1 << 1)), 9);
            return a + b + (1 - BitConverter.ToInt16(mem, p0 + p1 + 2));
        }
        int LoadLocal(int p0) =>
            (sbyte)mem[p0] + BitConverter.ToInt32(mem, p0 + 8) + BitConverter.ToInt32(mem, p0 + 12) + mem[p0 + 4];
        var index = inst.GetFunction<int, int, int>("index");
        var loadLocal = inst.GetFunction<int, int>("load_local");
        foreach (var (p0, p1) in new[] { (16, 3), (16, 1), (15, 7), (20, 1), (10, 0), (17, 2), (0, 0), (100, 5) })
            Assert.Equal(Index(p0, p1), index(p0, p1));
        for (int p0 = 0; p0 < 40; p0++)
            Assert.Equal(LoadLocal(p0), loadLocal(p0));
    }

    [Fact]
    public void FusedLoadsTrapAtTheLoadsOwnOffset()
    {
        var engine = new Engine();
        var module = Module.FromText(engine, Wat, "m");
        var inst = new Linker(engine).Instantiate(new Store(engine), module);
        var def = module.Definition;
        var e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int, int>("index")(65530, 0));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, e.Kind);
        Assert.Equal(OffsetOf(def, "index", Opcode.I32Load), e.WasmStack[0].CodeOffset);
        e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int, int>("index")(0, 8192));
        Assert.Equal(OffsetOf(def, "index", Opcode.I32Load8U), e.WasmStack[0].CodeOffset);
        e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int>("load_local")(65530));
        Assert.Equal(OffsetOf(def, "load_local", Opcode.I32Load), e.WasmStack[0].CodeOffset);
        e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int>("load_local")(65524));
        Assert.Equal(OffsetOf(def, "load_local", Opcode.I32Load, 1), e.WasmStack[0].CodeOffset);
    }

    private static int OffsetOf(ModuleDefinition def, string export, Opcode op, int nth = 0)
    {
        foreach (var x in def.Exports)
            if (x.Name == export) return BacktraceTests.OffsetOf(def, (int)x.Index, op, nth);
        throw new InvalidOperationException($"no export {export}");
    }
}
