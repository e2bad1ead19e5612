using Cilantro.Compiler;
using Xunit;

namespace Cilantro.Tests.Compiler;

/// <summary>The ahead-of-time JIT queue: callees before their callers on any number of threads, the first part waited for.</summary>
public class JitWorkTests
{
    /// <summary>Random calls to earlier items (some to later ones: cycles, not waited for), fixed seed.</summary>
    private static List<(int Caller, int Callee)> RandomCalls(int count, int seed)
    {
        var random = new Random(seed);
        var calls = new List<(int, int)>();
        for (int i = 1; i < count; i++)
            for (int k = random.Next(4); k > 0; k--) calls.Add((i, random.Next(count)));
        return calls;
    }

    private static void RunOn(int threads, JitWork work, bool firstPartOnly)
    {
        var all = new Thread[threads];
        for (int t = 0; t < threads; t++) (all[t] = new Thread(() => { while (work.Step(firstPartOnly)) { } })).Start();
        foreach (var t in all) Assert.True(t.Join(TimeSpan.FromMinutes(1)), "the queue hangs");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void AnItemStartsOnlyAfterTheEarlierItemsItCalls(int threads)
    {
        const int Count = 300;
        var calls = RandomCalls(Count, 7);
        var done = new int[Count];
        var runs = new int[Count];
        int violations = 0;
        var work = new JitWork(Count, Count, calls, i =>
        {
            foreach (var (caller, callee) in calls)
                if (caller == i && callee < i && Volatile.Read(ref done[callee]) == 0) Interlocked.Increment(ref violations);
            Interlocked.Increment(ref runs[i]);
            Thread.SpinWait(50 * (i % 7)); // uneven work, so that threads overtake each other
            Volatile.Write(ref done[i], 1);
        });
        RunOn(threads, work, firstPartOnly: false);
        Assert.Equal(0, violations);
        Assert.All(runs, r => Assert.Equal(1, r));
    }

    [Fact]
    public void TheFirstPartIsWaitedForAndTheRestLeftToOthers()
    {
        const int Count = 100, First = 40;
        var done = new int[Count];
        var work = new JitWork(Count, First, RandomCalls(Count, 3), i => Volatile.Write(ref done[i], 1));
        var helper = new Thread(() => { while (work.Step(firstPartOnly: true)) { } });
        helper.Start();
        work.FinishFirstPart();
        Assert.All(done[..First], d => Assert.Equal(1, d));
        Assert.True(helper.Join(TimeSpan.FromMinutes(1)));
        Assert.All(done[First..], d => Assert.Equal(0, d)); // first-part workers leave the rest
        RunOn(1, work, firstPartOnly: false);
        Assert.All(done, d => Assert.Equal(1, d));
    }

    [Fact]
    public void CyclesAndFailuresDoNotStopTheQueue()
    {
        // 0 and 1 call each other; 2 fails; 3 calls 2 and still runs after it
        var calls = new[] { (0, 1), (1, 0), (3, 2), (3, 1) };
        var order = new List<int>();
        var work = new JitWork(4, 4, calls, i =>
        {
            lock (order) order.Add(i);
            if (i == 2) throw new InvalidOperationException("no code");
        });
        work.FinishFirstPart();
        Assert.Equal([0, 1, 2, 3], order);
        Assert.False(work.Step(firstPartOnly: false));
    }
}
