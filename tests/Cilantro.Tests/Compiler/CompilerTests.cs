using Cilantro.Compiler;
using Cilantro.Model;
using Cilantro.Runtime;
using Cilantro.Tests.Runtime;
using Xunit;

namespace Cilantro.Tests.Compiler;

public class CompilerTests
{
    private static readonly ValType I32 = ValType.I32;

    private static Instance Instantiate(ModuleDefinition def, EngineOptions? options = null) =>
        ModuleBuilder.Instantiate(def, options ?? new EngineOptions { Kind = EngineKind.Compiler });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FibIsCompiled(bool eager)
    {
        var def = ModuleBuilder.FibModule();
        var inst = Instantiate(def, new EngineOptions { Kind = EngineKind.Compiler, EagerCompilation = eager });
        var fib = inst.GetFunction<int, int>("fib");
        Assert.Equal(6765, fib(20));
        Assert.Equal(832040, fib(30));
        var cm = CompiledModule.Get(def, new CompilerLimits());
        Assert.Equal(0, cm.InterpretedCount);
        Assert.Null(cm.FailedReason);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CodeIsCollectibleUnlessAskedToStay(bool unloadable)
    {
        var def = ModuleBuilder.FibModule();
        var options = new EngineOptions { Kind = EngineKind.Compiler, UnloadableCode = unloadable };
        Assert.Equal(832040, Instantiate(def, options).GetFunction<int, int>("fib")(30));
        var cm = CompiledModule.Get(def, new CompilerLimits { UnloadableCode = unloadable });
        var method = Assert.Single(cm.Methods, m => m is not null)!;
        Assert.Equal(unloadable, method.Module.Assembly.IsCollectible);
    }

    [Fact]
    public void CodeOfAModuleNoLongerReferencedIsUnloaded()
    {
        var assembly = CompileAndForget();
        for (int i = 0; i < 200 && assembly.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            if (assembly.IsAlive) Thread.Sleep(10);
        }
        Assert.False(assembly.IsAlive);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference CompileAndForget()
    {
        var def = ModuleBuilder.FibModule();
        Assert.Equal(6765, Instantiate(def, new EngineOptions { Kind = EngineKind.Compiler, EagerCompilation = true }).GetFunction<int, int>("fib")(20));
        var method = CompiledModule.Get(def, new CompilerLimits()).Methods.First(m => m is not null)!;
        return new WeakReference(method.Module.Assembly);
    }

    /// <summary>
    /// (func (param i32) (result i32) local.get 0, i32.const 1, i32.add, call self) — never ends; with
    /// <paramref name="extraLocals"/> v128 locals it has a big frame.
    /// </summary>
    private static ModuleDefinition Runaway(uint extraLocals = 0)
    {
        var b = new ModuleBuilder();
        int t = b.Type([I32], [I32]);
        int f = extraLocals == 0
            ? b.Func(t, [0x20, 0x00, 0x41, 0x01, 0x6A, 0x10, 0x00, 0x0B])
            : b.Func(t, [0x20, 0x00, 0x41, 0x01, 0x6A, 0x10, 0x00, 0x0B], new LocalDecl(extraLocals, ValType.V128));
        b.Export("run", ExternKind.Func, f);
        return b.Build();
    }

    [Fact]
    public void InfiniteRecursionTrapsAtTheDepthLimit()
    {
        var inst = Instantiate(Runaway());
        var e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int>("run")(0));
        Assert.Equal(TrapKind.CallStackExhausted, e.Kind);
        Assert.Equal("call stack exhausted", e.Message);
        // The store stays usable.
        Assert.Throws<TrapException>(() => inst.GetFunction<int, int>("run")(0));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(200u)] // a big frame: probes earlier than small ones
    public void InfiniteRecursionOnASmallStackTrapsInsteadOfOverflowing(uint extraLocals)
    {
        Exception? caught = null;
        var thread = new Thread(() =>
        {
            try
            {
                var inst = Instantiate(Runaway(extraLocals), new EngineOptions { Kind = EngineKind.Compiler, MaxCallDepth = 10_000_000 });
                inst.GetFunction<int, int>("run")(0);
            }
            catch (Exception e)
            {
                caught = e;
            }
        }, 256 * 1024);
        thread.Start();
        thread.Join();
        var trap = Assert.IsType<TrapException>(caught);
        Assert.Equal(TrapKind.CallStackExhausted, trap.Kind);
    }

    [Fact]
    public void AStoreUsedFromASecondThreadChecksThatThreadsStack()
    {
        // The native stack limit belongs to the thread that entered last: a deep call on a big stack first, then
        // runaway recursion on a small stack must still trap there.
        var inst = Instantiate(Runaway(), new EngineOptions { Kind = EngineKind.Compiler, MaxCallDepth = 10_000_000 });
        var run = inst.GetFunction<int, int>("run");
        Exception? first = null, second = null;
        var big = new Thread(() => { try { run(0); } catch (Exception e) { first = e; } }, 64 << 20);
        big.Start();
        big.Join();
        var small = new Thread(() => { try { run(0); } catch (Exception e) { second = e; } }, 256 * 1024);
        small.Start();
        small.Join();
        Assert.Equal(TrapKind.CallStackExhausted, Assert.IsType<TrapException>(first).Kind);
        Assert.Equal(TrapKind.CallStackExhausted, Assert.IsType<TrapException>(second).Kind);
    }

    [Fact]
    public void SmallLoopFreeFunctionsAreInlineCandidates()
    {
        static bool Inline(ModuleDefinition def) => ModuleAnalysis.Of(def).Inline[0];
        Assert.True(Inline(ModuleBuilder.FibModule()));
        Assert.True(Inline(Runaway()));
        var b = new ModuleBuilder();
        int t = b.Type([I32], [I32]);
        b.Func(t, Increments(ModuleAnalysis.InlineMaxCodeBytes / 7 + 1, [0x20, 0x00, 0x10, 0x00, 0x0B]));
        Assert.False(Inline(b.Build()));
        b = new ModuleBuilder();
        t = b.Type([I32], [I32]);
        // loop (result i32) local.get 0 end, call self: a loop and not a leaf
        b.Func(t, [0x03, 0x7F, 0x20, 0x00, 0x0B, 0x10, 0x00, 0x0B]);
        Assert.False(Inline(b.Build()));
    }

    /// <summary>n times (local.get 0, i32.const 1, i32.add, local.set 0) = 4n instructions.</summary>
    private static byte[] Increments(int n, byte[] tail)
    {
        var code = new byte[n * 7 + tail.Length];
        for (int i = 0; i < n; i++)
        {
            int k = i * 7;
            code[k] = 0x20; code[k + 1] = 0x00; code[k + 2] = 0x41; code[k + 3] = 0x01; code[k + 4] = 0x6A; code[k + 5] = 0x21; code[k + 6] = 0x00;
        }
        tail.CopyTo(code, n * 7);
        return code;
    }

    [Theory]
    [InlineData(50_000)] // 200,000 instructions: split into region methods
    [InlineData(1_000)]  // compiled
    public void BigFunctionRunsAndCallsBothWays(int n)
    {
        // f0 (big): n increments of its parameter, then call f1.  f1: + 1000.  f2 (exported): call f0, + 1.
        var b = new ModuleBuilder();
        int t = b.Type([I32], [I32]);
        b.Func(t, Increments(n, [0x20, 0x00, 0x10, 0x01, 0x0B]));
        b.Func(t, [0x20, 0x00, 0x41, 0xE8, 0x07, 0x6A, 0x0B]);
        int f2 = b.Func(t, [0x20, 0x00, 0x10, 0x00, 0x41, 0x01, 0x6A, 0x0B]);
        b.Export("run", ExternKind.Func, f2);
        var def = b.Build();
        var inst = Instantiate(def);
        Assert.Equal(5 + n + 1000 + 1, inst.GetFunction<int, int>("run")(5));
        var cm = CompiledModule.Get(def, new CompilerLimits());
        Assert.Equal(0, cm.InterpretedCount);
    }

    /// <summary>n times (local.get 0, i32.load offset=4i, local.get 1, i32.add, local.set 1), then local.get 1.</summary>
    private static byte[] Loads(int n)
    {
        var code = new List<byte>();
        for (int i = 0; i < n; i++)
        {
            code.AddRange([0x20, 0x00, 0x28, 0x02]);
            uint off = (uint)(4 * (i % 1000));
            do
            {
                byte x = (byte)(off & 0x7F);
                off >>= 7;
                code.Add(off != 0 ? (byte)(x | 0x80) : x);
            }
            while (off != 0);
            code.AddRange([0x20, 0x01, 0x6A, 0x21, 0x01]);
        }
        code.AddRange([0x20, 0x01, 0x0B]);
        return [.. code];
    }

    [Theory]
    [InlineData(500)]   // inline bounds checks
    [InlineData(1_200)] // too many basic blocks with inline checks: helper calls, still compiled
    public void FunctionsWithManyMemoryAccessesStayCompiled(int n)
    {
        var b = new ModuleBuilder();
        int t = b.Type([I32], [I32]);
        int f = b.Func(t, Loads(n), new LocalDecl(1, I32));
        b.Memory(1).Export("run", ExternKind.Func, f);
        var def = b.Build();
        var run = Instantiate(def).GetFunction<int, int>("run");
        int end = 4 * Math.Min(n, 1000);
        Assert.Equal(0, run(0));
        Assert.Equal(0, run(65536 - end));
        var e = Assert.Throws<TrapException>(() => run(65536 - end + 1));
        Assert.Equal("out of bounds memory access", e.Message);
        Assert.Equal(0, CompiledModule.Get(def, new CompilerLimits()).InterpretedCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65524)]
    [InlineData(65525)] // the first load (offset 8) is already out of bounds
    public void ACheckedLocalCoversSmallerOffsetsUntilItChanges(int p)
    {
        // (local.get 0) (i32.load offset=8) (local.get 0) (i32.load) i32.add
        // (local.set 0 (i32.add (local.get 0) (i32.const 65536))) (local.get 0) (i32.load) i32.add
        // The last load must be checked again (its local changed): with p = 0 it traps at 65536.
        var b = new ModuleBuilder();
        int t = b.Type([I32], [I32]);
        int f = b.Func(t,
        [
            0x20, 0x00, 0x28, 0x02, 0x08, 0x20, 0x00, 0x28, 0x02, 0x00, 0x6A,
            0x20, 0x00, 0x41, 0x80, 0x80, 0x04, 0x6A, 0x21, 0x00, 0x20, 0x00, 0x28, 0x02, 0x00, 0x6A, 0x0B,
        ]);
        b.Memory(1).Export("run", ExternKind.Func, f);
        var run = Instantiate(b.Build()).GetFunction<int, int>("run");
        var e = Assert.Throws<TrapException>(() => run(p));
        Assert.Equal("out of bounds memory access", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ACheckOnOnePathDoesNotCoverTheMerge(bool viaBlock)
    {
        // if:    (if (local.get 1) (then (drop (i32.load (local.get 0))))) (i32.load (local.get 0))
        // block: (block (br_if 0 (local.get 1)) (drop (i32.load (local.get 0)))) (i32.load (local.get 0))
        // Called with an out-of-bounds address and the path that skips the first load: the last load must trap.
        byte[] code = viaBlock
            ? [0x02, 0x40, 0x20, 0x01, 0x0D, 0x00, 0x20, 0x00, 0x28, 0x02, 0x00, 0x1A, 0x0B, 0x20, 0x00, 0x28, 0x02, 0x00, 0x0B]
            : [0x20, 0x01, 0x04, 0x40, 0x20, 0x00, 0x28, 0x02, 0x00, 0x1A, 0x0B, 0x20, 0x00, 0x28, 0x02, 0x00, 0x0B];
        var b = new ModuleBuilder();
        int t = b.Type([I32, I32], [I32]);
        int f = b.Func(t, code);
        b.Memory(1).Export("run", ExternKind.Func, f);
        var run = Instantiate(b.Build()).GetFunction<int, int, int>("run");
        Assert.Equal(0, run(100, viaBlock ? 1 : 0));
        var e = Assert.Throws<TrapException>(() => run(65536, viaBlock ? 1 : 0));
        Assert.Equal("out of bounds memory access", e.Message);
    }

    [Fact]
    public void EveryPlainInstructionHasAnEmitterOrHelper()
    {
        var missing = new List<string>();
        foreach (var info in Cilantro.Instructions.OpcodeInfo.All)
        {
            if (!info.IsPlain || info.Immediate is Cilantro.Instructions.Imm.V128 or Cilantro.Instructions.Imm.Shuffle) continue;
            // Emitted by the translator's own cases.
            if (info.Opcode is Cilantro.Instructions.Opcode.Nop or Cilantro.Instructions.Opcode.I32Const or Cilantro.Instructions.Opcode.I64Const
                or Cilantro.Instructions.Opcode.F32Const or Cilantro.Instructions.Opcode.F64Const) continue;
            if (OpMethods.Get(info.Opcode) is null && !FunctionCompiler.IsInline(info.Opcode)) missing.Add(info.Name);
        }
        Assert.Empty(missing);
    }

    /// <summary>
    /// A big straight-line SIMD function (hundreds of tees, so RyuJIT runs out of locals for inlining): every vector
    /// instruction the compiler emits as an intrinsic, memory lanes included, must compute what the interpreter does.
    /// </summary>
    [Fact]
    public void BigSimdFunctionMatchesTheInterpreter()
    {
        var body = new System.Text.StringBuilder();
        string[] binary =
        [
            "i32x4.add", "i16x8.sub", "i8x16.add_sat_u", "i16x8.sub_sat_s", "i8x16.min_s", "i32x4.max_u", "i16x8.avgr_u",
            "i32x4.lt_s", "i8x16.ne", "i64x2.ge_s", "f32x4.lt", "f64x2.ne", "i8x16.narrow_i16x8_s", "i16x8.narrow_i32x4_u",
            "i32x4.dot_i16x8_s", "i8x16.swizzle", "v128.andnot", "i64x2.mul", "f32x4.mul", "f64x2.add",
        ];
        string[] unary =
        [
            "i16x8.extend_high_i8x16_s", "i32x4.extend_low_i16x8_u", "i8x16.abs", "i64x2.neg", "f32x4.neg", "f64x2.abs",
            "i32x4.extadd_pairwise_i16x8_s", "f32x4.floor", "f64x2.promote_low_f32x4", "v128.not",
        ];
        for (int i = 0; i < 120; i++)
        {
            body.Append($"local.get 1 local.get 2 {binary[i % binary.Length]} local.tee 3 ");
            body.Append($"{unary[i % unary.Length]} local.get 0 i32x4.shl local.get 1 i32.const {i % 9} i16x8.shr_u ");
            body.Append($"i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31 local.tee 1 ");
            body.Append($"local.get 3 local.get 2 v128.bitselect local.set 2 ");
            body.Append($"i32.const {i % 64} local.get 1 v128.store{8 << (i % 4)}_lane {i % (16 >> (i % 4))} ");
            body.Append($"i32.const {(i * 7) % 64} local.get 2 v128.load{8 << (i % 4)}_lane {i % (16 >> (i % 4))} local.set 2 ");
            body.Append($"local.get 4 local.get 1 i32x4.extract_lane {i % 4} i32.add i32.const {i % 32} v128.load32_splat i32x4.extract_lane 1 i32.add ");
            body.Append($"local.get 2 v128.any_true i32.add local.get 1 i16x8.bitmask i32.add local.set 4 ");
        }
        string wat = $$"""
            (module (memory 1)
              (func (export "run") (param i32) (result i32) (local v128 v128 v128 i32)
                v128.const i32x4 0x01020304 0x8090a0b0 0x7fff8000 0xffffffff local.set 1
                v128.const i32x4 0x11223344 0x00ff00ff 0x80000001 0x12345678 local.set 2
                {{body}}
                local.get 4 local.get 1 i32x4.extract_lane 0 i32.add local.get 2 i32x4.extract_lane 3 i32.xor))
            """;
        int Run(EngineKind kind)
        {
            var engine = new Engine(new EngineOptions { Kind = kind });
            var module = Module.FromText(engine, wat);
            var inst = new Linker(engine).Instantiate(new Store(engine), module);
            int r = inst.GetFunction<int, int>("run")(3);
            if (kind == EngineKind.Compiler) Assert.Equal(0, CompiledModule.Get(module.Definition, new CompilerLimits()).InterpretedCount);
            return r;
        }
        Assert.Equal(Run(EngineKind.Interpreter), Run(EngineKind.Compiler));
    }

    /// <summary>A function whose tees only fit RyuJIT's local-reference limit as dup + store still compiles, and right.</summary>
    [Fact]
    public void TeeHeavyFunctionNearTheLimitCompilesWithDupTees()
    {
        var code = new List<byte>();
        for (int i = 0; i < 100; i++) code.AddRange(new byte[] { 0x20, 0x01, 0x20, 0x00, 0x6A, 0x22, 0x01, 0x1A }); // l1 + p0, tee 1, drop
        code.AddRange(new byte[] { 0x20, 0x01, 0x0B });
        var b = new ModuleBuilder();
        int t = b.Type([I32], [I32]);
        int f = b.Func(t, [.. code], new LocalDecl(1, I32));
        b.Export("run", ExternKind.Func, f);
        var def = b.Build();
        // Store + load tees need about 400 references here, dup tees about 300.
        var cm = CompiledModule.Get(def, new CompilerLimits { MaxLocalRefs = 350 });
        Assert.Equal(0, cm.InterpretedCount);
        Assert.Equal(300, Instantiate(def).GetFunction<int, int>("run")(3));
    }
}
