namespace Cilantro.Compiler;

/// <summary>
/// Methods to turn into machine code (see <see cref="CompilerRuntime.JitAhead"/>), taken in order by any number of
/// threads; the first part can be waited for. A method is handed out only once the earlier methods it calls directly
/// are done: collectible code calls a method that has no machine code yet through its stub, and keeps doing so (two
/// jumps per call instead of one).
/// </summary>
internal sealed class JitWork
{
    private readonly Action<int> _prepare;
    private readonly int _count, _firstPart;
    private readonly int[] _waitingFor; // per item: the earlier items it calls that are not done yet
    private readonly List<int>?[] _callers; // per item: the later items that call it
    private readonly PriorityQueue<int, int> _ready = new(); // the earliest first
    private int _taken, _firstTaken, _firstLeft;

    /// <param name="count">Number of items (0 to count - 1, in the preferred order).</param>
    /// <param name="firstPart">The items before this one are the first part (<see cref="FinishFirstPart"/>).</param>
    /// <param name="calls">Which item calls which: only calls of earlier items are waited for.</param>
    /// <param name="prepare">Prepares an item (its exceptions are dropped: the call meets the same problem and reports it).</param>
    public JitWork(int count, int firstPart, IEnumerable<(int Caller, int Callee)> calls, Action<int> prepare)
    {
        _count = count;
        _firstPart = _firstLeft = firstPart;
        _prepare = prepare;
        _waitingFor = new int[count];
        _callers = new List<int>?[count];
        foreach (var (caller, callee) in calls)
        {
            if (callee >= caller) continue;
            (_callers[callee] ??= []).Add(caller);
            _waitingFor[caller]++;
        }
        for (int i = 0; i < count; i++)
            if (_waitingFor[i] == 0) _ready.Enqueue(i, i);
    }

    /// <summary>Prepares the next item (of the first part only, if <paramref name="firstPartOnly"/>); false when none is left.</summary>
    public bool Step(bool firstPartOnly)
    {
        int i;
        lock (this)
        {
            while (true)
            {
                if (_taken == _count || (firstPartOnly && _firstTaken == _firstPart)) return false;
                if (_ready.TryPeek(out i, out _) && (!firstPartOnly || i < _firstPart)) break;
                Monitor.Wait(this); // what is left waits for items being prepared
            }
            _ready.Dequeue();
            _taken++;
            if (i < _firstPart) _firstTaken++;
        }
        try
        {
            _prepare(i);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // the call will meet the same problem and report it
        }
        finally
        {
            lock (this)
            {
                if (_callers[i] is { } callers)
                    foreach (int c in callers)
                        if (--_waitingFor[c] == 0) _ready.Enqueue(c, c);
                if (i < _firstPart) _firstLeft--;
                Monitor.PulseAll(this);
            }
        }
        return true;
    }

    /// <summary>Helps with the first part, then waits until every item of it is done.</summary>
    public void FinishFirstPart()
    {
        while (Step(firstPartOnly: true)) { }
        lock (this)
        {
            while (_firstLeft > 0) Monitor.Wait(this);
        }
    }
}
