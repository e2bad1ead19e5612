namespace Cilantro.Instructions;

/// <summary>
/// Skipping unreachable code while translating a validated body (shared by the interpreter's translator and the
/// compiler): after <c>unreachable</c>, <c>br</c>, <c>return</c>, ... nothing runs until the enclosing block's
/// <c>else</c> or <c>end</c>, but blocks nested inside the dead code must be counted to find that point.
/// </summary>
internal static class DeadCode
{
    /// <summary>
    /// For an instruction met in unreachable code: true when the translator can drop it, false when it is the
    /// <c>else</c> or <c>end</c> of the enclosing reachable block and must be translated.
    /// </summary>
    /// <param name="op">The instruction.</param>
    /// <param name="nestedDepth">Blocks opened inside the dead code so far; updated.</param>
    public static bool CanSkip(Opcode op, ref int nestedDepth)
    {
        switch (op)
        {
            case Opcode.Block:
            case Opcode.Loop:
            case Opcode.If:
                nestedDepth++;
                return true;
            case Opcode.Else:
                return nestedDepth > 0;
            case Opcode.End:
                if (nestedDepth == 0) return false;
                nestedDepth--;
                return true;
            default:
                return true;
        }
    }
}
