using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Cilantro.Interpreter;

/// <summary>
/// Internal opcodes of the interpreter, numbered so the dispatch switch is one dense range: WebAssembly operators
/// below <see cref="HotLimit"/> keep their <see cref="Instructions.Opcode"/> value (the main loop runs most of them),
/// then come the interpreter's own forms of control, variable and reference instructions (with resolved branch
/// targets and stack heights), then the fused forms (<see cref="Fused"/>); every other operator is
/// <see cref="Cold"/> + its opcode value and runs outside the main loop.
/// </summary>
internal static class IOp
{
    /// <summary>Operators from here on (conversions, references, bulk memory, SIMD) are encoded as <see cref="Cold"/> + opcode.</summary>
    public const int HotLimit = (int)Instructions.Opcode.I64TruncF32S;
    /// <summary>Base of the cold operators, after the fused forms.</summary>
    public const int Cold = Fused.End;

    /// <summary>The internal opcode of a WebAssembly operator.</summary>
    public static int Of(Instructions.Opcode op) => (int)op < HotLimit ? (int)op : Cold + (int)op;

    public const int Jump = HotLimit + 0;            // target
    public const int JumpIfZero = HotLimit + 1;      // target          (pop i32)
    public const int JumpIfNonZero = HotLimit + 2;   // target          (pop i32)
    public const int Br = HotLimit + 3;              // target n h refs
    public const int BrIf = HotLimit + 4;            // target n h refs (pop i32)
    public const int BrTable = HotLimit + 5;         // count, (count+1) x (target n h refs)
    public const int Return = HotLimit + 6;          // n*2 + refs
    public const int Call = HotLimit + 7;            // func
    public const int CallIndirect = HotLimit + 8;    // type table
    public const int Drop = HotLimit + 9;            // slots
    public const int Select = HotLimit + 10;
    public const int SelectV = HotLimit + 11;
    public const int SelectRef = HotLimit + 12;
    public const int LocalGet = HotLimit + 13;        // off
    public const int LocalGetV = HotLimit + 14;
    public const int LocalGetRef = HotLimit + 15;
    public const int LocalSet = HotLimit + 16;
    public const int LocalSetV = HotLimit + 17;
    public const int LocalSetRef = HotLimit + 18;
    public const int LocalTee = HotLimit + 19;
    public const int LocalTeeV = HotLimit + 20;
    public const int LocalTeeRef = HotLimit + 21;
    public const int GlobalGet = HotLimit + 22;       // global
    public const int GlobalGetV = HotLimit + 23;
    public const int GlobalGetRef = HotLimit + 24;
    public const int GlobalSet = HotLimit + 25;
    public const int GlobalSetV = HotLimit + 26;
    public const int GlobalSetRef = HotLimit + 27;
    public const int Nop = HotLimit + 28;
    public const int Const64 = HotLimit + 29;         // lo hi
    public const int LocalSetConst = HotLimit + 30;   // local (byte offset), lo hi: i32/i64.const + local.set
    public const int LocalCopy = HotLimit + 31;       // from, to (byte offsets): local.get + local.set
    public const int TeeJumpIfNonZero = HotLimit + 32;  // local (byte offset), target: local.tee + br_if
    public const int TeeJumpIfZero = HotLimit + 33;     // local (byte offset), target: local.tee + if
    public const int AddTeeJumpIfNonZero = HotLimit + 34; // local, const, destination local (byte offsets), target
    public const int IndexAddress = HotLimit + 35;      // base local, index local (byte offsets), shift: base + (index << shift)
    public const int ReturnLocal = HotLimit + 36;       // local (byte offset), then Return's operand: local.get + return
    public const int BrTableLocal = HotLimit + 37;      // local (byte offset), then a whole BrTable instruction: local.get + br_table
    public const int AndJumpIfNonZero = HotLimit + 38;  // const, target: i32.const; i32.and; br_if
    public const int AndJumpIfZero = HotLimit + 39;     // const, target: i32.const; i32.and; if
    public const int MulAdd32 = HotLimit + 40;          // a + b * c, all three on the stack
    public const int MulAdd64 = HotLimit + 41;
    public const int MulAddLL32 = HotLimit + 42;        // locals b, c (byte offsets): stack top + b * c
    public const int MulAddLL64 = HotLimit + 43;
    // Range tests (add of a constant, then unsigned less-than a constant), pushed or branched on.
    public const int RangeLocal = HotLimit + 44;        // local, add, limit: (uint)(local + add) < (uint)limit
    public const int RangeStack = HotLimit + 45;        // add, limit: (uint)(top + add) < (uint)limit
    public const int RangeLocalJumpIfIn = HotLimit + 46;   // local, add, limit, target
    public const int RangeLocalJumpIfOut = HotLimit + 47;
    public const int RangeStackJumpIfIn = HotLimit + 48;   // add, limit, target
    public const int RangeStackJumpIfOut = HotLimit + 49;
    /// <summary>One past the last of these; the fused forms (<see cref="Fused"/>) follow.</summary>
    public const int Count = HotLimit + 50;
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
