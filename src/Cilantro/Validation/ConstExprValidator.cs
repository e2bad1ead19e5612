using Cilantro.Instructions;
using Cilantro.Model;

namespace Cilantro.Validation;

/// <summary>
/// Validates constant expressions (global initialisers, segment offsets, element items). As in the spec's
/// reference interpreter, the constant check comes first ("constant expression required", "unknown global")
/// and the typing second ("type mismatch"), so a type error is remembered and reported only at the end.
/// </summary>
internal sealed class ConstExprValidator
{
    private readonly ValidationContext _ctx;
    private ValType[] _stack = new ValType[8];

    public ConstExprValidator(ValidationContext ctx) => _ctx = ctx;

    /// <summary>
    /// Validates <paramref name="expr"/> as a constant expression of type <paramref name="expected"/>.
    /// Functions named by <c>ref.func</c> are added to the declared references.
    /// </summary>
    /// <param name="expr">The expression.</param>
    /// <param name="expected">Its required type.</param>
    /// <param name="visibleGlobals">How many globals (from index 0) the expression may read.</param>
    public void Validate(ConstExpr expr, ValType expected, int visibleGlobals)
    {
        var r = new CodeReader(expr.Code.Span, expr.Offset, _ctx.Features);
        int sp = 0;
        bool typeError = false;
        int endOffset = expr.Offset;
        while (true)
        {
            if (r.AtEnd) throw new MalformedModuleException("unexpected end of section or function", r.Offset);
            r.Read(out Instruction ins);
            ValType push;
            switch (ins.Opcode)
            {
                case Opcode.I32Const: push = ValType.I32; break;
                case Opcode.I64Const: push = ValType.I64; break;
                case Opcode.F32Const: push = ValType.F32; break;
                case Opcode.F64Const: push = ValType.F64; break;
                case Opcode.V128Const: push = ValType.V128; break;
                case Opcode.RefNull:
                    _ctx.CheckValType(ins.Type, ins.Offset);
                    push = ins.Type;
                    break;
                case Opcode.RefFunc:
                    if (ins.Index >= (uint)_ctx.Funcs.Length) throw ValidationContext.Error($"unknown function {ins.Index}", ins.Offset);
                    _ctx.DeclaredFuncs[ins.Index] = true;
                    push = ValType.FuncRef;
                    break;
                case Opcode.GlobalGet:
                {
                    if (ins.Index >= (uint)visibleGlobals) throw ValidationContext.Error($"unknown global {ins.Index}", ins.Offset);
                    var g = _ctx.Globals[ins.Index];
                    if (g.Mutable) throw ValidationContext.Error("constant expression required", ins.Offset);
                    push = g.ValueType;
                    break;
                }
                case Opcode.I32Add or Opcode.I32Sub or Opcode.I32Mul when _ctx.Features.ExtendedConst:
                    typeError |= !PopBinary(ref sp, ValType.I32);
                    push = ValType.I32;
                    break;
                case Opcode.I64Add or Opcode.I64Sub or Opcode.I64Mul when _ctx.Features.ExtendedConst:
                    typeError |= !PopBinary(ref sp, ValType.I64);
                    push = ValType.I64;
                    break;
                case Opcode.End:
                    endOffset = ins.Offset;
                    goto done;
                default:
                    throw ValidationContext.Error("constant expression required", ins.Offset);
            }
            if (sp == _stack.Length) Array.Resize(ref _stack, sp * 2);
            _stack[sp++] = push;
        }
    done:
        if (typeError || sp != 1 || !ValidationContext.Matches(_stack[0], expected))
            throw ValidationContext.Error("type mismatch", endOffset);
    }

    private bool PopBinary(ref int sp, ValType t)
    {
        bool ok = sp >= 2 && _stack[sp - 1] == t && _stack[sp - 2] == t;
        sp = Math.Max(0, sp - 2);
        return ok;
    }
}
