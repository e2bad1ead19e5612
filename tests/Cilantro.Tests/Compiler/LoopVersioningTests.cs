using Cilantro.Compiler;
using Cilantro.Instructions;
using Cilantro.Model;
using Xunit;

namespace Cilantro.Tests.Compiler;

/// <summary>
/// Loop versioning (<see cref="VersionedLoop"/>): a counted loop's accesses through induction-variable addresses are
/// proven in bounds by one test at its entry, or the checked copy runs. Every case runs under the compiler and the
/// interpreter, which must agree on the result, the trap and the memory left behind (stores before a trap happen).
/// </summary>
public class LoopVersioningTests
{
    // run(p, q, n): one page of memory (at most 3), locals 3 to 5 free; $grow grows the memory by one page.
    private static string Wat(string body) => $$"""
        (module (memory (export "mem") 1 3)
          (func $grow (drop (memory.grow (i32.const 1))))
          (func (export "run") (param i32 i32 i32) (result i32) (local i32 i32 i32)
            {{body}}))
        """;

    private static (int? Result, long Pages, long Hash) Run(EngineKind kind, string body, int p, int q, int n)
    {
        var engine = new Engine(new EngineOptions { Kind = kind });
        var module = Module.FromText(engine, Wat(body));
        var inst = new Linker(engine).Instantiate(new Store(engine), module);
        if (kind == EngineKind.Compiler) Assert.Equal(0, CompiledModule.Get(module.Definition, new CompilerLimits()).InterpretedCount);
        int? result;
        try
        {
            result = inst.GetFunction<int, int, int, int>("run")(p, q, n);
        }
        catch (TrapException e)
        {
            Assert.Equal("out of bounds memory access", e.Message);
            result = null;
        }
        var mem = inst.GetMemory("mem");
        long hash = 17;
        foreach (byte b in mem.GetSpan()) hash = hash * 31 + b;
        return (result, mem.Pages, hash);
    }

    /// <summary>Runs under both engines; they must agree; returns whether it trapped.</summary>
    private static bool Check(string body, int p, int q, int n)
    {
        var compiled = Run(EngineKind.Compiler, body, p, q, n);
        Assert.Equal(Run(EngineKind.Interpreter, body, p, q, n), compiled);
        return compiled.Result is null;
    }

    /// <summary>Whether the analysis versions the first loop of run.</summary>
    private static bool Versioned(string body)
    {
        var def = Module.FromText(new Engine(), Wat(body)).Definition;
        var cm = CompiledModule.Get(def, new CompilerLimits());
        var fb = def.Bodies[1];
        var r = new CodeReader(fb.Code.Span, fb.CodeOffset, WasmFeatures.Default);
        while (!r.AtEnd)
        {
            r.Read(out var ins);
            if (ins.Opcode != Opcode.Loop) continue;
            var locals = new ValType[6];
            Array.Fill(locals, ValType.I32);
            return LoopAnalysis.Analyze(def, cm.FuncTypes, fb, locals, in ins, r.Position) is not null;
        }
        return false;
    }

    /// <summary>i = start; do { pre; mem[p + (i &lt;&lt; shift)] += i; } while (++i &lt; limit); then result.</summary>
    private static string CountedStore(string pre = "", int shift = 2, string limit = "(local.get 2)", string result = "(local.get 3)",
        int start = 0) => $"""
        (local.set 3 (i32.const {start}))
        (loop
          {pre}
          (i32.store (i32.add (local.get 0) (i32.shl (local.get 3) (i32.const {shift})))
            (i32.add (local.get 3) (i32.load (i32.add (local.get 0) (i32.shl (local.get 3) (i32.const {shift}))))))
          (br_if 0 (i32.lt_u (local.tee 3 (i32.add (local.get 3) (i32.const 1))) {limit})))
        {result}
        """;

    // for (i = 0; i < n; i++) mem[p + i*4] = i  (do-while: n >= 1), lt_u against a local.
    private static readonly string Fill = CountedStore();

    [Fact]
    public void TheLoopsOfTheseTestsAreVersioned()
    {
        Assert.True(Versioned(Fill));
        Assert.True(Versioned(PointerPairs));
        Assert.True(Versioned(CountDown));
        Assert.True(Versioned(AfterIncrement));
        Assert.True(Versioned(WithCall));
        Assert.True(Versioned(WithGrow));
        Assert.True(Versioned(Signed));
        Assert.True(Versioned(Wrapping));
        Assert.False(Versioned(LimitChanges));
    }

    [Fact]
    public void ALoopWhoseCopyWouldKeepChecksIsNotVersioned()
    {
        // mem[mem[p + i*4]] = i: the inner address is data, so the copy would keep a check (and cost more than it saves).
        Assert.False(Versioned(CountedStore(pre: "(i32.store (i32.load (i32.add (local.get 0) (i32.shl (local.get 3) (i32.const 2)))) (local.get 3))")));
        // Five arrays: more address groups than the entry test takes.
        string fiveArrays = string.Concat(Enumerable.Range(1, 4).Select(k =>
            $"(i32.store offset={k * 4096} (i32.add (local.get {k % 2}) (i32.shl (local.get 3) (i32.const {k + 2}))) (local.get 3))"));
        Assert.False(Versioned(CountedStore(pre: fiveArrays)));
        Assert.True(Versioned(CountedStore(pre: "(i32.store offset=4096 (i32.add (local.get 1) (i32.shl (local.get 3) (i32.const 2))) (local.get 3))")));
    }

    [Theory]
    [InlineData(0, 16384, false)]      // ends exactly at the memory's end
    [InlineData(4, 16383, false)]
    [InlineData(8, 16383, true)]       // the last store is past the end: the earlier ones happened
    [InlineData(65532, 1, false)]
    [InlineData(65533, 1, true)]
    [InlineData(65536, 1, true)]
    [InlineData(-4, 1, true)]
    [InlineData(0, 0, false)]          // n = 0: one iteration (do-while), counter already past the limit
    [InlineData(100, -1, true)]        // limit 2^32 - 1: past the memory
    public void ForwardLoopWithALimitLocal(int p, int n, bool traps) => Assert.Equal(traps, Check(Fill, p, 0, n));

    // example10a's shape: pointers p, q advance by 4, counter i by 2 until exactly 2048 (ne), 16-bit stores at
    // q + i + 2 besides (q0 + 6j + 2 in iteration j).
    private const string PointerPairs = """
        (local.set 3 (i32.const 0))
        (loop
          (i32.store (local.get 1) (i32.add (i32.load (local.get 0)) (i32.const 1)))
          (i32.store16 offset=2 (i32.add (local.get 1) (local.get 3)) (local.get 3))
          (local.set 0 (i32.add (local.get 0) (i32.const 4)))
          (local.set 1 (i32.add (local.get 1) (i32.const 4)))
          (br_if 0 (i32.ne (local.tee 3 (i32.add (local.get 3) (i32.const 2))) (i32.const 2048))))
        (local.get 3)
        """;

    [Theory]
    [InlineData(0, 4096, false)]
    [InlineData(0, 65536 - 6142, false)]      // q + i (= q0 + 6j) + 2: its last 16-bit store ends at the memory's end
    [InlineData(0, 65536 - 6141, true)]
    [InlineData(65536 - 4096, 0, false)]
    [InlineData(65536 - 4092, 0, true)]       // the last load traps after 1023 iterations of stores
    [InlineData(-4096, 0, true)]              // the first load is past the end (p + 4i would reach 0 only after the loop)
    [InlineData(-8192, 0, true)]
    public void PointerInductionVariables(int p, int q, bool traps) => Assert.Equal(traps, Check(PointerPairs, p, q, 0));

    [Fact]
    public void AnAddressThatWrapsAroundToTheStartIsInBounds()
    {
        // p + 4i for p = 2^32 - 16 and i from 4: 0, 4, 8 ... (Wasm wraps; a 64-bit sum would be past the end).
        string body = CountedStore(start: 4, result: "(i32.load (i32.const 8))");
        Assert.True(Versioned(body));
        Assert.False(Check(body, -16, 0, 20));
        Assert.True(Check(body, -16, 0, 20000));
    }

    // A counter from q by 4 (lt_u n, or ne n) with a pointer p advancing by 4: when c + 4 wraps around past 2^32 (lt_u)
    // or c never meets n exactly (ne), the loop runs on far past the iterations the limit suggests.
    private const string CounterAndPointer = """
        (local.set 3 (local.get 1))
        (loop
          (i32.store (local.get 0) (i32.add (i32.load (local.get 0)) (local.get 3)))
          (local.set 0 (i32.add (local.get 0) (i32.const 4)))
          (br_if 0 (i32.lt_u (local.tee 3 (i32.add (local.get 3) (i32.const 4))) (local.get 2))))
        (local.get 3)
        """;

    [Theory]
    [InlineData(0, 0, 1000, false)]
    [InlineData(0, -16, -2, true)]     // c = 2^32 - 16 to 2^32 - 4, then 0, 4, ... (wrapped, still below n)
    [InlineData(0, -16, -4, false)]    // c + 4 reaches 2^32 - 4 = n: 3 iterations
    public void CounterWrapsPastTheLimit(int p, int c0, int n, bool traps)
    {
        Assert.True(Versioned(CounterAndPointer));
        Assert.Equal(traps, Check(CounterAndPointer, p, c0, n));
        string ne = CounterAndPointer.Replace("i32.lt_u", "i32.ne");
        Assert.True(Versioned(ne));
        Assert.Equal(traps, Check(ne, p, c0, n));
    }

    [Theory]
    [InlineData(0, 0, 1000, false)]
    [InlineData(0, 2, 1000, true)]     // 2 + 4j never equals 1000: on through 2^32 (the pointer leaves the memory)
    [InlineData(0, 1, 1000, true)]
    [InlineData(0, 1000, 1000, true)]  // c0 = n: c + 4 meets n only after wrapping around
    public void ACounterThatMissesTheLimit(int p, int c0, int n, bool traps) =>
        Assert.Equal(traps, Check(CounterAndPointer.Replace("i32.lt_u", "i32.ne"), p, c0, n));

    /// <summary>c = q; do { mem8[p + c] += 7; } while ((c += step) test limit); then c.</summary>
    private static string ByteCounter(string test, int step, string limit) => $"""
        (local.set 3 (local.get 1))
        (loop
          (i32.store8 (i32.add (local.get 0) (local.get 3)) (i32.add (i32.load8_u (i32.add (local.get 0) (local.get 3))) (i32.const 7)))
          (br_if 0 ({test} (local.tee 3 (i32.add (local.get 3) (i32.const {step}))) {limit})))
        (local.get 3)
        """;

    // example25's shape: c from -4096 up by 4 to 0 (br_if on the value), addresses c + constants: the counter wraps
    // around to 0 and the 64-bit sums of its u32 value with the constants are past 2^32 (taken modulo 2^32).
    private static string UpToZero(int k1, int k2) => $"""
        (local.set 3 (i32.const -4096))
        (loop
          (i32.store offset=4 (i32.add (local.get 3) (i32.const {k1}))
            (i32.load (i32.add (local.get 3) (i32.const {k2}))))
          (br_if 0 (local.tee 3 (i32.add (local.get 3) (i32.const 4)))))
        (i32.load (i32.const 8192))
        """;

    [Theory]
    [InlineData(8192, 4096, false)]
    [InlineData(65536 - 4, 4096, false)]   // the last store ends at the memory's end
    [InlineData(65536, 4096, true)]
    [InlineData(8192, 65536 + 4096 - 4, true)]
    [InlineData(8192, 4092, true)]          // the first load at 2^32 - 4
    [InlineData(4096, 0, true)]
    public void CounterUpToZero(int k1, int k2, bool traps)
    {
        Assert.True(Versioned(UpToZero(k1, k2)));
        Assert.Equal(traps, Check(UpToZero(k1, k2), 0, 0, 0));
    }

    [Theory]
    [InlineData(-8, 4, true)]     // p + 4i: 2^32 - 8, 2^32 - 4, 0, 4: the first traps
    [InlineData(-8, 100, true)]
    [InlineData(0, 100, false)]
    public void AGroupAcross2To32(int p, int n, bool traps) => Assert.Equal(traps, Check(Fill, p, 0, n));

    // The counter wraps around: from c0 = q up (ne) to n through 2^32; address c + p (bytes).
    private static readonly string Wrapping = ByteCounter("i32.ne", 1, "(local.get 2)");

    [Theory]
    [InlineData(16, -2, 2, false)]        // c = 2^32 - 2, 2^32 - 1, 0, 1: addresses 14 to 17
    [InlineData(16, -8, 8, false)]
    [InlineData(8, -9, 8, true)]
    [InlineData(0, -2, 2, true)]
    [InlineData(0, 10, 20, false)]
    [InlineData(65526, 0, 10, false)]
    [InlineData(65527, 0, 10, true)]
    public void CounterWrapAround(int p, int c0, int n, bool traps) => Assert.Equal(traps, Check(Wrapping, p, c0, n));

    // Counting down to 0 by 1 (br_if on the value): address p + c*8 - 8 (a negative constant; the load's written as
    // p + (c << 3) + -8), inverted in place.
    private const string CountDown = """
        (local.set 3 (local.get 2))
        (loop
          (i64.store (i32.sub (i32.add (local.get 0) (i32.mul (local.get 3) (i32.const 8))) (i32.const 8))
            (i64.xor (i64.load (i32.add (i32.add (local.get 0) (i32.shl (local.get 3) (i32.const 3))) (i32.const -8))) (i64.const -1)))
          (br_if 0 (local.tee 3 (i32.sub (local.get 3) (i32.const 1)))))
        (local.get 3)
        """;

    [Theory]
    [InlineData(0, 8192, false)]
    [InlineData(8, 8191, false)]
    [InlineData(8, 8192, true)]
    [InlineData(0, 1, false)]
    [InlineData(0, 0, true)]      // 0 - 1: counts down through 2^32 - 1 (the first address is far past the end)
    [InlineData(-8, 2, true)]     // the first address, p + 16 - 8, wraps to 0; the second, 2^32 - 8, traps
    public void CountingDown(int p, int n, bool traps) => Assert.Equal(traps, Check(CountDown, p, 0, n));

    // Access after the increment: the address is p + 4 (i + 1) via the pointer's new value (a load and a store: loops
    // with a single access are not versioned).
    private const string AfterIncrement = """
        (local.set 3 (i32.const 0))
        (loop
          (local.set 0 (i32.add (local.get 0) (i32.const 4)))
          (i32.store (local.get 0) (i32.add (i32.load (local.get 0)) (local.get 3)))
          (br_if 0 (i32.lt_s (local.tee 3 (i32.add (local.get 3) (i32.const 1))) (local.get 2))))
        (local.get 3)
        """;

    [Theory]
    [InlineData(0, 16383, false)]
    [InlineData(0, 16384, true)]
    [InlineData(-4, 1, false)]     // p + 4 = 0
    [InlineData(-4, 3, false)]
    [InlineData(-8, 3, true)]      // p + 4 = 2^32 - 4
    [InlineData(0, -5, false)]     // a negative signed limit: one iteration
    public void AccessAfterTheIncrement(int p, int n, bool traps) => Assert.Equal(traps, Check(AfterIncrement, p, 0, n));

    // Signed test (lt_s) against a constant, step 3, from c0 = q.
    private static readonly string Signed = ByteCounter("i32.lt_s", 3, "(i32.const 1000)");

    [Theory]
    [InlineData(0, 0, false)]
    [InlineData(65536 - 1000, 0, false)]
    [InlineData(65536 - 999, 0, true)]
    [InlineData(0, -5, true)]             // a negative start (signed): 0 - 5 wraps past the end
    [InlineData(5, -5, false)]
    [InlineData(0, 2000, false)]          // one iteration, past the limit
    public void SignedLimit(int p, int c0, bool traps) => Assert.Equal(traps, Check(Signed, p, c0, 0));

    // lt_s against a constant near 2^31: c + 3 wraps to a negative number and the loop goes on.
    private static readonly string SignedTop = ByteCounter("i32.lt_s", 3, "(i32.const 0x7fffffff)");

    [Theory]
    [InlineData(-0x7ffffff0, 0x7ffffff0, false)]
    [InlineData(-0x7ffffffe, 0x7ffffffe, true)]
    public void SignedLimitNearTheTop(int p, int c0, bool traps) => Assert.Equal(traps, Check(SignedTop, p, c0, 0));

    // The limit is set in the loop: not versioned, still right.
    private static readonly string LimitChanges = CountedStore(limit: "(local.tee 2 (i32.add (local.get 2) (local.get 1)))");

    [Theory]
    [InlineData(0, 0, 16384, false)]
    [InlineData(0, 1, 8000, true)]
    public void LimitChangingInTheLoop(int p, int q, int n, bool traps) => Assert.Equal(traps, Check(LimitChanges, p, q, n));

    // A call in the loop grows the memory at the first iteration: accesses past the first page are in bounds then.
    private static readonly string WithCall = CountedStore(
        "(if (i32.eqz (local.get 3)) (then (call $grow)))", result: "(i32.add (local.get 3) (memory.size))");

    [Theory]
    [InlineData(0, 16384, false)]
    [InlineData(0, 32768, false)]
    [InlineData(0, 32769, true)]
    [InlineData(65536, 100, false)]
    public void CallGrowingTheMemory(int p, int n, bool traps) => Assert.Equal(traps, Check(WithCall, p, 0, n));

    // memory.grow in the loop itself (every 1000 iterations).
    private static readonly string WithGrow = CountedStore(
        "(if (i32.eqz (i32.rem_u (local.get 3) (i32.const 1000))) (then (drop (memory.grow (i32.const 1)))))",
        shift: 4, result: "(i32.add (local.get 3) (memory.size))");

    [Theory]
    [InlineData(0, 4096, false)]
    [InlineData(0, 12288, false)]
    [InlineData(0, 12289, true)]
    [InlineData(65536, 2000, false)]
    public void MemoryGrowInTheLoop(int p, int n, bool traps) => Assert.Equal(traps, Check(WithGrow, p, 0, n));

    // The sieve's inner loop: for (c = 2q; c < n; c += q) mem8[p + c + 3] = !mem8[p + c + 3], the step a local the loop
    // never sets.
    private const string StepLocal = """
        (local.set 3 (i32.shl (local.get 1) (i32.const 1)))
        (loop
          (i32.store8 offset=3 (i32.add (local.get 3) (local.get 0)) (i32.eqz (i32.load8_u offset=3 (i32.add (local.get 0) (local.get 3)))))
          (br_if 0 (i32.lt_u (local.tee 3 (i32.add (local.get 3) (local.get 1))) (local.get 2))))
        (local.get 3)
        """;

    [Theory]
    [InlineData(0, 3, 65533, false)]
    [InlineData(0, 3, 65534, false)]        // the last c is 65532 or below
    [InlineData(0, 1, 65534, true)]         // c = 65533: its end 65537
    [InlineData(1, 1, 65532, false)]
    [InlineData(0, 40000, 50000, true)]     // c0 = 80000 >= n: one iteration, past the end
    [InlineData(-80000, 40000, 50000, false)]   // p + c wraps to 0
    [InlineData(0, -1, 100, true)]          // step 2^32 - 1: c0 = 2^32 - 2 traps at once
    [InlineData(100, 0x7fffffff, -1, true)] // c0 = 2^32 - 2 (address 101), then c + step wraps around to 2^31 - 3 < n
    public void StepInALocal(int p, int q, int n, bool traps) => Assert.Equal(traps, Check(StepLocal, p, q, n));

    [Fact]
    public void AStepLocalLoopIsVersioned() => Assert.True(Versioned(StepLocal));

    // Counter bounds (FunctionCompiler.FindCounter): a loop's one back edge tests its counter against a constant, so the
    // counter's values at the header are bounded and accesses through them below the memory's minimum need no check.
    // c = start; do { mem8[c + 1] = 1; extra; c += step } while (c test limit)
    private static string CounterBound(int start, int step, string test, long limit, string extra = "") => $"""
        (local.set 3 (i32.const {start}))
        (loop
          (i32.store8 offset=1 (local.get 3) (i32.const 1))
          {extra}
          (br_if 0 ({test} (local.tee 3 (i32.add (local.get 3) (i32.const {step}))) (i32.const {limit}))))
        (local.get 3)
        """;

    [Theory]
    [InlineData(0, 1, "i32.lt_u", 65535, false)]     // c at most 65534: its access ends at 65536
    [InlineData(0, 1, "i32.lt_u", 65536, true)]
    [InlineData(0, 7, "i32.lt_u", 65535, false)]
    [InlineData(0, 1, "i32.le_u", 65534, false)]
    [InlineData(0, 1, "i32.le_u", 65535, true)]
    [InlineData(0, 1, "i32.ne", 65535, false)]
    [InlineData(0, 1, "i32.ne", 65536, true)]
    [InlineData(100, 1, "i32.ne", 50, true)]         // from above the limit: on through 2^32
    [InlineData(65535, 1, "i32.lt_u", 100, true)]    // the entry value is past the end (one iteration)
    [InlineData(65534, 1, "i32.lt_u", 100, false)]
    [InlineData(0, 2, "i32.ne", 65535, true)]        // by 2: never equal to an odd limit
    [InlineData(-1, 1, "i32.lt_u", 100, true)]       // entry 2^32 - 1: traps first
    public void CounterBoundedByItsExitTest(int start, int step, string test, long limit, bool traps) =>
        Assert.Equal(traps, Check(CounterBound(start, step, test, limit), 0, 0, 0));

    [Theory]
    [InlineData(1, false)]
    [InlineData(70000, true)]
    public void ASecondBackEdgeLeavesTheCounterUnbounded(int n, bool traps) =>
        Assert.Equal(traps, Check(CounterBound(0, 1000, "i32.lt_u", 100,
            "(br_if 0 (i32.lt_u (local.tee 3 (i32.add (local.get 3) (i32.const 1000))) (local.get 2)))"), 0, 0, n));

    [Fact]
    public void ACounterSetTwiceIsNotCountingByOne() =>
        // c = c + 1 before the test, but also c = c + 2 earlier in the body: c skips the limit.
        Assert.True(Check(CounterBound(0, 1, "i32.ne", 1001, "(local.set 3 (i32.add (local.get 3) (i32.const 2)))"), 0, 0, 0));

    [Fact]
    public void AnEarlyExitBeforeTheTrappingIterationDoesNotTrap()
    {
        // Exits (br_if 1) when the stored value would reach q: the iterations past it never run.
        const string body = """
            (local.set 3 (i32.const 0))
            (block
              (loop
                (br_if 1 (i32.eq (local.get 3) (local.get 1)))
                (i32.store (i32.add (local.get 0) (i32.shl (local.get 3) (i32.const 2))) (i32.load offset=4 (local.get 1)))
                (br_if 0 (i32.lt_u (local.tee 3 (i32.add (local.get 3) (i32.const 1))) (local.get 2)))))
            (local.get 3)
            """;
        Assert.True(Versioned(body));
        Assert.False(Check(body, 0, 16384, 1 << 20));
        Assert.True(Check(body, 0, 16385, 1 << 20));
    }

    // example10b's shape: the address in a temporary (local.tee 4), then loads and stores at local.get 4.
    private const string Temporary = """
        (local.set 3 (i32.const 0))
        (loop
          (i32.store (local.tee 4 (i32.add (local.get 0) (i32.shl (local.get 3) (i32.const 2))))
            (i32.add (i32.load (local.get 4)) (local.get 3)))
          (block
            (i32.store16 offset=2 (local.get 4) (local.get 3))
            (local.set 5 (i32.add (local.get 4) (i32.const 1)))
            (br_if 0 (i32.eqz (local.get 3)))
            (i32.store8 (local.get 5) (i32.const 9)))
          (br_if 0 (i32.lt_u (local.tee 3 (i32.add (local.get 3) (i32.const 1))) (local.get 2))))
        (local.get 4)
        """;

    [Theory]
    [InlineData(0, 16384, false)]      // ends exactly at the memory's end
    [InlineData(4, 16383, false)]
    [InlineData(8, 16383, true)]
    [InlineData(65532, 1, false)]
    [InlineData(65533, 1, true)]
    [InlineData(-4, 1, true)]
    [InlineData(-8, 3, true)]          // 2^32 - 8, 2^32 - 4, then 0: the first traps
    [InlineData(100, -1, true)]
    public void AddressInATemporary(int p, int n, bool traps)
    {
        Assert.True(Versioned(Temporary));
        Assert.Equal(traps, Check(Temporary, p, 0, n));
    }

    /// <summary>A loop over mem[p + 4i] (its second access) with <paramref name="pre"/> first; local 4 is q before the loop.</summary>
    private static string WithTemporary(string pre, string access, string post = "") => $"""
        (local.set 3 (i32.const 0))
        (local.set 4 (local.get 1))
        (loop
          {pre}
          (i32.store {access} (local.get 3))
          {post}
          (i32.store offset=4 (i32.add (local.get 0) (i32.shl (local.get 3) (i32.const 2))) (local.get 3))
          (br_if 0 (i32.lt_u (local.tee 3 (i32.add (local.get 3) (i32.const 1))) (local.get 2))))
        (local.get 4)
        """;

    private const string AddressOfI = "(i32.add (local.get 0) (i32.shl (local.get 3) (i32.const 2)))";

    // The temporary is set only on some paths (odd i): elsewhere it holds q, or the previous odd iteration's address.
    private static readonly string SetOnSomePaths =
        WithTemporary($"(if (i32.and (local.get 3) (i32.const 1)) (then (local.set 4 {AddressOfI})))", "(local.get 4)");
    private static readonly string SetInABlockThatMayBeLeft =
        WithTemporary($"(block (br_if 0 (i32.eqz (i32.and (local.get 3) (i32.const 1)))) (local.set 4 {AddressOfI}))", "(local.get 4)");
    private static readonly string SetInBothBranches =
        WithTemporary($"(if (i32.and (local.get 3) (i32.const 1)) (then (local.set 4 {AddressOfI})) (else (local.set 4 (local.get 1))))", "(local.get 4)");
    // Read before it is set in the iteration: the first iteration uses q, later ones the previous iteration's address.
    private static readonly string ReadBeforeSet = WithTemporary("", "(local.get 4)", $"(local.set 4 {AddressOfI})");
    // Set to an address, then to data loaded from there.
    private static readonly string SetAgainToData =
        WithTemporary($"(local.set 4 {AddressOfI}) (local.set 4 (i32.load (local.get 4)))", "(local.get 4)");
    // Set at the top level: in a nested block it still holds the address.
    private static readonly string UsedInANestedBlock =
        WithTemporary($"(local.set 4 {AddressOfI}) (if (i32.and (local.get 3) (i32.const 1)) (then (i32.store offset=8 (local.get 4) (i32.const 5))))", "(local.get 4)");

    [Fact]
    public void TemporariesNotSetOnEveryPathAreNotTrusted()
    {
        foreach (string body in new[] { SetOnSomePaths, SetInABlockThatMayBeLeft, SetInBothBranches, ReadBeforeSet, SetAgainToData })
            Assert.False(Versioned(body));
        Assert.True(Versioned(UsedInANestedBlock));
    }

    [Theory]
    [InlineData(0, 65536, 100, true)]      // q past the end: the iterations that store at q trap
    [InlineData(0, 65533, 100, true)]
    [InlineData(0, 65532, 100, false)]
    [InlineData(0, 0, 16383, false)]
    [InlineData(4, 0, 16383, true)]
    public void TemporariesSetOnSomePathsOrReadBeforeBeingSet(int p, int q, int n, bool traps)
    {
        Assert.Equal(traps, Check(SetOnSomePaths, p, q, n));
        Assert.Equal(traps, Check(SetInABlockThatMayBeLeft, p, q, n));
        Assert.Equal(traps, Check(SetInBothBranches, p, q, n));
        Assert.Equal(traps, Check(ReadBeforeSet, p, q, n));
    }

    [Theory]
    [InlineData(0, 16383, false)]
    [InlineData(0, 16384, true)]           // i = 16383: its offset=4 store is past the end
    [InlineData(8, 16381, false)]          // the offset=8 store (odd i) ends at the memory's end
    [InlineData(12, 16381, true)]
    public void TemporaryUsedInANestedBlock(int p, int n, bool traps) => Assert.Equal(traps, Check(UsedInANestedBlock, p, 0, n));

    /// <summary>
    /// i = start; do { mem[p + 4096 k + 4i] (and q) for k in 0..groups-1 } while ((i += 1) lt_u limit): one address
    /// group per k (a store at p or q + 4i, 8i, 16i ...), and one for a load at q + 2i + 8 added to the result.
    /// </summary>
    private static string Groups(int groups, string start = "(i32.const 0)", string limit = "(i32.const 256)") => $"""
        (local.set 3 {start})
        (loop
          {string.Concat(Enumerable.Range(0, groups - 1).Select(k =>
              $"(i32.store (i32.add (local.get {k % 2}) (i32.shl (local.get 3) (i32.const {2 + k / 2}))) (local.get 3))"))}
          (local.set 4 (i32.add (local.get 4) (i32.load offset=8 (i32.add (local.get 1) (i32.shl (local.get 3) (i32.const 1))))))
          (br_if 0 (i32.lt_u (local.tee 3 (i32.add (local.get 3) (i32.const 1))) {limit})))
        (local.get 4)
        """;

    [Fact]
    public void ManyGroupsOnlyInALoopKnownToBeLong()
    {
        Assert.True(Versioned(Groups(6)));
        Assert.True(Versioned(Groups(8)));
        Assert.True(Versioned(Groups(6, "(i32.const 192)")));             // 64 iterations
        Assert.True(Versioned(Groups(6, limit: "(i32.const 64)").Replace("i32.lt_u", "i32.ne")));
        Assert.False(Versioned(Groups(6, "(i32.const 193)")));            // 63
        Assert.False(Versioned(Groups(9)));
        Assert.False(Versioned(Groups(6, "(local.get 2)")));              // the entry value is not known
        Assert.False(Versioned(Groups(6, limit: "(local.get 2)")));       // nor the limit
        Assert.False(Versioned(Groups(6, limit: "(i32.const 63)").Replace("i32.lt_u", "i32.ne")));
        // Step 2 from 0 never meets 127 (ne): the count is not known.
        Assert.False(Versioned(Groups(6, limit: "(i32.const 127)").Replace("(i32.add (local.get 3) (i32.const 1)))", "(i32.add (local.get 3) (i32.const 2)))").Replace("i32.lt_u", "i32.ne")));
        Assert.True(Versioned(Groups(6, limit: "(i32.const 128)").Replace("(i32.add (local.get 3) (i32.const 1)))", "(i32.add (local.get 3) (i32.const 2)))").Replace("i32.lt_u", "i32.ne")));
        Assert.True(Versioned(Groups(4, "(local.get 2)")));
    }

    [Theory]
    [InlineData(0, 0, false, false)]
    [InlineData(65536 - 8164, 0, false, false)]  // 8 groups: p + 32i, its last store (i = 255) ends at the memory's end
    [InlineData(65536 - 8163, 0, true, false)]
    [InlineData(65536 - 4084, 0, true, false)]   // 6 groups: p + 16i
    [InlineData(65536 - 4083, 0, true, true)]
    [InlineData(0, 65536 - 4084, false, false)]  // 8 groups: q + 16i
    [InlineData(0, 65536 - 4083, true, false)]
    [InlineData(0, 65536 - 2044, true, false)]   // 6 groups: q + 8i
    [InlineData(0, 65536 - 2043, true, true)]
    [InlineData(-8, 0, true, true)]
    [InlineData(0, -16, true, true)]
    public void ManyGroupsAtTheMemorysEnd(int p, int q, bool traps8, bool traps6)
    {
        Assert.Equal(traps8, Check(Groups(8), p, q, 0));
        Assert.Equal(traps6, Check(Groups(6), p, q, 0));
    }

    // The temporary holds p + 4i from before the increment; the second store uses the incremented i: p + 4i + 4.
    private const string TemporaryBeforeTheIncrement = """
        (local.set 3 (i32.const 0))
        (loop
          (local.set 4 (i32.add (local.get 0) (i32.shl (local.get 3) (i32.const 2))))
          (local.set 3 (i32.add (local.get 3) (i32.const 1)))
          (i32.store (local.get 4) (i32.add (i32.load (local.get 4)) (local.get 3)))
          (i32.store (i32.add (local.get 0) (i32.shl (local.get 3) (i32.const 2))) (local.get 4))
          (br_if 0 (i32.lt_u (local.get 3) (local.get 2))))
        (local.get 4)
        """;

    [Theory]
    [InlineData(0, 16383, false)]      // the last iteration's second store ends at the memory's end
    [InlineData(0, 16384, true)]
    [InlineData(4, 16382, false)]
    [InlineData(4, 16383, true)]
    [InlineData(-8, 4, true)]
    public void TemporarySetBeforeTheIncrement(int p, int n, bool traps)
    {
        Assert.True(Versioned(TemporaryBeforeTheIncrement));
        Assert.Equal(traps, Check(TemporaryBeforeTheIncrement, p, 0, n));
    }
}
