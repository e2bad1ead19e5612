using Cilantro.Instructions;
using Cilantro.Runtime;
using Cilantro.Runtime.Numerics;

namespace Cilantro.Interpreter;

/// <summary>The interpreter's less frequent instructions, out of the main loop so its hot state stays in registers.</summary>
internal static unsafe class ColdOps
{
    private static TrapException Oob() => new(TrapKind.OutOfBoundsMemoryAccess);
    private static TrapException TableOob() => new(TrapKind.OutOfBoundsTableAccess);

    /// <summary>Runs one instruction; returns the new stack pointer and how many immediates it consumed.</summary>
    public static long* Exec(int op, long* sp, int* ip, long* fp, ExecContext ctx, ModuleInstance mod, byte* mem, ulong memLen, out int adv)
    {
        int* ip0 = ip;
        object?[] refs = ctx.Refs;
        long* sbase = ctx.Base;
        switch (op)
        {
            case IOp.SelectV:
                sp -= 3;
                if (*(int*)(sp + 2) == 0) { sp[-2] = sp[0]; sp[-1] = sp[1]; }
                sp--;
                break;
            case IOp.SelectRef:
                sp -= 2;
                if (*(int*)(sp + 1) == 0) refs[sp - 1 - sbase] = refs[sp - sbase];
                break;
            case IOp.LocalGetV:
            {
                long* l = fp + *ip++;
                sp[0] = l[0]; sp[1] = l[1];
                sp += 2;
                break;
            }
            case IOp.LocalGetRef:
                refs[sp - sbase] = refs[fp + *ip++ - sbase];
                sp++;
                break;
            case IOp.LocalSetV:
            {
                long* l = fp + *ip++;
                sp -= 2;
                l[0] = sp[0]; l[1] = sp[1];
                break;
            }
            case IOp.LocalSetRef:
                sp--;
                refs[fp + *ip++ - sbase] = refs[sp - sbase];
                break;
            case IOp.LocalTeeV:
            {
                long* l = fp + *ip++;
                l[0] = sp[-2]; l[1] = sp[-1];
                break;
            }
            case IOp.LocalTeeRef:
                refs[fp + *ip++ - sbase] = refs[sp - 1 - sbase];
                break;
            case IOp.GlobalGetV:
            {
                var g = mod.Globals[*ip++];
                sp[0] = g.Bits; sp[1] = g.Hi;
                sp += 2;
                break;
            }
            case IOp.GlobalGetRef:
                refs[sp - sbase] = mod.Globals[*ip++].Ref;
                sp++;
                break;
            case IOp.GlobalSetV:
            {
                var g = mod.Globals[*ip++];
                sp -= 2;
                g.Bits = sp[0]; g.Hi = sp[1];
                break;
            }
            case IOp.GlobalSetRef:
                sp--;
                mod.Globals[*ip++].Ref = refs[sp - sbase];
                break;
            case (int)Opcode.RefNull:
                refs[sp - sbase] = null;
                sp++;
                break;
            case (int)Opcode.RefIsNull:
                sp[-1] = refs[sp - 1 - sbase] is null ? 1 : 0;
                break;
            case (int)Opcode.RefFunc:
                refs[sp - sbase] = mod.Functions[*ip++];
                sp++;
                break;
            case (int)Opcode.TableGet:
            {
                var t = mod.Tables[*ip++];
                uint k = *(uint*)(sp - 1);
                if (k >= (uint)t.Length) throw TableOob();
                refs[sp - 1 - sbase] = t.Elements[k];
                break;
            }
            case (int)Opcode.TableSet:
            {
                var t = mod.Tables[*ip++];
                sp -= 2;
                uint k = *(uint*)sp;
                if (k >= (uint)t.Length) throw TableOob();
                t.Elements[k] = refs[sp + 1 - sbase];
                break;
            }
            case (int)Opcode.TableSize:
                *sp++ = mod.Tables[*ip++].Length;
                break;
            case (int)Opcode.TableGrow:
            {
                var t = mod.Tables[*ip++];
                sp--;
                uint delta = *(uint*)sp;
                sp[-1] = t.Grow(delta, refs[sp - 1 - sbase]);
                break;
            }
            case (int)Opcode.TableFill:
            {
                var t = mod.Tables[*ip++];
                sp -= 3;
                uint d = *(uint*)sp, n = *(uint*)(sp + 2);
                if ((ulong)d + n > (ulong)t.Length) throw TableOob();
                Array.Fill(t.Elements, refs[sp + 1 - sbase], (int)d, (int)n);
                break;
            }
            case (int)Opcode.TableCopy:
            {
                var td = mod.Tables[*ip++];
                var ts = mod.Tables[*ip++];
                sp -= 3;
                uint d = *(uint*)sp, s = *(uint*)(sp + 1), n = *(uint*)(sp + 2);
                if ((ulong)d + n > (ulong)td.Length || (ulong)s + n > (ulong)ts.Length) throw TableOob();
                Array.Copy(ts.Elements, s, td.Elements, d, n);
                break;
            }
            case (int)Opcode.TableInit:
            {
                var seg = mod.ElemSegments[*ip++];
                var t = mod.Tables[*ip++];
                sp -= 3;
                uint d = *(uint*)sp, s = *(uint*)(sp + 1), n = *(uint*)(sp + 2);
                if ((ulong)d + n > (ulong)t.Length || (ulong)s + n > (ulong)seg.Length) throw TableOob();
                Array.Copy(seg, s, t.Elements, d, n);
                break;
            }
            case (int)Opcode.ElemDrop:
                mod.ElemSegments[*ip++] = [];
                break;
            case (int)Opcode.MemoryInit:
            {
                var seg = mod.DataSegments[*ip++];
                ip++;
                sp -= 3;
                uint d = *(uint*)sp, s = *(uint*)(sp + 1), n = *(uint*)(sp + 2);
                if ((ulong)d + n > memLen || (ulong)s + n > (ulong)seg.Length) throw Oob();
                seg.Span.Slice((int)s, (int)n).CopyTo(new Span<byte>(mem + d, (int)n));
                break;
            }
            case (int)Opcode.DataDrop:
                mod.DataSegments[*ip++] = ReadOnlyMemory<byte>.Empty;
                break;
            case (int)Opcode.MemoryCopy:
            {
                sp -= 3;
                uint d = *(uint*)sp, s = *(uint*)(sp + 1), n = *(uint*)(sp + 2);
                if ((ulong)d + n > memLen || (ulong)s + n > memLen) throw Oob();
                Buffer.MemoryCopy(mem + s, mem + d, n, n);
                break;
            }
            case (int)Opcode.MemoryFill:
            {
                sp -= 3;
                uint d = *(uint*)sp, n = *(uint*)(sp + 2);
                if ((ulong)d + n > memLen) throw Oob();
                System.Runtime.CompilerServices.Unsafe.InitBlockUnaligned(mem + d, (byte)sp[1], n);
                break;
            }
            case (int)Opcode.F32Abs: { uint a = *(uint*)(sp - 1); *(uint*)(sp - 1) = a & 0x7FFFFFFFu; break; }
            case (int)Opcode.F32Neg: { uint a = *(uint*)(sp - 1); *(uint*)(sp - 1) = a ^ 0x80000000u; break; }
            case (int)Opcode.F32Ceil: { float a = *(float*)(sp - 1); *(float*)(sp - 1) = MathF.Ceiling(a); break; }
            case (int)Opcode.F32Floor: { float a = *(float*)(sp - 1); *(float*)(sp - 1) = MathF.Floor(a); break; }
            case (int)Opcode.F32Trunc: { float a = *(float*)(sp - 1); *(float*)(sp - 1) = MathF.Truncate(a); break; }
            case (int)Opcode.F32Nearest: { float a = *(float*)(sp - 1); *(float*)(sp - 1) = MathF.Round(a, MidpointRounding.ToEven); break; }
            case (int)Opcode.F32Sqrt: { float a = *(float*)(sp - 1); *(float*)(sp - 1) = MathF.Sqrt(a); break; }
            case (int)Opcode.F32Min: { sp--; float a = *(float*)(sp - 1), b = *(float*)sp; *(float*)(sp - 1) = WasmMath.F32Min(a, b); break; }
            case (int)Opcode.F32Max: { sp--; float a = *(float*)(sp - 1), b = *(float*)sp; *(float*)(sp - 1) = WasmMath.F32Max(a, b); break; }
            case (int)Opcode.F32Copysign: { sp--; uint a = *(uint*)(sp - 1), b = *(uint*)sp; *(uint*)(sp - 1) = (a & 0x7FFFFFFFu) | (b & 0x80000000u); break; }
            case (int)Opcode.F64Abs: { ulong a = *(ulong*)(sp - 1); *(ulong*)(sp - 1) = a & 0x7FFFFFFFFFFFFFFFul; break; }
            case (int)Opcode.F64Neg: { ulong a = *(ulong*)(sp - 1); *(ulong*)(sp - 1) = a ^ 0x8000000000000000ul; break; }
            case (int)Opcode.F64Ceil: { double a = *(double*)(sp - 1); *(double*)(sp - 1) = Math.Ceiling(a); break; }
            case (int)Opcode.F64Floor: { double a = *(double*)(sp - 1); *(double*)(sp - 1) = Math.Floor(a); break; }
            case (int)Opcode.F64Trunc: { double a = *(double*)(sp - 1); *(double*)(sp - 1) = Math.Truncate(a); break; }
            case (int)Opcode.F64Nearest: { double a = *(double*)(sp - 1); *(double*)(sp - 1) = Math.Round(a, MidpointRounding.ToEven); break; }
            case (int)Opcode.F64Sqrt: { double a = *(double*)(sp - 1); *(double*)(sp - 1) = Math.Sqrt(a); break; }
            case (int)Opcode.F64Min: { sp--; double a = *(double*)(sp - 1), b = *(double*)sp; *(double*)(sp - 1) = WasmMath.F64Min(a, b); break; }
            case (int)Opcode.F64Max: { sp--; double a = *(double*)(sp - 1), b = *(double*)sp; *(double*)(sp - 1) = WasmMath.F64Max(a, b); break; }
            case (int)Opcode.F64Copysign: { sp--; ulong a = *(ulong*)(sp - 1), b = *(ulong*)sp; *(ulong*)(sp - 1) = (a & 0x7FFFFFFFFFFFFFFFul) | (b & 0x8000000000000000ul); break; }
            case (int)Opcode.I32TruncF32S: { *(long*)(sp - 1) = WasmMath.I32TruncF32S(*(float*)(sp - 1)); break; }
            case (int)Opcode.I32TruncF32U: { *(long*)(sp - 1) = WasmMath.I32TruncF32U(*(float*)(sp - 1)); break; }
            case (int)Opcode.I32TruncF64S: { *(long*)(sp - 1) = WasmMath.I32TruncF64S(*(double*)(sp - 1)); break; }
            case (int)Opcode.I32TruncF64U: { *(long*)(sp - 1) = WasmMath.I32TruncF64U(*(double*)(sp - 1)); break; }
            case (int)Opcode.I64TruncF32S: { *(long*)(sp - 1) = WasmMath.I64TruncF32S(*(float*)(sp - 1)); break; }
            case (int)Opcode.I64TruncF32U: { *(long*)(sp - 1) = WasmMath.I64TruncF32U(*(float*)(sp - 1)); break; }
            case (int)Opcode.I64TruncF64S: { *(long*)(sp - 1) = WasmMath.I64TruncF64S(*(double*)(sp - 1)); break; }
            case (int)Opcode.I64TruncF64U: { *(long*)(sp - 1) = WasmMath.I64TruncF64U(*(double*)(sp - 1)); break; }
            case (int)Opcode.F32ConvertI32S: { float r = *(int*)(sp - 1); *(long*)(sp - 1) = 0; *(float*)(sp - 1) = r; break; }
            case (int)Opcode.F32ConvertI32U: { float r = *(uint*)(sp - 1); *(long*)(sp - 1) = 0; *(float*)(sp - 1) = r; break; }
            case (int)Opcode.F32ConvertI64S: { float r = *(long*)(sp - 1); *(long*)(sp - 1) = 0; *(float*)(sp - 1) = r; break; }
            case (int)Opcode.F32ConvertI64U: { float r = WasmMath.F32ConvertI64U(*(long*)(sp - 1)); *(long*)(sp - 1) = 0; *(float*)(sp - 1) = r; break; }
            case (int)Opcode.F32DemoteF64: { float r = (float)*(double*)(sp - 1); *(long*)(sp - 1) = 0; *(float*)(sp - 1) = r; break; }
            case (int)Opcode.F64ConvertI32S: { int a = *(int*)(sp - 1); *(double*)(sp - 1) = (double)a; break; }
            case (int)Opcode.F64ConvertI32U: { uint a = *(uint*)(sp - 1); *(double*)(sp - 1) = (double)a; break; }
            case (int)Opcode.F64ConvertI64S: { long a = *(long*)(sp - 1); *(double*)(sp - 1) = (double)a; break; }
            case (int)Opcode.F64ConvertI64U: { ulong a = *(ulong*)(sp - 1); *(double*)(sp - 1) = (double)a; break; }
            case (int)Opcode.F64PromoteF32: { float a = *(float*)(sp - 1); *(double*)(sp - 1) = (double)a; break; }
            case (int)Opcode.I32Extend8S: { int a = *(int*)(sp - 1); *(long*)(sp - 1) = (sbyte)a; break; }
            case (int)Opcode.I32Extend16S: { int a = *(int*)(sp - 1); *(long*)(sp - 1) = (short)a; break; }
            case (int)Opcode.I64Extend8S: { long a = *(long*)(sp - 1); *(long*)(sp - 1) = (sbyte)a; break; }
            case (int)Opcode.I64Extend16S: { long a = *(long*)(sp - 1); *(long*)(sp - 1) = (short)a; break; }
            case (int)Opcode.I64Extend32S: { long a = *(long*)(sp - 1); *(long*)(sp - 1) = (int)a; break; }
            case (int)Opcode.I32TruncSatF32S: { *(long*)(sp - 1) = WasmMath.I32TruncSatF32S(*(float*)(sp - 1)); break; }
            case (int)Opcode.I32TruncSatF32U: { *(long*)(sp - 1) = WasmMath.I32TruncSatF32U(*(float*)(sp - 1)); break; }
            case (int)Opcode.I32TruncSatF64S: { *(long*)(sp - 1) = WasmMath.I32TruncSatF64S(*(double*)(sp - 1)); break; }
            case (int)Opcode.I32TruncSatF64U: { *(long*)(sp - 1) = WasmMath.I32TruncSatF64U(*(double*)(sp - 1)); break; }
            case (int)Opcode.I64TruncSatF32S: { *(long*)(sp - 1) = WasmMath.I64TruncSatF32S(*(float*)(sp - 1)); break; }
            case (int)Opcode.I64TruncSatF32U: { *(long*)(sp - 1) = WasmMath.I64TruncSatF32U(*(float*)(sp - 1)); break; }
            case (int)Opcode.I64TruncSatF64S: { *(long*)(sp - 1) = WasmMath.I64TruncSatF64S(*(double*)(sp - 1)); break; }
            case (int)Opcode.I64TruncSatF64U: { *(long*)(sp - 1) = WasmMath.I64TruncSatF64U(*(double*)(sp - 1)); break; }
            default:
                throw new InvalidOperationException($"interpreter: bad opcode 0x{op:x}");
        }
        adv = (int)(ip - ip0);
        return sp;
    }
}
