using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Cilantro.Interpreter;

/// <summary>
/// Internal opcodes of the interpreter. Plain WebAssembly operators keep their dense <see cref="Instructions.Opcode"/>
/// value (0..0x2FF); the ones below are the interpreter's own forms of control, variable and reference instructions,
/// with resolved branch targets and stack heights.
/// </summary>
internal static class IOp
{
    public const int Jump = 0x300;            // target
    public const int JumpIfZero = 0x301;      // target          (pop i32)
    public const int JumpIfNonZero = 0x302;   // target          (pop i32)
    public const int Br = 0x303;              // target n h refs
    public const int BrIf = 0x304;            // target n h refs (pop i32)
    public const int BrTable = 0x305;         // count, (count+1) x (target n h refs)
    public const int Return = 0x306;          // n*2 + refs
    public const int Call = 0x307;            // func
    public const int CallIndirect = 0x308;    // type table
    public const int Drop = 0x309;            // slots
    public const int Select = 0x30A;
    public const int SelectV = 0x30B;
    public const int SelectRef = 0x30C;
    public const int LocalGet = 0x30D;        // off
    public const int LocalGetV = 0x30E;
    public const int LocalGetRef = 0x30F;
    public const int LocalSet = 0x310;
    public const int LocalSetV = 0x311;
    public const int LocalSetRef = 0x312;
    public const int LocalTee = 0x313;
    public const int LocalTeeV = 0x314;
    public const int LocalTeeRef = 0x315;
    public const int GlobalGet = 0x316;       // global
    public const int GlobalGetV = 0x317;
    public const int GlobalGetRef = 0x318;
    public const int GlobalSet = 0x319;
    public const int GlobalSetV = 0x31A;
    public const int GlobalSetRef = 0x31B;
    public const int Nop = 0x31C;
    public const int Const64 = 0x31D;         // lo hi
    /// <summary>One past the last of these; the fused forms (<see cref="Fused"/>) follow.</summary>
    public const int Count = 0x31E;
}

/// <summary>A function translated for the interpreter. The code array is pinned so the loop runs on pointers.</summary>
internal sealed unsafe class FuncCode
{
    public FuncCode(int[] code, int paramSlots, int localSlots, int maxHeight, bool refLocals, int resultSlots)
    {
        var pinned = GC.AllocateUninitializedArray<int>(code.Length, pinned: true);
        code.CopyTo(pinned, 0);
        Code = pinned;
        Ip0 = (int*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
        ParamSlots = paramSlots;
        LocalSlots = localSlots;
        MaxHeight = maxHeight;
        HasRefLocals = refLocals;
        ResultSlots = resultSlots;
        ZeroSlots = refLocals ? -1 : localSlots - paramSlots;
    }

    public readonly int[] Code;
    public readonly int* Ip0;
    public readonly int ParamSlots;
    /// <summary>Slots taken by parameters and locals; the operand stack starts here.</summary>
    public readonly int LocalSlots;
    /// <summary>Largest height (locals included) the operand stack reaches, in slots.</summary>
    public readonly int MaxHeight;
    public readonly bool HasRefLocals;
    public readonly int ResultSlots;
    /// <summary>
    /// Trap side table: (code position, module byte offset) pairs in code order, one per instruction that can trap or
    /// call. Read only when a trap builds its backtrace.
    /// </summary>
    public int[] TrapSites { get; init; } = [];

    /// <summary>Module byte offset of the instruction that <paramref name="ip"/> (a position just past its opcode, or a
    /// return address) belongs to; -1 when it is not in this function.</summary>
    public int OffsetAt(int* ip)
    {
        long at = ip - Ip0 - 1;
        if (at < 0 || at >= Code.Length) return -1;
        int[] t = TrapSites;
        int lo = 0, hi = t.Length / 2 - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (t[mid * 2] <= at) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found < 0 ? -1 : t[found * 2 + 1];
    }

    /// <summary>Non-zero when a call must clear locals (declared locals, or reference locals).</summary>
    public readonly int ZeroSlots;
}
