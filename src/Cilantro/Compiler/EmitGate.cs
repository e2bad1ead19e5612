using System.Reflection;
using System.Reflection.Emit;

namespace Cilantro.Compiler;

/// <summary>
/// Orders the module-wide steps of translating function bodies on several threads (see
/// <see cref="CompiledModule"/>: Bodies). Each body is a work item with a position (its place in function order);
/// items are handed out in increasing position. A body's own IL generator needs no coordination, but anything that
/// reaches the module builder (a new member-reference, type or signature token; a generic method instantiation; a
/// string literal; a local of a class or generic type) waits until every body before it has finished. So the module
/// gets its tokens in the order one thread would have requested them, and the emitted IL is the same whatever the
/// thread count; and Reflection.Emit's metadata writer, which is not safe for concurrent use, sees one body at a time.
/// A body may also wait for one before it whose result it reads (<see cref="WaitDone"/>: a region method's exits).
/// Progress: the earliest unfinished body never waits (everything before it is done), and it is being worked on,
/// since positions are handed out in order.
/// </summary>
internal sealed class EmitGate
{
    private readonly bool[] _done;
    private int _finished; // every position below it is done
    private readonly object _lock = new();

    public EmitGate(int count) => _done = new bool[count];

    /// <summary>With the compiler trace: how many times a body waited for its turn, and for how long in all.</summary>
    internal static long Waits, WaitTicks;

    /// <summary>The gate and position of the body the current thread translates (null on a serial build).</summary>
    [ThreadStatic] private static EmitGate? t_gate;
    [ThreadStatic] private static int t_position;

    /// <summary>Marks the current thread as translating the body at <paramref name="position"/> (null gate: none).</summary>
    public static void Enter(EmitGate? gate, int position)
    {
        t_gate = gate;
        t_position = position;
    }

    /// <summary>Before a step that reaches the module: waits until every body before the current thread's has finished.</summary>
    public static void WaitTurn()
    {
        if (t_gate is { } g) g.WaitFor(t_position);
    }

    private void WaitFor(int position)
    {
        if (Volatile.Read(ref _finished) >= position) return;
        long start = CompiledModule.Trace ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
        lock (_lock)
        {
            while (_finished < position) Monitor.Wait(_lock);
        }
        if (!CompiledModule.Trace) return;
        Interlocked.Increment(ref Waits);
        Interlocked.Add(ref WaitTicks, System.Diagnostics.Stopwatch.GetTimestamp() - start);
    }

    /// <summary>
    /// Waits until the body at <paramref name="position"/> (below the current thread's) has finished: one whose
    /// result the current body reads (a region method's exits, see CompiledModule.CompileBodies).
    /// </summary>
    public void WaitDone(int position)
    {
        if (Volatile.Read(ref _finished) > position) return;
        lock (_lock)
        {
            _waitingForOne++;
            while (!_done[position]) Monitor.Wait(_lock);
            _waitingForOne--;
        }
    }

    private int _waitingForOne; // threads in WaitDone

    /// <summary>Marks a body finished (whether it succeeded or not).</summary>
    public void Complete(int position)
    {
        lock (_lock)
        {
            _done[position] = true;
            int f = _finished;
            while (f < _done.Length && _done[f]) f++;
            if (f == _finished && _waitingForOne == 0) return;
            Volatile.Write(ref _finished, f);
            Monitor.PulseAll(_lock);
        }
    }
}

/// <summary>
/// An IL generator that forwards to a method's own, first waiting its turn (<see cref="EmitGate.WaitTurn"/>) for the
/// calls that reach the module builder: those taking a member (other than a function of the module), type, signature
/// or string, and locals of types whose signature needs a type token. Labels, locals of simple types and instructions
/// with plain operands (cached tokens included) only touch the method's generator.
/// </summary>
internal sealed class GatedILGenerator(ILGenerator inner) : ILGenerator
{
    /// <summary>
    /// Whether a local of this type is encoded in the local signature without a token (SignatureHelper: element
    /// types for primitives and object, and pointers, references and vectors of them).
    /// </summary>
    private static bool Simple(Type t) =>
        t.IsPrimitive || t == typeof(object) || ((t.IsPointer || t.IsByRef || t.IsSZArray) && Simple(t.GetElementType()!));

    public override int ILOffset => inner.ILOffset;
    public override LocalBuilder DeclareLocal(Type localType, bool pinned)
    {
        return (Simple(localType) ? inner : Turn()).DeclareLocal(localType, pinned);
    }
    public override Label DefineLabel() => inner.DefineLabel();
    public override void MarkLabel(Label loc) => inner.MarkLabel(loc);
    public override Label BeginExceptionBlock() => inner.BeginExceptionBlock();
    public override void BeginFaultBlock() => inner.BeginFaultBlock();
    public override void BeginFinallyBlock() => inner.BeginFinallyBlock();
    public override void BeginExceptFilterBlock() => inner.BeginExceptFilterBlock();
    public override void BeginCatchBlock(Type? exceptionType) => inner.BeginCatchBlock(exceptionType); // (its token is taken by CreateType)
    public override void EndExceptionBlock() => inner.EndExceptionBlock();
    public override void BeginScope() => inner.BeginScope();
    public override void EndScope() => inner.EndScope();
    public override void UsingNamespace(string usingNamespace) => inner.UsingNamespace(usingNamespace);
    public override void Emit(OpCode opcode) => inner.Emit(opcode);
    public override void Emit(OpCode opcode, byte arg) => inner.Emit(opcode, arg);
    public override void Emit(OpCode opcode, short arg) => inner.Emit(opcode, arg);
    public override void Emit(OpCode opcode, int arg) => inner.Emit(opcode, arg);
    public override void Emit(OpCode opcode, long arg) => inner.Emit(opcode, arg);
    public override void Emit(OpCode opcode, float arg) => inner.Emit(opcode, arg);
    public override void Emit(OpCode opcode, double arg) => inner.Emit(opcode, arg);
    public override void Emit(OpCode opcode, Label label) => inner.Emit(opcode, label);
    public override void Emit(OpCode opcode, Label[] labels) => inner.Emit(opcode, labels);
    public override void Emit(OpCode opcode, LocalBuilder local) => inner.Emit(opcode, local);

    public override void Emit(OpCode opcode, ConstructorInfo con) => Turn().Emit(opcode, con);
    // A method of this module (another function) has its method-definition token already: ModuleBuilder only reads it.
    public override void Emit(OpCode opcode, MethodInfo meth) => (meth is MethodBuilder { IsGenericMethod: false } ? inner : Turn()).Emit(opcode, meth);
    public override void Emit(OpCode opcode, FieldInfo field) => Turn().Emit(opcode, field);
    public override void Emit(OpCode opcode, Type cls) => Turn().Emit(opcode, cls);
    public override void Emit(OpCode opcode, string str) => Turn().Emit(opcode, str);
    public override void Emit(OpCode opcode, SignatureHelper signature) => Turn().Emit(opcode, signature);
    public override void EmitCall(OpCode opcode, MethodInfo methodInfo, Type[]? optionalParameterTypes) =>
        Turn().EmitCall(opcode, methodInfo, optionalParameterTypes);
    public override void EmitCalli(OpCode opcode, CallingConventions callingConvention, Type? returnType, Type[]? parameterTypes, Type[]? optionalParameterTypes) =>
        Turn().EmitCalli(opcode, callingConvention, returnType, parameterTypes, optionalParameterTypes);
    public override void EmitCalli(OpCode opcode, System.Runtime.InteropServices.CallingConvention unmanagedCallConv, Type? returnType, Type[]? parameterTypes) =>
        Turn().EmitCalli(opcode, unmanagedCallConv, returnType, parameterTypes);

    /// <summary>The method's generator, once the body's turn to reach the module has come.</summary>
    private ILGenerator Turn()
    {
        EmitGate.WaitTurn();
        return inner;
    }
}

/// <summary>Runs work items on a few threads, the calling one included, handing them out in increasing order.</summary>
internal static class ParallelWork
{
    /// <summary>
    /// Calls <paramref name="body"/> with each range [start, end) of <paramref name="count"/> items, <paramref name="chunk"/>
    /// at a time, on up to <paramref name="threads"/> threads (all on the calling thread when 1), with a state per thread
    /// made by <paramref name="init"/> and handed to <paramref name="finish"/> when that thread is done. Ranges are
    /// handed out in increasing order; an exception from one stops the handing out and is thrown from here (as itself)
    /// once all threads stop.
    /// </summary>
    public static void For<T>(int threads, int count, int chunk, Func<T> init, Action<T, int, int> body, Action<T>? finish = null)
    {
        int next = 0;
        Exception? error = null;
        void Work()
        {
            try
            {
                var st = init();
                for (int s; (s = Interlocked.Add(ref next, chunk) - chunk) < count;) body(st, s, Math.Min(count, s + chunk));
                finish?.Invoke(st);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref error, e, null);
                Volatile.Write(ref next, count); // the others take no more
            }
        }
        var helpers = Helpers.Start(Math.Min(threads, (count + chunk - 1) / chunk) - 1, Work);
        Work();
        helpers.Join();
        if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
    }
}

/// <summary>
/// Helper tasks on the thread pool for work the calling thread shares (it takes items itself, so nothing waits for
/// a helper to start): a helper that has not started when the work is over is dropped rather than waited for (a
/// busy pool may start it much later; it then does nothing).
/// </summary>
internal readonly struct Helpers
{
    private readonly Task[] _tasks;
    private readonly int[] _claimed; // per helper: 1 once it started, or once dropped

    private Helpers(Task[] tasks, int[] claimed)
    {
        _tasks = tasks;
        _claimed = claimed;
    }

    /// <summary>Starts <paramref name="count"/> helpers running <paramref name="work"/> (none when 0 or less).</summary>
    public static Helpers Start(int count, Action work)
    {
        var tasks = new Task[Math.Max(0, count)];
        var claimed = new int[tasks.Length];
        for (int h = 0; h < tasks.Length; h++)
        {
            int k = h;
            tasks[h] = Task.Run(() =>
            {
                if (Interlocked.Exchange(ref claimed[k], 1) == 0) work();
            });
        }
        return new Helpers(tasks, claimed);
    }

    /// <summary>Waits for the helpers that started (call once the work has all been taken).</summary>
    public void Join()
    {
        for (int h = 0; h < _tasks.Length; h++)
        {
            if (Interlocked.Exchange(ref _claimed[h], 1) != 0) _tasks[h].Wait();
        }
    }
}
