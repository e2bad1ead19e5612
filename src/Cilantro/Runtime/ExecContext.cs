using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Cilantro.Model;

namespace Cilantro.Runtime;

/// <summary>
/// One interpreter activation record (the frame stack lives here so wasm-to-wasm calls never recurse in .NET).
/// It holds no object reference, so pushing a frame costs no GC write barrier.
/// </summary>
internal unsafe struct Frame
{
    /// <summary>Where the caller continues (null in the frame a call from outside the interpreter entered).</summary>
    public int* ReturnIp;
    public long* ReturnFp;
    /// <summary>The function's index in its module.</summary>
    public int Func;
    /// <summary>1 when the call entered another module (pushed on <see cref="ExecContext.ModStack"/>).</summary>
    public int Flags;
}

/// <summary>
/// Execution state of one store (used by one thread at a time): the value stack of 64-bit slots with a parallel
/// array of references, the interpreter's frame stack and the call depth.
/// </summary>
internal sealed unsafe class ExecContext
{
    public ExecContext(int stackSlots = 1 << 20, int maxDepth = 10000)
    {
        // Not zeroed (a store is created per instantiation, and clearing megabytes cost more than the rest of it):
        // every slot is written before it is read (calls write their arguments, entered functions clear their
        // declared locals, since a slot is reused by call after call anyway), and frames are pushed before use.
        Slots = GC.AllocateUninitializedArray<long>(stackSlots + 16, pinned: true);
        Base = (long*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Slots));
        Capacity = stackSlots;
        Limit = Base + stackSlots;
        MaxDepth = maxDepth;
        FrameArray = GC.AllocateUninitializedArray<Frame>(maxDepth + 2, pinned: true);
        Frames = (Frame*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(FrameArray));
        FrameTop = Frames;
        FrameCapacity = maxDepth + 2;
    }

    public readonly long[] Slots;
    public readonly long* Base;

    /// <summary>
    /// The references on the value stack, parallel to the slots: allocated on first use (code without reference values
    /// never needs it, and a cleared array of a million references is most of what creating a store costs); it never
    /// changes after that, so callers may keep it.
    /// </summary>
    public object?[] Refs => _refs ?? CreateRefs();

    private object?[]? _refs;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private object?[] CreateRefs()
    {
        Interlocked.CompareExchange(ref _refs, new object?[Capacity + 16], null);
        return _refs;
    }
    public readonly int Capacity;
    /// <summary>One past the last usable slot.</summary>
    public readonly long* Limit;
    public int MaxDepth;
    /// <summary>
    /// Lowest native stack address compiled code may reach before it probes the stack again (see
    /// <c>CompilerRuntime.ProbeStack</c>); set on every entry from the host, so it always belongs to the running thread.
    /// </summary>
    public nuint StackLimit = nuint.MaxValue;
    /// <summary>
    /// Lowest native stack address compiled code may use: the call-depth limit of the innermost entry into compiled
    /// code (<c>CompilerRuntime.Enter</c>), 0 outside compiled code.
    /// </summary>
    public nuint StackFloor;
    /// <summary>Active calls across all engines.</summary>
    public int Depth;
    /// <summary>First free slot for a call entering from the host.</summary>
    public int Top;
    private readonly Frame[] FrameArray;
    /// <summary>The interpreter's frame stack (pinned).</summary>
    public readonly Frame* Frames;
    public readonly int FrameCapacity;
    /// <summary>One past the innermost interpreter frame.</summary>
    public Frame* FrameTop;
    /// <summary>Bound of <see cref="FrameTop"/> for the running interpreter loop (depth budget and array size).</summary>
    public Frame* FrameLimit;
    /// <summary>The module the interpreter loop runs in, its translated functions and its memory 0 (base, length in bytes).</summary>
    public ModuleInstance? Module;
    public Interpreter.FuncCode?[]? Codes;
    public byte* Mem;
    public ulong MemLen;
    /// <summary>Where the running interpreter loop was entered: its first frame, the call depth and module-stack count then, its module.</summary>
    public Frame* FrameEntry;
    public int EntryDepth;
    public int EntryMods;
    public ModuleInstance? EntryModule;
    /// <summary>Code position of the innermost interpreter frame when it trapped or called out of the interpreter.</summary>
    public int* TrapIp;
    /// <summary>Modules entered by interpreter calls that crossed modules (one per flagged frame).</summary>
    public ModuleInstance?[]? ModStack;
    public int ModCount;

    public Value ReadValue(ValType t, int at) => t.Kind switch
    {
        ValKind.V128 => Value.FromV128(new V128((ulong)Base[at], (ulong)Base[at + 1])),
        ValKind.Ref => Value.FromRef(t, Refs[at]),
        ValKind.I32 or ValKind.F32 => Value.FromBits(t, (uint)Base[at]),
        _ => Value.FromBits(t, Base[at]),
    };

    public void WriteValue(in Value v, int at)
    {
        switch (v.Type.Kind)
        {
            case ValKind.V128:
                Base[at] = (long)v.Vector.Lo;
                Base[at + 1] = (long)v.Vector.Hi;
                break;
            case ValKind.Ref:
                Refs[at] = v.Ref;
                break;
            default:
                Base[at] = (long)v.Bits;
                break;
        }
    }
}
