using System.Reflection;
using System.Text;
using Cilantro.Compiler;
using Xunit;

namespace Cilantro.Tests.Compiler;

/// <summary>
/// Translation on several threads (<see cref="CompilerLimits.ParallelTranslation"/>) emits the same IL, byte for byte,
/// as on one thread: a generated module of many functions of mixed shapes (leaves, loops over memory, direct and
/// indirect calls, SIMD locals, several results, globals and br_table, functions split into regions, one left to the
/// interpreter) is compiled both ways, every method's IL, locals and handlers compared, and the two run side by side.
/// </summary>
public class ParallelTranslationTests
{
    // Non-collectible code: collectible code embeds the address of a self-call slot, which differs from one build to the next.
    private static readonly EngineOptions CompilerOptions = new() { Kind = EngineKind.Compiler, UnloadableCode = false };

    private const int Functions = 240;

    /// <summary>Text of the module: functions f0..f{n-1} of type (i32, i32) -> i32, all exported.</summary>
    private static string Generate(int seed)
    {
        var rng = new Random(seed);
        var kinds = new int[Functions];
        var sb = new StringBuilder("(module\n");
        sb.Append("  (type $bin (func (param i32 i32) (result i32)))\n");
        sb.Append("  (memory 1)\n");
        sb.Append("  (global $g (mut i32) (i32.const 7))\n");
        sb.Append("  (global $h (mut i64) (i64.const 3))\n");
        sb.Append("  (table 16 funcref)\n");
        sb.Append("  (elem (i32.const 0)");
        for (int k = 0; k < 16; k++) sb.Append(" $f").Append(k * 7 % Functions);
        sb.Append(")\n");
        sb.Append("  (func $pair (param i32 i32) (result i32 i64) (i32.add (local.get 0) (local.get 1)) (i64.extend_i32_s (local.get 1)))\n");
        for (int f = 0; f < Functions; f++)
        {
            sb.Append("  (func $f").Append(f).Append(" (export \"f").Append(f).Append("\") (type $bin)");
            int kind = kinds[f] = f == Functions / 2 ? 9 : rng.Next(8);
            switch (kind)
            {
                case 0: // a leaf
                    sb.Append(" (i32.add (i32.mul (local.get 0) (i32.const ").Append(rng.Next(1, 100)).Append(")) (i32.xor (local.get 1) (i32.const ").Append(rng.Next()).Append(")))");
                    break;
                case 1: // a loop over memory
                    sb.Append(" (local i32 i32) (local.set 2 (i32.and (local.get 0) (i32.const 63)))");
                    sb.Append(" (block (loop (br_if 1 (i32.eqz (local.get 2)))");
                    sb.Append(" (i32.store (i32.shl (local.get 2) (i32.const 2)) (i32.add (local.get 3) (local.get 1)))");
                    sb.Append(" (local.set 3 (i32.add (local.get 3) (i32.load (i32.shl (local.get 2) (i32.const 2)))))");
                    sb.Append(" (local.set 2 (i32.sub (local.get 2) (i32.const 1))) (br 0)))");
                    sb.Append(" (i32.add (local.get 3) (i32.load8_u offset=3 (local.get 1)))");
                    break;
                case 2: // direct calls to earlier functions that make no calls, and an indirect one
                {
                    var leaves = Enumerable.Range(0, f).Where(k => kinds[k] != 2).ToArray();
                    if (leaves.Length == 0)
                        sb.Append(" (local.get 0)");
                    else
                        sb.Append(" (i32.add (call $f").Append(leaves[rng.Next(leaves.Length)]).Append(" (local.get 1) (i32.const 3)) (call $f")
                            .Append(leaves[rng.Next(leaves.Length)]).Append(" (local.get 0) (local.get 1)))");
                    sb.Append(" (if (result i32) (i32.lt_u (local.get 0) (i32.const 1000))");
                    sb.Append(" (then (i32.const 1)) (else (call_indirect (type $bin) (i32.const 5) (i32.const 5) (i32.and (local.get 1) (i32.const 15)))))");
                    sb.Append(" (i32.add)");
                    break;
                }
                case 3: // SIMD locals
                    sb.Append(" (local v128) (local.set 2 (i32x4.splat (local.get 0)))");
                    sb.Append(" (local.set 2 (i32x4.add (local.get 2) (i32x4.splat (local.get 1))))");
                    sb.Append(" (local.set 2 (i32x4.mul (local.get 2) (v128.const i32x4 1 2 3 4)))");
                    sb.Append(" (i32.add (i32x4.extract_lane 1 (local.get 2)) (i32x4.extract_lane 3 (local.get 2)))");
                    break;
                case 4: // several results
                    sb.Append(" (call $pair (local.get 0) (local.get 1)) (i32.wrap_i64) (i32.add)");
                    break;
                case 5: // globals, select, br_table
                    sb.Append(" (global.set $g (i32.add (global.get $g) (local.get 0)))");
                    sb.Append(" (global.set $h (i64.add (global.get $h) (i64.extend_i32_u (local.get 1))))");
                    sb.Append(" (block (block (block (br_table 0 1 2 (i32.and (local.get 0) (i32.const 3))))");
                    sb.Append(" (global.set $g (i32.const 1))) (global.set $g (i32.const 2)))");
                    sb.Append(" (select (global.get $g) (i32.wrap_i64 (global.get $h)) (local.get 1))");
                    break;
                case 6: // calls itself (a twin for its self-calls)
                    sb.Append(" (if (result i32) (i32.le_u (i32.and (local.get 0) (i32.const 15)) (i32.const 1)) (then (local.get 1))");
                    sb.Append(" (else (call $f").Append(f).Append(" (i32.sub (i32.and (local.get 0) (i32.const 15)) (i32.const 1)) (i32.add (local.get 1) (i32.const 3)))))");
                    break;
                case 9: // too many locals for one method: left to the interpreter
                    sb.Append(" (local");
                    for (int k = 0; k < 1600; k++) sb.Append(" i32");
                    sb.Append(") (local.set 1599 (local.get 0)) (i32.add (local.get 1599) (local.get 1))");
                    break;
                default: // a long body of nested blocks (split into regions under the test's limits)
                {
                    sb.Append(" (local i32)");
                    int n = 20 + rng.Next(40);
                    for (int k = 0; k < n; k++)
                    {
                        sb.Append(" (block (local.set 2 (i32.add (local.get 2) (i32.mul (local.get 0) (i32.const ").Append(k + 1).Append("))))");
                        sb.Append(" (br_if 0 (i32.eq (local.get 2) (i32.const ").Append(rng.Next(50)).Append(")))");
                        sb.Append(" (local.set 0 (i32.xor (local.get 0) (local.get 1))))");
                    }
                    sb.Append(" (local.get 2)");
                    break;
                }
            }
            sb.Append(")\n");
        }
        return sb.Append(")\n").ToString();
    }

    private static (Instance Instance, CompiledModule Compiled) Build(string wat, bool parallel)
    {
        var engine = new Engine(CompilerOptions);
        var module = Module.FromText(engine, wat, "m");
        var limits = new CompilerLimits
        {
            SplitDivisor = 20, ParallelTranslation = parallel, ParallelMinCodeBytes = 0, MaxThreads = parallel ? 4 : 1, UnloadableCode = false,
        };
        var cm = CompiledModule.Get(module.Definition, limits);
        return (new Linker(engine).Instantiate(new Store(engine), module), cm);
    }

    private static void SameMethod(MethodInfo? a, MethodInfo? b, string what)
    {
        Assert.True((a is null) == (b is null), what);
        if (a is null) return;
        Assert.Equal(a.Name, b!.Name);
        var ba = a.GetMethodBody()!;
        var bb = b.GetMethodBody()!;
        Assert.Equal(ba.GetILAsByteArray(), bb.GetILAsByteArray());
        Assert.Equal(ba.MaxStackSize, bb.MaxStackSize);
        Assert.Equal(ba.LocalVariables.Select(l => l.LocalType), bb.LocalVariables.Select(l => l.LocalType));
        Assert.Equal(ba.ExceptionHandlingClauses.Select(c => (c.Flags, c.TryOffset, c.TryLength, c.HandlerOffset, c.HandlerLength)),
            bb.ExceptionHandlingClauses.Select(c => (c.Flags, c.TryOffset, c.TryLength, c.HandlerOffset, c.HandlerLength)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ParallelTranslationEmitsTheSameIL(int seed)
    {
        string wat = Generate(seed);
        var (serial, cs) = Build(wat, false);
        var (parallel, cp) = Build(wat, true);
        Assert.Null(cs.FailedReason);
        Assert.Equal(1, cs.InterpretedCount);
        Assert.Equal(cs.InterpretedCount, cp.InterpretedCount);
        Assert.True(cs.Split.Functions > 0, "some functions are split");
        Assert.Contains(cs.Methods.First(m => m is not null)!.DeclaringType!.GetMethods(), m => m.Name.StartsWith('i')); // twins
        Assert.Equal(cs.Split, cp.Split);
        for (int i = 0; i < cs.Methods.Length; i++)
        {
            SameMethod(cs.Methods[i], cp.Methods[i], $"function {i}");
            var rs = i < cs.RegionMethods.Length ? cs.RegionMethods[i] : null;
            var rp = i < cp.RegionMethods.Length ? cp.RegionMethods[i] : null;
            Assert.Equal(rs?.Length ?? 0, rp?.Length ?? 0);
            for (int k = 0; k < (rs?.Length ?? 0); k++) SameMethod(rs![k], rp![k], $"function {i} region {k}");
        }
        // All the methods of the type (twins included), by name.
        var ms = cs.Methods.First(m => m is not null)!.DeclaringType!.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly);
        var mp = cp.Methods.First(m => m is not null)!.DeclaringType!.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly);
        Assert.Equal(ms.Select(m => m.Name).Order(), mp.Select(m => m.Name).Order());
        foreach (var m in ms) SameMethod(m, mp.Single(x => x.Name == m.Name), m.Name);

        // And they run the same.
        for (int f = 0; f < Functions; f++)
        {
            foreach (var (x, y) in new[] { (0, 0), (5, 9), (1234, 77), (-3, 1 << 20) })
            {
                Value[] args = [x, y];
                Assert.Equal(Run(serial, f, args), Run(parallel, f, args));
            }
        }
    }

    private static string Run(Instance instance, int f, Value[] args)
    {
        try
        {
            return string.Join(",", instance.GetFunction("f" + f).Call(args));
        }
        catch (TrapException e)
        {
            return "trap: " + e.Message;
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(37)]
    [InlineData(Functions - 1)]
    public void AFunctionThatFailsIsLeftToTheInterpreterAsOnOneThread(int failing)
    {
        string wat = Generate(4);
        var results = new List<(CompiledModule Compiled, Instance Instance)>();
        foreach (bool parallel in new[] { false, true })
        {
            var engine = new Engine(CompilerOptions);
            var module = Module.FromText(engine, wat, "m");
            var cm = CompiledModule.Get(module.Definition, new CompilerLimits
            {
                ParallelTranslation = parallel, ParallelMinCodeBytes = 0, MaxThreads = parallel ? 4 : 1, FailFunction = failing, UnloadableCode = false,
            });
            results.Add((cm, new Linker(engine).Instantiate(new Store(engine), module)));
        }
        var (cs, serial) = results[0];
        var (cp, parallelInstance) = results[1];
        Assert.Equal($"translation of function {failing} failed (test)", cs.FailedReason);
        Assert.Equal(cs.FailedReason, cp.FailedReason);
        Assert.Null(cs.Methods[failing]);
        Assert.Equal(2, cs.InterpretedCount); // it and the one with too many locals
        Assert.Equal(cs.InterpretedCount, cp.InterpretedCount);
        for (int i = 0; i < cs.Methods.Length; i++) SameMethod(cs.Methods[i], cp.Methods[i], $"function {i}");
        foreach (int f in new[] { 0, failing, Functions - 1 })
            Assert.Equal(Run(serial, f, [5, 9]), Run(parallelInstance, f, [5, 9]));
    }

    [Fact]
    public void SwitchedOffTranslatesOnOneThread()
    {
        var limits = new CompilerLimits { ParallelTranslation = false, ParallelMinCodeBytes = 0 };
        Assert.Equal(1, limits.ThreadsFor(1 << 20));
        Assert.Equal(1, new CompilerLimits { ParallelMinCodeBytes = 1000 }.ThreadsFor(999));
        Assert.True(new CompilerLimits { ParallelTranslation = true, ParallelMinCodeBytes = 0, MaxThreads = 3 }.ThreadsFor(1) == 3);
    }
}
