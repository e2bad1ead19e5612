using Cilantro.Instructions;

namespace Cilantro.Interpreter;

/// <summary>
/// Super-instructions: an operator fused with the <c>local.get</c>/constant operands before it, the <c>local.set</c>
/// after it, or the conditional jump after it. The families below are data (which operators take part); the internal
/// opcode of a fused form is the form's base plus the operator's <see cref="Opcode"/> value, so the interpreter's case
/// labels are written <c>Fused.LL + (int)Opcode.I32Add</c>. Each form's block covers a contiguous range of the
/// opcode table, and the blocks follow each other from <see cref="IOp.Count"/>, keeping the dispatch switch dense.
/// </summary>
internal static class Fused
{
    /// <summary>Binary operators with the four operand forms <see cref="SL"/>, <see cref="SC"/>, <see cref="LL"/>, <see cref="LC"/> (immediates: locals and constants in operand order).</summary>
    public static readonly Opcode[] Binary =
    [
        Opcode.I32Eq, Opcode.I32Ne, Opcode.I32LtS, Opcode.I32LtU, Opcode.I32GtS, Opcode.I32GtU, Opcode.I32LeS, Opcode.I32LeU, Opcode.I32GeS, Opcode.I32GeU,
        Opcode.I64Eq, Opcode.I64Ne, Opcode.I64LtS, Opcode.I64LtU, Opcode.I64GtS, Opcode.I64GtU, Opcode.I64LeS, Opcode.I64LeU, Opcode.I64GeS, Opcode.I64GeU,
        .. Arithmetic(),
    ];

    /// <summary>Operators whose result can go straight to a local (the arithmetic but rotr, rare enough to leave out of
    /// the loop's IL budget): forms <see cref="ToLocal0"/>..<see cref="ToLocal4"/> for
    /// <c>local.set</c>, <see cref="ToLocal5"/>..<see cref="ToLocal9"/> for <c>local.tee</c> (the same operand forms, the
    /// result also pushed), the destination local last.</summary>
    public static readonly Opcode[] ToLocalOps = Array.FindAll(Arithmetic(), op => op is not (Opcode.I32Rotr or Opcode.I64Rotr));

    /// <summary>Constants of the forms that take one are one immediate for 32-bit operators and two (low, high) for 64-bit ones.</summary>
    public static bool WideConstant(Opcode op) =>
        op is Opcode.I64Const or >= Opcode.I64Eq and <= Opcode.I64GeU || op is >= Opcode.I64Clz and <= Opcode.I64Rotr;

    /// <summary>Compares fused with the conditional jump after them (forms <see cref="Branch0"/>..<see cref="Branch2"/>, the jump target last).</summary>
    public static readonly Opcode[] CompareOps = Binary[..20];

    /// <summary>Loads with a local address (immediates: local, offset) and stores with local address and value (address
    /// local, value local, offset); loads also with an address computed by <c>i32.add</c> of a local and a constant
    /// (<see cref="LoadLC"/>: local, constant, offset) or of the stack top and a constant (<see cref="LoadSC"/>: constant, offset).</summary>
    public static readonly Opcode[] MemoryOps =
    [
        Opcode.I32Load, Opcode.I64Load, Opcode.F32Load, Opcode.F64Load, Opcode.I32Load8S, Opcode.I32Load8U, Opcode.I32Load16S, Opcode.I32Load16U,
        Opcode.I64Load8S, Opcode.I64Load8U, Opcode.I64Load16S, Opcode.I64Load16U, Opcode.I64Load32S, Opcode.I64Load32U,
        Opcode.I32Store, Opcode.I64Store, Opcode.F32Store, Opcode.F64Store, Opcode.I32Store8, Opcode.I32Store16,
        Opcode.I64Store8, Opcode.I64Store16, Opcode.I64Store32,
    ];

    /// <summary>The loads that also have the computed-address forms (<see cref="LoadLC"/>, <see cref="LoadSC"/>,
    /// <see cref="LoadIndexed"/>, <see cref="LoadLL"/>); the rarer widths keep only the plain and local forms.</summary>
    public static readonly Opcode[] AddressedLoads =
    [
        Opcode.I32Load, Opcode.I64Load, Opcode.F32Load, Opcode.F64Load, Opcode.I32Load8S, Opcode.I32Load8U, Opcode.I32Load16S, Opcode.I32Load16U,
    ];

    private static Opcode[] Arithmetic() =>
    [
        Opcode.I32Add, Opcode.I32Sub, Opcode.I32Mul, Opcode.I32And, Opcode.I32Or, Opcode.I32Xor, Opcode.I32Shl, Opcode.I32ShrS, Opcode.I32ShrU,
        Opcode.I32Rotl, Opcode.I32Rotr,
        Opcode.I64Add, Opcode.I64Sub, Opcode.I64Mul, Opcode.I64And, Opcode.I64Or, Opcode.I64Xor, Opcode.I64Shl, Opcode.I64ShrS, Opcode.I64ShrU,
        Opcode.I64Rotl, Opcode.I64Rotr,
    ];

    // Opcode ranges the families lie in (checked against the lists by the translator's tables).
    private const int BinFirst = (int)Opcode.I32Eq, BinLast = (int)Opcode.I64Rotr, BinSpan = BinLast - BinFirst + 1;
    private const int ArithFirst = (int)Opcode.I32Add, ArithSpan = BinLast - ArithFirst + 1;
    private const int CmpFirst = (int)Opcode.I32Eq, CmpLast = (int)Opcode.I64GeU, CmpSpan = CmpLast - CmpFirst + 1;
    private const int MemFirst = (int)Opcode.I32Load, MemLast = (int)Opcode.I64Store32, LoadLast = (int)Opcode.I64Load32U;

    /// <summary>Binary forms: (stack, local), (stack, const), (local, local), (local, const).</summary>
    public const int SL = IOp.Count - BinFirst, SC = SL + BinSpan, LL = SC + BinSpan, LC = LL + BinSpan;

    /// <summary>To-local forms: 0 (stack, stack), 1 (stack, local), 2 (stack, const), 3 (local, local), 4 (local, const);
    /// 5..9 the same operands for <c>local.tee</c>.</summary>
    public const int ToLocal0 = LC + BinLast + 1 - ArithFirst, ToLocal1 = ToLocal0 + ArithSpan, ToLocal2 = ToLocal1 + ArithSpan,
        ToLocal3 = ToLocal2 + ArithSpan, ToLocal4 = ToLocal3 + ArithSpan, ToLocal5 = ToLocal4 + ArithSpan, ToLocal6 = ToLocal5 + ArithSpan,
        ToLocal7 = ToLocal6 + ArithSpan, ToLocal8 = ToLocal7 + ArithSpan, ToLocal9 = ToLocal8 + ArithSpan;

    /// <summary>Compare-and-branch forms, jumping when the compare is true: 0 (local, local), 1 (local, const), 2 (stack, const).
    /// A jump when false uses the negated compare (<see cref="Negate"/>).</summary>
    public const int Branch0 = ToLocal9 + BinLast + 1 - CmpFirst, Branch1 = Branch0 + CmpSpan, Branch2 = Branch1 + CmpSpan;

    /// <summary>Loads and stores with local operands.</summary>
    public const int LocalMemory = Branch2 + CmpLast + 1 - MemFirst;

    /// <summary>Loads whose address is a local plus a constant, then the ones whose address is the stack top plus a constant.</summary>
    public const int LoadLC = LocalMemory + MemLast + 1 - MemFirst, LoadSC = LoadLC + LoadLast + 1 - MemFirst;

    /// <summary>Loads from a scaled index address (immediates: base local, index local, shift, offset; see <see cref="IOp.IndexAddress"/>).</summary>
    public const int LoadIndexed = LoadSC + LoadLast + 1 - MemFirst;

    /// <summary>Loads whose address is the sum of two locals (immediates: locals, offset).</summary>
    public const int LoadLL = LoadIndexed + LoadLast + 1 - MemFirst;

    /// <summary>Loads with a local address whose value goes to a local (immediates: address local, offset, destination
    /// local), then the same for <c>local.tee</c>.</summary>
    public const int LoadSet = LoadLL + LoadLast + 1 - MemFirst, LoadTee = LoadSet + LoadLast + 1 - MemFirst;

    /// <summary>One past the last fused opcode.</summary>
    public const int End = LoadTee + LoadLast + 1;

    /// <summary>Internal opcode of to-local form <paramref name="form"/> of <paramref name="op"/>.</summary>
    public static int ToLocal(Opcode op, int form) => ToLocal0 + form * ArithSpan + (int)op;

    /// <summary>The integer compare that is true exactly when <paramref name="op"/> is false.</summary>
    public static Opcode Negate(Opcode op)
    {
        int w = op >= Opcode.I64Eq ? Opcode.I64Eq - Opcode.I32Eq : 0;
        int k = (int)op - (int)Opcode.I32Eq - w;
        // eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u: eq<->ne, lt<->ge, gt<->le (same signedness).
        int n = k switch { 0 => 1, 1 => 0, 2 => 8, 3 => 9, 4 => 6, 5 => 7, 6 => 4, 7 => 5, 8 => 2, _ => 3 };
        return (Opcode)((int)Opcode.I32Eq + w + n);
    }

    /// <summary>Internal opcode of compare-and-branch form <paramref name="form"/> of <paramref name="op"/>.</summary>
    public static int Branch(Opcode op, int form) => Branch0 + form * CmpSpan + (int)op;

    /// <summary>A membership table over the opcode space, checking that every member lies in its family's block.</summary>
    public static bool[] Table(Opcode[] ops, Opcode first, Opcode last)
    {
        var t = new bool[OpcodeInfo.TableSize];
        foreach (var op in ops)
        {
            if (op < first || op > last) throw new InvalidOperationException($"fused family member {op} outside {first}..{last}");
            t[(int)op] = true;
        }
        return t;
    }

    internal static (Opcode First, Opcode Last) BinaryRange => ((Opcode)BinFirst, (Opcode)BinLast);
    internal static (Opcode First, Opcode Last) ArithmeticRange => ((Opcode)ArithFirst, (Opcode)BinLast);
    internal static (Opcode First, Opcode Last) CompareRange => ((Opcode)CmpFirst, (Opcode)CmpLast);
    internal static (Opcode First, Opcode Last) MemoryRange => ((Opcode)MemFirst, (Opcode)MemLast);
}
