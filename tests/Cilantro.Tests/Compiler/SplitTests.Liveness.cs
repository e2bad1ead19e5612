using System.Text;
using Cilantro.Compiler;
using Xunit;

namespace Cilantro.Tests.Compiler;

// What crosses region boundaries (RegionLiveness: only the live locals) and tail regions (RegionSplitter: the cases of
// a br_table over nested blocks as sibling regions); every result is checked against the interpreter.
public partial class SplitTests
{
    private sealed record Loaded(Instance Split, Instance Reference, CompiledModule Compiled, Module Module, int Divisor)
    {
        /// <summary>The split plan of a function (by its index among the module's own functions).</summary>
        public SplitPlan Plan(int func = 0)
        {
            var def = Module.Definition;
            int i = def.ImportedFunctionCount + func;
            var plan = RegionSplitter.Plan(def, Compiled.FuncTypes[i], def.Bodies[func], new CompilerLimits { SplitDivisor = Divisor }, Compiled.FuncTypes);
            Assert.NotNull(plan);
            return plan;
        }

        public void Same(string name, params Value[] args) =>
            Assert.Equal(Reference.GetFunction(name).Call(args), Split.GetFunction(name).Call(args));
    }

    private static Loaded LoadPlanned(string wat, int divisor)
    {
        var engine = new Engine(CompilerOptions);
        var module = Module.FromText(engine, wat, "m");
        var cm = CompiledModule.Get(module.Definition, new CompilerLimits { SplitDivisor = divisor });
        Assert.Equal(0, cm.InterpretedCount);
        var split = new Linker(engine).Instantiate(new Store(engine), module);
        var ie = new Engine(InterpreterOptions);
        var reference = new Linker(ie).Instantiate(new Store(ie), Module.FromText(ie, wat, "m"));
        return new Loaded(split, reference, cm, module, divisor);
    }

    /// <summary>The region that holds a code position (the innermost).</summary>
    private static Region At(SplitPlan plan, Func<Region, bool> which)
    {
        Region? best = null;
        foreach (var g in plan.Regions)
            if (which(g) && (best is null || g.End - g.Start < best.End - best.Start)) best = g;
        Assert.True(best is not null, "no such region among: " + string.Join("; ", plan.Regions.Select(g => $"{g} used [{string.Join(",", g.Used)}] set [{string.Join(",", g.Set)}]")));
        return best;
    }

    // Local 1 is written in the loop's body and read after the loop; local 2 is written in the body and dead after it
    // (written again before any read); local 3 is only read after the loop; local 4 is read in the body before it is
    // written later in the same iteration (live around the loop's back edge).
    private const string Liveness = """
        (module
          (func (export "f") (param i32) (result i32)
            (local i32 i32 i32 i32)
            (local.set 3 (i32.const 1000))
            (local.set 4 (i32.const 3))
            (block $out
              (loop $l
                (local.set 1 (i32.add (local.get 1) (local.get 4)))
                (local.set 2 (i32.mul (local.get 1) (i32.const 3)))
                (if (i32.gt_u (local.get 2) (i32.const 5000)) (then (br $out)))
                (local.set 4 (i32.add (local.get 4) (i32.and (local.get 2) (i32.const 7))))
                (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))
            (local.set 2 (i32.const 7))
            (i32.add (i32.add (local.get 1) (local.get 2)) (local.get 3))))
        """;

    [Fact]
    public void OnlyLiveLocalsCrossRegionBoundaries()
    {
        var l = LoadPlanned(Liveness, 2000);
        var plan = l.Plan();
        // The loop's region: local 1 goes out (read after it), local 2 does not (written again before any read),
        // local 3 neither way (not used inside); local 4 comes in (read before it is written) but is dead after it.
        var loop = At(plan, g => g.Set.Contains(1));
        Assert.DoesNotContain(2, loop.Set);
        Assert.DoesNotContain(3, loop.Used);
        Assert.DoesNotContain(3, loop.Set);
        Assert.Contains(4, loop.Used);
        Assert.DoesNotContain(4, loop.Set);
        foreach (int divisor in new[] { 300, 2000, 5000 })
        {
            l = LoadPlanned(Liveness, divisor);
            foreach (int n in new[] { 0, 1, 2, 5, 40, 1000 }) l.Same("f", n);
        }
    }

    // Regions leaving by a br_table and by return: what is live at each target is written back.
    private const string Exits = """
        (module
          (func (export "f") (param i32 i32) (result i32)
            (local i32 i32 i32)
            (block $a
              (block $b
                (block $c
                  (local.set 2 (i32.mul (local.get 1) (i32.const 3)))
                  (local.set 3 (i32.add (local.get 1) (i32.const 11)))
                  (local.set 4 (i32.sub (local.get 1) (i32.const 5)))
                  (if (i32.eq (local.get 0) (i32.const 9)) (then (return (i32.add (local.get 4) (local.get 2)))))
                  (br_table $a $b $c (local.get 0)))
                (return (i32.add (local.get 2) (i32.const 100))))
              (return (i32.add (local.get 3) (i32.const 200))))
            (i32.add (local.get 4) (i32.const 300))))
        """;

    [Fact]
    public void RegionsLeavingByBrTableAndReturnWriteBackWhatTheTargetsRead()
    {
        foreach (int divisor in new[] { 300, 2000 })
        {
            var l = LoadPlanned(Exits, divisor);
            l.Plan();
            for (int n = -1; n < 11; n++) l.Same("f", n, 17);
        }
    }

    /// <summary>
    /// A switch over n nested blocks. Case i: adds to local 1; every third case leaves, the next falls through into the
    /// following case, the next skips one case when local 1 is big; a br_if before the table enters case n - 3, so
    /// the caller's branches also reach the cases.
    /// </summary>
    private static string Cases(int n, bool below = false)
    {
        var sb = new StringBuilder("(module (func (export \"switch\") (param i32) (result i32) (local i32 i32)\n");
        sb.Append("(local.set 2 (i32.const 5))\n");
        if (below) sb.Append("i32.const 1000\n"); // a value under the whole switch on the operand stack
        sb.Append("block\n");
        for (int i = 0; i < n; i++) sb.Append("block\n");
        sb.Append("(br_if ").Append(3).Append(" (i32.eq (local.get 0) (i32.const 1000)))\n");
        sb.Append("local.get 0\nbr_table");
        for (int i = 0; i < n; i++) sb.Append(' ').Append(i % 5 == 4 ? n - 1 - i / 2 : i);
        sb.Append(' ').Append(n).Append('\n');
        for (int i = 0; i < n; i++)
        {
            sb.Append("end\n(local.set 1 (i32.add (local.get 1) (i32.add (local.get 2) (i32.const ").Append(i * 7 + 3).Append("))))\n");
            switch (i % 3)
            {
                case 0: sb.Append("br ").Append(n - 1 - i).Append('\n'); break;
                case 1: break;
                default: if (i + 1 < n) sb.Append("(br_if 1 (i32.gt_u (local.get 1) (i32.const 300)))\n"); break;
            }
        }
        sb.Append("end\n(i32.add (local.get 1) (local.get 2))\n");
        sb.Append(below ? "i32.add))" : "))");
        return sb.ToString();
    }

    [Fact]
    public void TheCasesOfABigSwitchAreSiblingTailRegions()
    {
        foreach (int divisor in new[] { 10, 40, 100 })
        {
            var l = LoadPlanned(Cases(120, divisor == 40), divisor);
            var plan = l.Plan();
            int tails = 0;
            foreach (var g in plan.Regions)
                if (g.TailLevels > 0) tails++;
            Assert.True(tails > 0, $"no tail regions at divisor {divisor}");
            for (int i = -1; i <= 121; i++) l.Same("switch", i);
            l.Same("switch", 1000);
        }
    }

    [Fact]
    public void AHugeSwitchDispatchesThroughOneCall()
    {
        var l = LoadPlanned(Cases(4000), 1);
        var plan = l.Plan();
        foreach (var g in plan.Regions)
        {
            // Every case body is one call away from the table: no region inside another.
            Assert.True(g.TailLevels > 0, g.ToString());
            Assert.Empty(g.Children);
        }
        foreach (int i in new[] { -1, 0, 1, 2, 3, 4, 5, 1000, 2001, 3997, 3998, 3999, 4000 }) l.Same("switch", i);
    }
}
