using Cilantro.Compiler;
using Cilantro.Model;
using Cilantro.Runtime;
using Xunit;

namespace Cilantro.Tests.Compiler;

/// <summary>
/// The module analysis (call graph, leaves, which calls may grow the memory, the JIT order) and the compiled code that
/// relies on it: memory base and length kept across calls that cannot grow the memory, reloaded after those that can.
/// </summary>
public class ModuleAnalysisTests
{
    private static (Instance Instance, ModuleDefinition Def) Load(string wat, bool eager = false)
    {
        var engine = new Engine(new EngineOptions { Kind = EngineKind.Compiler, EagerCompilation = eager });
        var module = Module.FromText(engine, wat, "m");
        return (new Linker(engine).Instantiate(new Store(engine), module), module.Definition);
    }

    private const string Graph = """
        (module
          (import "env" "host" (func $host))
          (memory 1)
          (table 2 funcref)
          (elem (i32.const 0) $leaf $grows)
          (type $v (func))
          (func $leaf (result i32) i32.const 7)
          (func $grows (drop (memory.grow (i32.const 1))))
          (func $callsGrows call $grows)
          (func $callsLeaf (result i32) call $leaf)
          (func $callsHost call $host)
          (func $indirect (call_indirect (type $v) (i32.const 1)))
          (func $rec (param i32) (if (local.get 0) (then (call $rec (i32.sub (local.get 0) (i32.const 1)))))))
        """;

    [Fact]
    public void LeavesAndMemoryGrowthFollowTheCallGraph()
    {
        var engine = new Engine(new EngineOptions { Kind = EngineKind.Interpreter });
        var a = ModuleAnalysis.Of(Module.FromText(engine, Graph).Definition);
        // 0 host, 1 leaf, 2 grows, 3 callsGrows, 4 callsLeaf, 5 callsHost, 6 indirect, 7 rec
        Assert.Equal([false, true, true, false, false, false, false, false], a.Leaf);
        Assert.Equal([true, false, true, true, false, true, true, false], a.MayGrowMemory);
        Assert.Equal([2], a.Callees[3]);
        Assert.Equal([7], a.Callees[7]);
        // call_indirect (type $v) may reach $grows (listed in an element segment with that type), not $leaf.
        Assert.Contains(2, a.Edges[6]);
        Assert.DoesNotContain(1, a.Edges[6]);
    }

    [Fact]
    public void StackChecksAreLeftOutOnlyWhereNoLongUncheckedChainStarts()
    {
        var engine = new Engine(new EngineOptions { Kind = EngineKind.Interpreter });
        var a = ModuleAnalysis.Of(Module.FromText(engine, Graph).Definition);
        // 0 host, 1 leaf, 2 grows, 3 callsGrows, 4 callsLeaf, 5 callsHost, 6 indirect, 7 rec
        Assert.Equal([false, false, false, false, false, false, true, true], a.StackCheck);

        // c1 -> c2 -> ... -> c6 (a leaf): the chain from c6 up to c3 has at most UncheckedChain frames; mutual
        // recursion a <-> b, and their caller, are checked; a function calling a checked one starts a new chain.
        var b = ModuleAnalysis.Of(Module.FromText(engine, """
            (module
              (func $c1 call $c2) (func $c2 call $c3) (func $c3 call $c4) (func $c4 call $c5) (func $c5 call $c6) (func $c6)
              (func $a (param i32) (if (local.get 0) (then (call $b (local.get 0)))))
              (func $b (param i32) (call $a (i32.sub (local.get 0) (i32.const 1))))
              (func $callsA call $c1 (call $a (i32.const 3)))
              (func $callsCallsA call $callsA))
            """).Definition);
        Assert.Equal(4, ModuleAnalysis.UncheckedChain);
        Assert.Equal([false, false, false, false], b.StackCheck[2..6]); // c3 (4 frames down to c6) to c6
        Assert.True(b.StackCheck[6] || b.StackCheck[7]);
        foreach (var analysis in new[] { a, b })
        {
            for (int f = analysis.ImportedFunctionCount; f < analysis.StackCheck.Length; f++)
                if (!analysis.StackCheck[f]) Assert.InRange(UncheckedDepth(analysis, f, 0), 1, ModuleAnalysis.UncheckedChain);
        }
    }

    /// <summary>The most frames of a chain of unchecked calls from <paramref name="f"/> (a cycle shows as more than the limit).</summary>
    private static int UncheckedDepth(ModuleAnalysis a, int f, int depth)
    {
        if (depth > ModuleAnalysis.UncheckedChain) return depth;
        int most = 0;
        foreach (int c in a.Callees[f])
        {
            if (c >= a.ImportedFunctionCount && a.StackCheck[c]) continue;
            most = Math.Max(most, c < a.ImportedFunctionCount ? 1 : UncheckedDepth(a, c, depth + 1));
        }
        return 1 + most;
    }

    [Fact]
    public void JitOrderPutsCalleesFirstAndCoversEveryFunction()
    {
        var engine = new Engine(new EngineOptions { Kind = EngineKind.Interpreter });
        var a = ModuleAnalysis.Of(Module.FromText(engine, Graph).Definition);
        var order = a.JitOrder(3, long.MaxValue, out int ahead);
        Assert.Equal(2, ahead);
        Assert.Equal([2, 3], order.GetRange(0, 2));
        Assert.Equal(7, order.Count);
        Assert.Equal(7, order.Distinct().Count());
        Assert.True(order.IndexOf(1) < order.IndexOf(4));
        Assert.True(order.IndexOf(2) < order.IndexOf(6));
        // A budget of one byte still compiles the entry first.
        order = a.JitOrder(4, 1, out ahead);
        Assert.Equal(1, ahead);
        Assert.Equal(4, order[0]);
        // An import as entry: nothing ahead.
        a.JitOrder(0, long.MaxValue, out ahead);
        Assert.Equal(0, ahead);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ACallerSeesTheMemoryItsCalleeGrew(bool eager)
    {
        // $fill reads and writes past the old end right after $grow moved (reallocated) the memory; $sum keeps
        // its base and length across calls to $get, which cannot grow memory.
        var (inst, _) = Load("""
            (module
              (memory 1)
              (func $grow (result i32) (memory.grow (i32.const 3)))
              (func $get (param i32) (result i32) (i32.load (local.get 0)))
              (func (export "fill") (result i32)
                (i32.store (i32.const 65532) (i32.const 5))
                (drop (call $grow))
                (i32.store (i32.const 200000) (i32.const 37))
                (i32.add (i32.load (i32.const 200000)) (i32.load (i32.const 65532))))
              (func (export "sum") (param i32) (result i32) (local i32)
                (block $done
                  (loop $next
                    (br_if $done (i32.eqz (local.get 0)))
                    (local.set 0 (i32.sub (local.get 0) (i32.const 4)))
                    (local.set 1 (i32.add (local.get 1) (call $get (local.get 0))))
                    (local.set 1 (i32.add (local.get 1) (i32.load offset=4 (local.get 0))))
                    (br $next)))
                (local.get 1))
              (func (export "size") (result i32) (memory.size)))
            """, eager);
        Assert.Equal(42, inst.GetFunction<int>("fill")());
        Assert.Equal(4, inst.GetFunction<int>("size")());
        Assert.Equal(2 * (37 + 5), inst.GetFunction<int, int>("sum")(200004)); // each word read at offset 0 and at 4
    }

    [Fact]
    public void ACallerSeesTheMemoryGrownThroughCallIndirectAndTheHost()
    {
        var engine = new Engine(new EngineOptions { Kind = EngineKind.Compiler });
        var store = new Store(engine);
        var linker = new Linker(engine);
        Memory? memory = null;
        linker.DefineFunction("env", "grow", () => { memory!.Grow(2); });
        var module = Module.FromText(engine, """
            (module
              (import "env" "grow" (func $host))
              (memory (export "mem") 1)
              (type $v (func))
              (table 1 funcref)
              (elem (i32.const 0) $grow)
              (func $grow (drop (memory.grow (i32.const 1))))
              (func (export "viaTable") (result i32)
                (call_indirect (type $v) (i32.const 0))
                (i32.store (i32.const 70000) (i32.const 9))
                (i32.load (i32.const 70000)))
              (func (export "viaHost") (result i32)
                (call $host)
                (i32.store (i32.const 200000) (i32.const 11))
                (i32.load (i32.const 200000))))
            """, "m");
        var inst = linker.Instantiate(store, module);
        memory = inst.GetMemory("mem");
        Assert.Equal(9, inst.GetFunction<int>("viaTable")());
        Assert.Equal(11, inst.GetFunction<int>("viaHost")());
    }

    /// <summary>A table of two functions (one may grow the memory, through a call_indirect of its own), and <paramref name="extra"/>.</summary>
    private static string Tables(string extra) => $$"""
        (module
          (memory 1)
          (type $v (func))
          (type $i (func (result i32)))
          (table $t 3 funcref)
          (elem (i32.const 0) $seven $growsIndirectly $grow)
          (func $seven (result i32) i32.const 7)
          (func $grow (drop (memory.grow (i32.const 3))))
          (func $growsIndirectly (result i32) (call_indirect (type $v) (i32.const 2)) i32.const 1)
          (func $callsSeven (result i32) (call_indirect (type $i) (i32.const 0)))
          (func (export "moved") (result i32)
            (i32.store (i32.const 65532) (i32.const 5))
            (drop (call_indirect (type $i) (i32.const 1)))
            (i32.store (i32.const 200000) (i32.const 37))
            (i32.add (i32.load (i32.const 200000)) (i32.load (i32.const 65532))))
          {{extra}})
        """;

    [Fact]
    public void CallIndirectGrowsTheMemoryOnlyThroughFunctionsItsTablesCanHold()
    {
        var engine = new Engine(new EngineOptions { Kind = EngineKind.Interpreter });
        ModuleAnalysis Of(string extra) => ModuleAnalysis.Of(Module.FromText(engine, Tables(extra)).Definition);
        // 0 seven, 1 grow, 2 growsIndirectly, 3 callsSeven, 4 moved: type $i reaches $growsIndirectly, which reaches $grow.
        var closed = Of("");
        Assert.True(closed.ClosedTables);
        Assert.Equal([false, true, true, true, true], closed.MayGrowMemory);
        // Without the growing function of type $i, nothing a call_indirect of type $i reaches grows the memory.
        var noGrowth = ModuleAnalysis.Of(Module.FromText(engine, Tables("").Replace("$seven $growsIndirectly $grow", "$seven $seven $grow")).Definition);
        Assert.Equal([false, true, true, false, false], noGrowth.MayGrowMemory);
        Assert.False(noGrowth.IndirectMayGrowMemory(new FuncType([], [ValType.I32])));
        Assert.True(noGrowth.IndirectMayGrowMemory(FuncType.Empty));
        // Tables that may hold other functions: every call_indirect may grow the memory.
        foreach (var open in new[]
        {
            """(export "t" (table $t))""",
            """(func (table.set $t (i32.const 0) (ref.func $grow)))""",
            """(elem (table $t) (i32.const 2) funcref (ref.null func))""",
        })
        {
            var a = ModuleAnalysis.Of(Module.FromText(engine, Tables(open).Replace("$seven $growsIndirectly $grow", "$seven $seven $grow")).Definition);
            Assert.False(a.ClosedTables, open);
            Assert.True(a.MayGrowMemory[3], open);
            Assert.True(a.IndirectMayGrowMemory(new FuncType([], [ValType.I32])), open);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ACallerSeesTheMemoryGrownTwoCallIndirectsDown(bool eager)
    {
        var (inst, _) = Load(Tables("""(func (export "seven") (result i32) (call $callsSeven))"""), eager);
        Assert.Equal(7, inst.GetFunction<int>("seven")());
        Assert.Equal(42, inst.GetFunction<int>("moved")());
        Assert.Equal(42, inst.GetFunction<int>("moved")());
    }

    [Fact]
    public void ConstantAddressesAreCheckedOnlyPastTheMinimumSize()
    {
        var (inst, _) = Load("""
            (module
              (memory 1 3)
              (func (export "edge") (result i32) (i32.store (i32.const 65532) (i32.const 3)) (i32.load (i32.const 65532)))
              (func (export "past") (result i32) (i32.load (i32.const 65533)))
              (func (export "offset") (result i32) (i32.load offset=65535 (i32.const 1)))
              (func (export "wrap") (result i32) (i32.load offset=4 (i32.const -1)))
              (func (export "grow") (result i32) (memory.grow (i32.const 1))))
            """);
        Assert.Equal(3, inst.GetFunction<int>("edge")());
        foreach (var name in new[] { "past", "offset", "wrap" })
        {
            var e = Assert.Throws<TrapException>(() => inst.GetFunction<int>(name)());
            Assert.Equal("out of bounds memory access", e.Message);
        }
        Assert.Equal(1, inst.GetFunction<int>("grow")());
        Assert.Equal(0, inst.GetFunction<int>("past")());
    }

    [Fact]
    public void InlinedLeavesComputeTheSameAndDeepRecursionStillTraps()
    {
        var (inst, _) = Load("""
            (module
              (func $lower (param i32) (result i32)
                (select (i32.or (local.get 0) (i32.const 32)) (local.get 0)
                  (i32.lt_u (i32.sub (local.get 0) (i32.const 65)) (i32.const 26))))
              (func (export "count") (param i32) (result i32) (local i32)
                (block $done
                  (loop $next
                    (br_if $done (i32.eqz (local.get 0)))
                    (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                    (local.set 1 (i32.add (local.get 1) (call $lower (i32.and (local.get 0) (i32.const 127)))))
                    (br $next)))
                (local.get 1))
              (func $deep (export "deep") (param i32) (result i32)
                (i32.add (call $lower (local.get 0)) (call $deep (local.get 0)))))
            """);
        int expected = 0;
        for (int i = 999; i >= 0; i--)
        {
            int c = i & 127;
            expected += (uint)(c - 65) < 26 ? c | 32 : c;
        }
        Assert.Equal(expected, inst.GetFunction<int, int>("count")(1000));
        var e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int>("deep")(65));
        Assert.Equal(TrapKind.CallStackExhausted, e.Kind);
    }
}
