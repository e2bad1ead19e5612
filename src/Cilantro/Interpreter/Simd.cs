using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Cilantro.Runtime.Numerics;
using V = System.Runtime.Intrinsics.Vector128<byte>;

namespace Cilantro.Interpreter;

/// <summary>SIMD instructions of the interpreter (kept out of the main loop so it stays small for the JIT). Generated from the opcode table.</summary>
internal static unsafe class Simd
{
    private static TrapException Oob() => new(TrapKind.OutOfBoundsMemoryAccess);

    /// <summary>Number of immediate ints after each SIMD opcode (indexed by opcode - 0x200).</summary>
    public static readonly byte[] ImmCount = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 4, 4, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    public static long* Exec(int op, long* sp, int* ip, byte* mem, ulong memLen)
    {
        switch (op)
        {
            case 0x200: // v128.load
            {
                long* b = sp - 1;
                ulong ea = (ulong)*(uint*)b + (uint)*ip++; if (ea + 16 > memLen) throw Oob();
                *(V*)b = Unsafe.ReadUnaligned<V>(mem + ea);
                return b + 2;
            }
            case 0x201: // v128.load8x8_s
            {
                long* b = sp - 1;
                ulong ea = (ulong)*(uint*)b + (uint)*ip++; if (ea + 8 > memLen) throw Oob();
                *(V*)b = SimdOps.V128Load8x8S((long)Unsafe.ReadUnaligned<long>(mem + ea));
                return b + 2;
            }
            case 0x202: // v128.load8x8_u
            {
                long* b = sp - 1;
                ulong ea = (ulong)*(uint*)b + (uint)*ip++; if (ea + 8 > memLen) throw Oob();
                *(V*)b = SimdOps.V128Load8x8U((long)Unsafe.ReadUnaligned<long>(mem + ea));
                return b + 2;
            }
            case 0x203: // v128.load16x4_s
            {
                long* b = sp - 1;
                ulong ea = (ulong)*(uint*)b + (uint)*ip++; if (ea + 8 > memLen) throw Oob();
                *(V*)b = SimdOps.V128Load16x4S((long)Unsafe.ReadUnaligned<long>(mem + ea));
                return b + 2;
            }
            case 0x204: // v128.load16x4_u
            {
                long* b = sp - 1;
                ulong ea = (ulong)*(uint*)b + (uint)*ip++; if (ea + 8 > memLen) throw Oob();
                *(V*)b = SimdOps.V128Load16x4U((long)Unsafe.ReadUnaligned<long>(mem + ea));
                return b + 2;
            }
            case 0x205: // v128.load32x2_s
            {
                long* b = sp - 1;
                ulong ea = (ulong)*(uint*)b + (uint)*ip++; if (ea + 8 > memLen) throw Oob();
                *(V*)b = SimdOps.V128Load32x2S((long)Unsafe.ReadUnaligned<long>(mem + ea));
                return b + 2;
            }
            case 0x206: // v128.load32x2_u
            {
                long* b = sp - 1;
                ulong ea = (ulong)*(uint*)b + (uint)*ip++; if (ea + 8 > memLen) throw Oob();
                *(V*)b = SimdOps.V128Load32x2U((long)Unsafe.ReadUnaligned<long>(mem + ea));
                return b + 2;
            }
            case 0x207: // v128.load8_splat
            {
                long* b = sp - 1;
                ulong ea = (ulong)*(uint*)b + (uint)*ip++; if (ea + 1 > memLen) throw Oob();
                *(V*)b = SimdOps.I8x16Splat((int)Unsafe.ReadUnaligned<byte>(mem + ea));
                return b + 2;
            }
            case 0x208: // v128.load16_splat
            {
                long* b = sp - 1;
                ulong ea = (ulong)*(uint*)b + (uint)*ip++; if (ea + 2 > memLen) throw Oob();
                *(V*)b = SimdOps.I16x8Splat((int)Unsafe.ReadUnaligned<ushort>(mem + ea));
                return b + 2;
            }
            case 0x209: // v128.load32_splat
            {
                long* b = sp - 1;
                ulong ea = (ulong)*(uint*)b + (uint)*ip++; if (ea + 4 > memLen) throw Oob();
                *(V*)b = SimdOps.I32x4Splat((int)Unsafe.ReadUnaligned<uint>(mem + ea));
                return b + 2;
            }
            case 0x20A: // v128.load64_splat
            {
                long* b = sp - 1;
                ulong ea = (ulong)*(uint*)b + (uint)*ip++; if (ea + 8 > memLen) throw Oob();
                *(V*)b = SimdOps.I64x2Splat(Unsafe.ReadUnaligned<long>(mem + ea));
                return b + 2;
            }
            case 0x20B: // v128.store
            {
                long* b = sp - 3;
                ulong ea = (ulong)*(uint*)b + (uint)*ip++; if (ea + 16 > memLen) throw Oob();
                Unsafe.WriteUnaligned(mem + ea, *(V*)(b + 1));
                return b + 0;
            }
            case 0x20C: // v128.const
            {
                long* b = sp;
                *(V*)b = Vector128.Create(ip[0], ip[1], ip[2], ip[3]).AsByte(); ip += 4;
                return b + 2;
            }
            case 0x20D: // i8x16.shuffle
            {
                long* b = sp - 4;
                *(V*)b = SimdOps.I8x16Shuffle(*(V*)(b + 0), *(V*)(b + 2), Vector128.Create(ip[0], ip[1], ip[2], ip[3]).AsByte()); ip += 4;
                return b + 2;
            }
            case 0x20E: // i8x16.swizzle
            {
                long* b = sp - 4;
                V r = SimdOps.I8x16Swizzle(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x20F: // i8x16.splat
            {
                long* b = sp - 1;
                V r = SimdOps.I8x16Splat(*(int*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x210: // i16x8.splat
            {
                long* b = sp - 1;
                V r = SimdOps.I16x8Splat(*(int*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x211: // i32x4.splat
            {
                long* b = sp - 1;
                V r = SimdOps.I32x4Splat(*(int*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x212: // i64x2.splat
            {
                long* b = sp - 1;
                V r = SimdOps.I64x2Splat(*(long*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x213: // f32x4.splat
            {
                long* b = sp - 1;
                V r = SimdOps.F32x4Splat(*(float*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x214: // f64x2.splat
            {
                long* b = sp - 1;
                V r = SimdOps.F64x2Splat(*(double*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x215: // i8x16.extract_lane_s
            {
                long* b = sp - 2;
                int r = SimdOps.I8x16ExtractLaneS(*(V*)(b + 0), *ip++);
                *(long*)b = 0; *(int*)b = r;
                return b + 1;
            }
            case 0x216: // i8x16.extract_lane_u
            {
                long* b = sp - 2;
                int r = SimdOps.I8x16ExtractLaneU(*(V*)(b + 0), *ip++);
                *(long*)b = 0; *(int*)b = r;
                return b + 1;
            }
            case 0x217: // i8x16.replace_lane
            {
                long* b = sp - 3;
                V r = SimdOps.I8x16ReplaceLane(*(V*)(b + 0), *ip++, *(int*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x218: // i16x8.extract_lane_s
            {
                long* b = sp - 2;
                int r = SimdOps.I16x8ExtractLaneS(*(V*)(b + 0), *ip++);
                *(long*)b = 0; *(int*)b = r;
                return b + 1;
            }
            case 0x219: // i16x8.extract_lane_u
            {
                long* b = sp - 2;
                int r = SimdOps.I16x8ExtractLaneU(*(V*)(b + 0), *ip++);
                *(long*)b = 0; *(int*)b = r;
                return b + 1;
            }
            case 0x21A: // i16x8.replace_lane
            {
                long* b = sp - 3;
                V r = SimdOps.I16x8ReplaceLane(*(V*)(b + 0), *ip++, *(int*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x21B: // i32x4.extract_lane
            {
                long* b = sp - 2;
                int r = SimdOps.I32x4ExtractLane(*(V*)(b + 0), *ip++);
                *(long*)b = 0; *(int*)b = r;
                return b + 1;
            }
            case 0x21C: // i32x4.replace_lane
            {
                long* b = sp - 3;
                V r = SimdOps.I32x4ReplaceLane(*(V*)(b + 0), *ip++, *(int*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x21D: // i64x2.extract_lane
            {
                long* b = sp - 2;
                long r = SimdOps.I64x2ExtractLane(*(V*)(b + 0), *ip++);
                *(long*)b = r;
                return b + 1;
            }
            case 0x21E: // i64x2.replace_lane
            {
                long* b = sp - 3;
                V r = SimdOps.I64x2ReplaceLane(*(V*)(b + 0), *ip++, *(long*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x21F: // f32x4.extract_lane
            {
                long* b = sp - 2;
                float r = SimdOps.F32x4ExtractLane(*(V*)(b + 0), *ip++);
                *(long*)b = 0; *(float*)b = r;
                return b + 1;
            }
            case 0x220: // f32x4.replace_lane
            {
                long* b = sp - 3;
                V r = SimdOps.F32x4ReplaceLane(*(V*)(b + 0), *ip++, *(float*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x221: // f64x2.extract_lane
            {
                long* b = sp - 2;
                double r = SimdOps.F64x2ExtractLane(*(V*)(b + 0), *ip++);
                *(double*)b = r;
                return b + 1;
            }
            case 0x222: // f64x2.replace_lane
            {
                long* b = sp - 3;
                V r = SimdOps.F64x2ReplaceLane(*(V*)(b + 0), *ip++, *(double*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x223: // i8x16.eq
            {
                long* b = sp - 4;
                V r = SimdOps.I8x16Eq(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x224: // i8x16.ne
            {
                long* b = sp - 4;
                V r = SimdOps.I8x16Ne(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x225: // i8x16.lt_s
            {
                long* b = sp - 4;
                V r = SimdOps.I8x16LtS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x226: // i8x16.lt_u
            {
                long* b = sp - 4;
                V r = SimdOps.I8x16LtU(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x227: // i8x16.gt_s
            {
                long* b = sp - 4;
                V r = SimdOps.I8x16GtS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x228: // i8x16.gt_u
            {
                long* b = sp - 4;
                V r = SimdOps.I8x16GtU(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x229: // i8x16.le_s
            {
                long* b = sp - 4;
                V r = SimdOps.I8x16LeS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x22A: // i8x16.le_u
            {
                long* b = sp - 4;
                V r = SimdOps.I8x16LeU(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x22B: // i8x16.ge_s
            {
                long* b = sp - 4;
                V r = SimdOps.I8x16GeS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x22C: // i8x16.ge_u
            {
                long* b = sp - 4;
                V r = SimdOps.I8x16GeU(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x22D: // i16x8.eq
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8Eq(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x22E: // i16x8.ne
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8Ne(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x22F: // i16x8.lt_s
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8LtS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x230: // i16x8.lt_u
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8LtU(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x231: // i16x8.gt_s
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8GtS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x232: // i16x8.gt_u
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8GtU(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x233: // i16x8.le_s
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8LeS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x234: // i16x8.le_u
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8LeU(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x235: // i16x8.ge_s
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8GeS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x236: // i16x8.ge_u
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8GeU(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x237: // i32x4.eq
            {
                long* b = sp - 4;
                V r = SimdOps.I32x4Eq(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x238: // i32x4.ne
            {
                long* b = sp - 4;
                V r = SimdOps.I32x4Ne(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x239: // i32x4.lt_s
            {
                long* b = sp - 4;
                V r = SimdOps.I32x4LtS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x23A: // i32x4.lt_u
            {
                long* b = sp - 4;
                V r = SimdOps.I32x4LtU(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x23B: // i32x4.gt_s
            {
                long* b = sp - 4;
                V r = SimdOps.I32x4GtS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x23C: // i32x4.gt_u
            {
                long* b = sp - 4;
                V r = SimdOps.I32x4GtU(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x23D: // i32x4.le_s
            {
                long* b = sp - 4;
                V r = SimdOps.I32x4LeS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x23E: // i32x4.le_u
            {
                long* b = sp - 4;
                V r = SimdOps.I32x4LeU(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x23F: // i32x4.ge_s
            {
                long* b = sp - 4;
                V r = SimdOps.I32x4GeS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x240: // i32x4.ge_u
            {
                long* b = sp - 4;
                V r = SimdOps.I32x4GeU(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x241: // f32x4.eq
            {
                long* b = sp - 4;
                V r = SimdOps.F32x4Eq(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x242: // f32x4.ne
            {
                long* b = sp - 4;
                V r = SimdOps.F32x4Ne(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x243: // f32x4.lt
            {
                long* b = sp - 4;
                V r = SimdOps.F32x4Lt(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x244: // f32x4.gt
            {
                long* b = sp - 4;
                V r = SimdOps.F32x4Gt(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x245: // f32x4.le
            {
                long* b = sp - 4;
                V r = SimdOps.F32x4Le(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x246: // f32x4.ge
            {
                long* b = sp - 4;
                V r = SimdOps.F32x4Ge(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x247: // f64x2.eq
            {
                long* b = sp - 4;
                V r = SimdOps.F64x2Eq(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x248: // f64x2.ne
            {
                long* b = sp - 4;
                V r = SimdOps.F64x2Ne(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x249: // f64x2.lt
            {
                long* b = sp - 4;
                V r = SimdOps.F64x2Lt(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x24A: // f64x2.gt
            {
                long* b = sp - 4;
                V r = SimdOps.F64x2Gt(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x24B: // f64x2.le
            {
                long* b = sp - 4;
                V r = SimdOps.F64x2Le(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x24C: // f64x2.ge
            {
                long* b = sp - 4;
                V r = SimdOps.F64x2Ge(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x24D: // v128.not
            {
                long* b = sp - 2;
                V r = SimdOps.V128Not(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x24E: // v128.and
            {
                long* b = sp - 4;
                V r = SimdOps.V128And(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x24F: // v128.andnot
            {
                long* b = sp - 4;
                V r = SimdOps.V128Andnot(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x250: // v128.or
            {
                long* b = sp - 4;
                V r = SimdOps.V128Or(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x251: // v128.xor
            {
                long* b = sp - 4;
                V r = SimdOps.V128Xor(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x252: // v128.bitselect
            {
                long* b = sp - 6;
                V r = SimdOps.V128Bitselect(*(V*)(b + 0), *(V*)(b + 2), *(V*)(b + 4));
                *(V*)b = r;
                return b + 2;
            }
            case 0x253: // v128.any_true
            {
                long* b = sp - 2;
                int r = SimdOps.V128AnyTrue(*(V*)(b + 0));
                *(long*)b = 0; *(int*)b = r;
                return b + 1;
            }
            case 0x254: // v128.load8_lane
            {
                long* b = sp - 3;
                ulong ea = (ulong)*(uint*)b + (uint)*ip++; int lane = *ip++; if (ea + 1 > memLen) throw Oob();
                V v = *(V*)(b + 1);
                *(V*)b = v.AsByte().WithElement(lane, Unsafe.ReadUnaligned<byte>(mem + ea)).AsByte();
                return b + 2;
            }
            case 0x255: // v128.load16_lane
            {
                long* b = sp - 3;
                ulong ea = (ulong)*(uint*)b + (uint)*ip++; int lane = *ip++; if (ea + 2 > memLen) throw Oob();
                V v = *(V*)(b + 1);
                *(V*)b = v.AsUInt16().WithElement(lane, Unsafe.ReadUnaligned<ushort>(mem + ea)).AsByte();
                return b + 2;
            }
            case 0x256: // v128.load32_lane
            {
                long* b = sp - 3;
                ulong ea = (ulong)*(uint*)b + (uint)*ip++; int lane = *ip++; if (ea + 4 > memLen) throw Oob();
                V v = *(V*)(b + 1);
                *(V*)b = v.AsUInt32().WithElement(lane, Unsafe.ReadUnaligned<uint>(mem + ea)).AsByte();
                return b + 2;
            }
            case 0x257: // v128.load64_lane
            {
                long* b = sp - 3;
                ulong ea = (ulong)*(uint*)b + (uint)*ip++; int lane = *ip++; if (ea + 8 > memLen) throw Oob();
                V v = *(V*)(b + 1);
                *(V*)b = v.AsUInt64().WithElement(lane, Unsafe.ReadUnaligned<ulong>(mem + ea)).AsByte();
                return b + 2;
            }
            case 0x258: // v128.store8_lane
            {
                long* b = sp - 3;
                ulong ea = (ulong)*(uint*)b + (uint)*ip++; int lane = *ip++; if (ea + 1 > memLen) throw Oob();
                V v = *(V*)(b + 1);
                Unsafe.WriteUnaligned(mem + ea, v.AsByte().GetElement(lane));
                return b + 0;
            }
            case 0x259: // v128.store16_lane
            {
                long* b = sp - 3;
                ulong ea = (ulong)*(uint*)b + (uint)*ip++; int lane = *ip++; if (ea + 2 > memLen) throw Oob();
                V v = *(V*)(b + 1);
                Unsafe.WriteUnaligned(mem + ea, v.AsUInt16().GetElement(lane));
                return b + 0;
            }
            case 0x25A: // v128.store32_lane
            {
                long* b = sp - 3;
                ulong ea = (ulong)*(uint*)b + (uint)*ip++; int lane = *ip++; if (ea + 4 > memLen) throw Oob();
                V v = *(V*)(b + 1);
                Unsafe.WriteUnaligned(mem + ea, v.AsUInt32().GetElement(lane));
                return b + 0;
            }
            case 0x25B: // v128.store64_lane
            {
                long* b = sp - 3;
                ulong ea = (ulong)*(uint*)b + (uint)*ip++; int lane = *ip++; if (ea + 8 > memLen) throw Oob();
                V v = *(V*)(b + 1);
                Unsafe.WriteUnaligned(mem + ea, v.AsUInt64().GetElement(lane));
                return b + 0;
            }
            case 0x25C: // v128.load32_zero
            {
                long* b = sp - 1;
                ulong ea = (ulong)*(uint*)b + (uint)*ip++; if (ea + 4 > memLen) throw Oob();
                *(V*)b = SimdOps.V128Load32Zero((int)Unsafe.ReadUnaligned<uint>(mem + ea));
                return b + 2;
            }
            case 0x25D: // v128.load64_zero
            {
                long* b = sp - 1;
                ulong ea = (ulong)*(uint*)b + (uint)*ip++; if (ea + 8 > memLen) throw Oob();
                *(V*)b = SimdOps.V128Load64Zero((long)Unsafe.ReadUnaligned<long>(mem + ea));
                return b + 2;
            }
            case 0x25E: // f32x4.demote_f64x2_zero
            {
                long* b = sp - 2;
                V r = SimdOps.F32x4DemoteF64x2Zero(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x25F: // f64x2.promote_low_f32x4
            {
                long* b = sp - 2;
                V r = SimdOps.F64x2PromoteLowF32x4(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x260: // i8x16.abs
            {
                long* b = sp - 2;
                V r = SimdOps.I8x16Abs(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x261: // i8x16.neg
            {
                long* b = sp - 2;
                V r = SimdOps.I8x16Neg(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x262: // i8x16.popcnt
            {
                long* b = sp - 2;
                V r = SimdOps.I8x16Popcnt(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x263: // i8x16.all_true
            {
                long* b = sp - 2;
                int r = SimdOps.I8x16AllTrue(*(V*)(b + 0));
                *(long*)b = 0; *(int*)b = r;
                return b + 1;
            }
            case 0x264: // i8x16.bitmask
            {
                long* b = sp - 2;
                int r = SimdOps.I8x16Bitmask(*(V*)(b + 0));
                *(long*)b = 0; *(int*)b = r;
                return b + 1;
            }
            case 0x265: // i8x16.narrow_i16x8_s
            {
                long* b = sp - 4;
                V r = SimdOps.I8x16NarrowI16x8S(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x266: // i8x16.narrow_i16x8_u
            {
                long* b = sp - 4;
                V r = SimdOps.I8x16NarrowI16x8U(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x267: // f32x4.ceil
            {
                long* b = sp - 2;
                V r = SimdOps.F32x4Ceil(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x268: // f32x4.floor
            {
                long* b = sp - 2;
                V r = SimdOps.F32x4Floor(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x269: // f32x4.trunc
            {
                long* b = sp - 2;
                V r = SimdOps.F32x4Trunc(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x26A: // f32x4.nearest
            {
                long* b = sp - 2;
                V r = SimdOps.F32x4Nearest(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x26B: // i8x16.shl
            {
                long* b = sp - 3;
                V r = SimdOps.I8x16Shl(*(V*)(b + 0), *(int*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x26C: // i8x16.shr_s
            {
                long* b = sp - 3;
                V r = SimdOps.I8x16ShrS(*(V*)(b + 0), *(int*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x26D: // i8x16.shr_u
            {
                long* b = sp - 3;
                V r = SimdOps.I8x16ShrU(*(V*)(b + 0), *(int*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x26E: // i8x16.add
            {
                long* b = sp - 4;
                V r = SimdOps.I8x16Add(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x26F: // i8x16.add_sat_s
            {
                long* b = sp - 4;
                V r = SimdOps.I8x16AddSatS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x270: // i8x16.add_sat_u
            {
                long* b = sp - 4;
                V r = SimdOps.I8x16AddSatU(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x271: // i8x16.sub
            {
                long* b = sp - 4;
                V r = SimdOps.I8x16Sub(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x272: // i8x16.sub_sat_s
            {
                long* b = sp - 4;
                V r = SimdOps.I8x16SubSatS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x273: // i8x16.sub_sat_u
            {
                long* b = sp - 4;
                V r = SimdOps.I8x16SubSatU(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x274: // f64x2.ceil
            {
                long* b = sp - 2;
                V r = SimdOps.F64x2Ceil(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x275: // f64x2.floor
            {
                long* b = sp - 2;
                V r = SimdOps.F64x2Floor(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x276: // i8x16.min_s
            {
                long* b = sp - 4;
                V r = SimdOps.I8x16MinS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x277: // i8x16.min_u
            {
                long* b = sp - 4;
                V r = SimdOps.I8x16MinU(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x278: // i8x16.max_s
            {
                long* b = sp - 4;
                V r = SimdOps.I8x16MaxS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x279: // i8x16.max_u
            {
                long* b = sp - 4;
                V r = SimdOps.I8x16MaxU(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x27A: // f64x2.trunc
            {
                long* b = sp - 2;
                V r = SimdOps.F64x2Trunc(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x27B: // i8x16.avgr_u
            {
                long* b = sp - 4;
                V r = SimdOps.I8x16AvgrU(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x27C: // i16x8.extadd_pairwise_i8x16_s
            {
                long* b = sp - 2;
                V r = SimdOps.I16x8ExtaddPairwiseI8x16S(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x27D: // i16x8.extadd_pairwise_i8x16_u
            {
                long* b = sp - 2;
                V r = SimdOps.I16x8ExtaddPairwiseI8x16U(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x27E: // i32x4.extadd_pairwise_i16x8_s
            {
                long* b = sp - 2;
                V r = SimdOps.I32x4ExtaddPairwiseI16x8S(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x27F: // i32x4.extadd_pairwise_i16x8_u
            {
                long* b = sp - 2;
                V r = SimdOps.I32x4ExtaddPairwiseI16x8U(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x280: // i16x8.abs
            {
                long* b = sp - 2;
                V r = SimdOps.I16x8Abs(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x281: // i16x8.neg
            {
                long* b = sp - 2;
                V r = SimdOps.I16x8Neg(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x282: // i16x8.q15mulr_sat_s
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8Q15mulrSatS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x283: // i16x8.all_true
            {
                long* b = sp - 2;
                int r = SimdOps.I16x8AllTrue(*(V*)(b + 0));
                *(long*)b = 0; *(int*)b = r;
                return b + 1;
            }
            case 0x284: // i16x8.bitmask
            {
                long* b = sp - 2;
                int r = SimdOps.I16x8Bitmask(*(V*)(b + 0));
                *(long*)b = 0; *(int*)b = r;
                return b + 1;
            }
            case 0x285: // i16x8.narrow_i32x4_s
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8NarrowI32x4S(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x286: // i16x8.narrow_i32x4_u
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8NarrowI32x4U(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x287: // i16x8.extend_low_i8x16_s
            {
                long* b = sp - 2;
                V r = SimdOps.I16x8ExtendLowI8x16S(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x288: // i16x8.extend_high_i8x16_s
            {
                long* b = sp - 2;
                V r = SimdOps.I16x8ExtendHighI8x16S(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x289: // i16x8.extend_low_i8x16_u
            {
                long* b = sp - 2;
                V r = SimdOps.I16x8ExtendLowI8x16U(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x28A: // i16x8.extend_high_i8x16_u
            {
                long* b = sp - 2;
                V r = SimdOps.I16x8ExtendHighI8x16U(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x28B: // i16x8.shl
            {
                long* b = sp - 3;
                V r = SimdOps.I16x8Shl(*(V*)(b + 0), *(int*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x28C: // i16x8.shr_s
            {
                long* b = sp - 3;
                V r = SimdOps.I16x8ShrS(*(V*)(b + 0), *(int*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x28D: // i16x8.shr_u
            {
                long* b = sp - 3;
                V r = SimdOps.I16x8ShrU(*(V*)(b + 0), *(int*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x28E: // i16x8.add
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8Add(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x28F: // i16x8.add_sat_s
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8AddSatS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x290: // i16x8.add_sat_u
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8AddSatU(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x291: // i16x8.sub
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8Sub(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x292: // i16x8.sub_sat_s
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8SubSatS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x293: // i16x8.sub_sat_u
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8SubSatU(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x294: // f64x2.nearest
            {
                long* b = sp - 2;
                V r = SimdOps.F64x2Nearest(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x295: // i16x8.mul
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8Mul(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x296: // i16x8.min_s
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8MinS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x297: // i16x8.min_u
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8MinU(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x298: // i16x8.max_s
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8MaxS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x299: // i16x8.max_u
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8MaxU(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x29B: // i16x8.avgr_u
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8AvgrU(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x29C: // i16x8.extmul_low_i8x16_s
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8ExtmulLowI8x16S(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x29D: // i16x8.extmul_high_i8x16_s
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8ExtmulHighI8x16S(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x29E: // i16x8.extmul_low_i8x16_u
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8ExtmulLowI8x16U(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x29F: // i16x8.extmul_high_i8x16_u
            {
                long* b = sp - 4;
                V r = SimdOps.I16x8ExtmulHighI8x16U(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2A0: // i32x4.abs
            {
                long* b = sp - 2;
                V r = SimdOps.I32x4Abs(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2A1: // i32x4.neg
            {
                long* b = sp - 2;
                V r = SimdOps.I32x4Neg(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2A3: // i32x4.all_true
            {
                long* b = sp - 2;
                int r = SimdOps.I32x4AllTrue(*(V*)(b + 0));
                *(long*)b = 0; *(int*)b = r;
                return b + 1;
            }
            case 0x2A4: // i32x4.bitmask
            {
                long* b = sp - 2;
                int r = SimdOps.I32x4Bitmask(*(V*)(b + 0));
                *(long*)b = 0; *(int*)b = r;
                return b + 1;
            }
            case 0x2A7: // i32x4.extend_low_i16x8_s
            {
                long* b = sp - 2;
                V r = SimdOps.I32x4ExtendLowI16x8S(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2A8: // i32x4.extend_high_i16x8_s
            {
                long* b = sp - 2;
                V r = SimdOps.I32x4ExtendHighI16x8S(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2A9: // i32x4.extend_low_i16x8_u
            {
                long* b = sp - 2;
                V r = SimdOps.I32x4ExtendLowI16x8U(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2AA: // i32x4.extend_high_i16x8_u
            {
                long* b = sp - 2;
                V r = SimdOps.I32x4ExtendHighI16x8U(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2AB: // i32x4.shl
            {
                long* b = sp - 3;
                V r = SimdOps.I32x4Shl(*(V*)(b + 0), *(int*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2AC: // i32x4.shr_s
            {
                long* b = sp - 3;
                V r = SimdOps.I32x4ShrS(*(V*)(b + 0), *(int*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2AD: // i32x4.shr_u
            {
                long* b = sp - 3;
                V r = SimdOps.I32x4ShrU(*(V*)(b + 0), *(int*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2AE: // i32x4.add
            {
                long* b = sp - 4;
                V r = SimdOps.I32x4Add(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2B1: // i32x4.sub
            {
                long* b = sp - 4;
                V r = SimdOps.I32x4Sub(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2B5: // i32x4.mul
            {
                long* b = sp - 4;
                V r = SimdOps.I32x4Mul(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2B6: // i32x4.min_s
            {
                long* b = sp - 4;
                V r = SimdOps.I32x4MinS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2B7: // i32x4.min_u
            {
                long* b = sp - 4;
                V r = SimdOps.I32x4MinU(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2B8: // i32x4.max_s
            {
                long* b = sp - 4;
                V r = SimdOps.I32x4MaxS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2B9: // i32x4.max_u
            {
                long* b = sp - 4;
                V r = SimdOps.I32x4MaxU(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2BA: // i32x4.dot_i16x8_s
            {
                long* b = sp - 4;
                V r = SimdOps.I32x4DotI16x8S(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2BC: // i32x4.extmul_low_i16x8_s
            {
                long* b = sp - 4;
                V r = SimdOps.I32x4ExtmulLowI16x8S(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2BD: // i32x4.extmul_high_i16x8_s
            {
                long* b = sp - 4;
                V r = SimdOps.I32x4ExtmulHighI16x8S(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2BE: // i32x4.extmul_low_i16x8_u
            {
                long* b = sp - 4;
                V r = SimdOps.I32x4ExtmulLowI16x8U(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2BF: // i32x4.extmul_high_i16x8_u
            {
                long* b = sp - 4;
                V r = SimdOps.I32x4ExtmulHighI16x8U(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2C0: // i64x2.abs
            {
                long* b = sp - 2;
                V r = SimdOps.I64x2Abs(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2C1: // i64x2.neg
            {
                long* b = sp - 2;
                V r = SimdOps.I64x2Neg(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2C3: // i64x2.all_true
            {
                long* b = sp - 2;
                int r = SimdOps.I64x2AllTrue(*(V*)(b + 0));
                *(long*)b = 0; *(int*)b = r;
                return b + 1;
            }
            case 0x2C4: // i64x2.bitmask
            {
                long* b = sp - 2;
                int r = SimdOps.I64x2Bitmask(*(V*)(b + 0));
                *(long*)b = 0; *(int*)b = r;
                return b + 1;
            }
            case 0x2C7: // i64x2.extend_low_i32x4_s
            {
                long* b = sp - 2;
                V r = SimdOps.I64x2ExtendLowI32x4S(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2C8: // i64x2.extend_high_i32x4_s
            {
                long* b = sp - 2;
                V r = SimdOps.I64x2ExtendHighI32x4S(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2C9: // i64x2.extend_low_i32x4_u
            {
                long* b = sp - 2;
                V r = SimdOps.I64x2ExtendLowI32x4U(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2CA: // i64x2.extend_high_i32x4_u
            {
                long* b = sp - 2;
                V r = SimdOps.I64x2ExtendHighI32x4U(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2CB: // i64x2.shl
            {
                long* b = sp - 3;
                V r = SimdOps.I64x2Shl(*(V*)(b + 0), *(int*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2CC: // i64x2.shr_s
            {
                long* b = sp - 3;
                V r = SimdOps.I64x2ShrS(*(V*)(b + 0), *(int*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2CD: // i64x2.shr_u
            {
                long* b = sp - 3;
                V r = SimdOps.I64x2ShrU(*(V*)(b + 0), *(int*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2CE: // i64x2.add
            {
                long* b = sp - 4;
                V r = SimdOps.I64x2Add(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2D1: // i64x2.sub
            {
                long* b = sp - 4;
                V r = SimdOps.I64x2Sub(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2D5: // i64x2.mul
            {
                long* b = sp - 4;
                V r = SimdOps.I64x2Mul(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2D6: // i64x2.eq
            {
                long* b = sp - 4;
                V r = SimdOps.I64x2Eq(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2D7: // i64x2.ne
            {
                long* b = sp - 4;
                V r = SimdOps.I64x2Ne(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2D8: // i64x2.lt_s
            {
                long* b = sp - 4;
                V r = SimdOps.I64x2LtS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2D9: // i64x2.gt_s
            {
                long* b = sp - 4;
                V r = SimdOps.I64x2GtS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2DA: // i64x2.le_s
            {
                long* b = sp - 4;
                V r = SimdOps.I64x2LeS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2DB: // i64x2.ge_s
            {
                long* b = sp - 4;
                V r = SimdOps.I64x2GeS(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2DC: // i64x2.extmul_low_i32x4_s
            {
                long* b = sp - 4;
                V r = SimdOps.I64x2ExtmulLowI32x4S(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2DD: // i64x2.extmul_high_i32x4_s
            {
                long* b = sp - 4;
                V r = SimdOps.I64x2ExtmulHighI32x4S(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2DE: // i64x2.extmul_low_i32x4_u
            {
                long* b = sp - 4;
                V r = SimdOps.I64x2ExtmulLowI32x4U(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2DF: // i64x2.extmul_high_i32x4_u
            {
                long* b = sp - 4;
                V r = SimdOps.I64x2ExtmulHighI32x4U(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2E0: // f32x4.abs
            {
                long* b = sp - 2;
                V r = SimdOps.F32x4Abs(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2E1: // f32x4.neg
            {
                long* b = sp - 2;
                V r = SimdOps.F32x4Neg(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2E3: // f32x4.sqrt
            {
                long* b = sp - 2;
                V r = SimdOps.F32x4Sqrt(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2E4: // f32x4.add
            {
                long* b = sp - 4;
                V r = SimdOps.F32x4Add(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2E5: // f32x4.sub
            {
                long* b = sp - 4;
                V r = SimdOps.F32x4Sub(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2E6: // f32x4.mul
            {
                long* b = sp - 4;
                V r = SimdOps.F32x4Mul(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2E7: // f32x4.div
            {
                long* b = sp - 4;
                V r = SimdOps.F32x4Div(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2E8: // f32x4.min
            {
                long* b = sp - 4;
                V r = SimdOps.F32x4Min(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2E9: // f32x4.max
            {
                long* b = sp - 4;
                V r = SimdOps.F32x4Max(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2EA: // f32x4.pmin
            {
                long* b = sp - 4;
                V r = SimdOps.F32x4Pmin(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2EB: // f32x4.pmax
            {
                long* b = sp - 4;
                V r = SimdOps.F32x4Pmax(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2EC: // f64x2.abs
            {
                long* b = sp - 2;
                V r = SimdOps.F64x2Abs(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2ED: // f64x2.neg
            {
                long* b = sp - 2;
                V r = SimdOps.F64x2Neg(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2EF: // f64x2.sqrt
            {
                long* b = sp - 2;
                V r = SimdOps.F64x2Sqrt(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2F0: // f64x2.add
            {
                long* b = sp - 4;
                V r = SimdOps.F64x2Add(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2F1: // f64x2.sub
            {
                long* b = sp - 4;
                V r = SimdOps.F64x2Sub(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2F2: // f64x2.mul
            {
                long* b = sp - 4;
                V r = SimdOps.F64x2Mul(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2F3: // f64x2.div
            {
                long* b = sp - 4;
                V r = SimdOps.F64x2Div(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2F4: // f64x2.min
            {
                long* b = sp - 4;
                V r = SimdOps.F64x2Min(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2F5: // f64x2.max
            {
                long* b = sp - 4;
                V r = SimdOps.F64x2Max(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2F6: // f64x2.pmin
            {
                long* b = sp - 4;
                V r = SimdOps.F64x2Pmin(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2F7: // f64x2.pmax
            {
                long* b = sp - 4;
                V r = SimdOps.F64x2Pmax(*(V*)(b + 0), *(V*)(b + 2));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2F8: // i32x4.trunc_sat_f32x4_s
            {
                long* b = sp - 2;
                V r = SimdOps.I32x4TruncSatF32x4S(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2F9: // i32x4.trunc_sat_f32x4_u
            {
                long* b = sp - 2;
                V r = SimdOps.I32x4TruncSatF32x4U(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2FA: // f32x4.convert_i32x4_s
            {
                long* b = sp - 2;
                V r = SimdOps.F32x4ConvertI32x4S(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2FB: // f32x4.convert_i32x4_u
            {
                long* b = sp - 2;
                V r = SimdOps.F32x4ConvertI32x4U(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2FC: // i32x4.trunc_sat_f64x2_s_zero
            {
                long* b = sp - 2;
                V r = SimdOps.I32x4TruncSatF64x2SZero(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2FD: // i32x4.trunc_sat_f64x2_u_zero
            {
                long* b = sp - 2;
                V r = SimdOps.I32x4TruncSatF64x2UZero(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2FE: // f64x2.convert_low_i32x4_s
            {
                long* b = sp - 2;
                V r = SimdOps.F64x2ConvertLowI32x4S(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            case 0x2FF: // f64x2.convert_low_i32x4_u
            {
                long* b = sp - 2;
                V r = SimdOps.F64x2ConvertLowI32x4U(*(V*)(b + 0));
                *(V*)b = r;
                return b + 2;
            }
            default:
                throw new InvalidOperationException($"interpreter: bad SIMD opcode 0x{op:x}");
        }
    }
}
