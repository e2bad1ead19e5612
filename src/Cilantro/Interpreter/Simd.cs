using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Cilantro.Instructions;
using Cilantro.Model;
using Cilantro.Runtime.Numerics;
using V = System.Runtime.Intrinsics.Vector128<byte>;

namespace Cilantro.Interpreter;

/// <summary>
/// SIMD instructions of the interpreter, derived from the opcode table: every SIMD opcode gets a shape (its operand
/// and result types and immediate kind, from <see cref="OpcodeInfo"/>) and, for the computing ones, a pointer to the
/// <see cref="SimdOps"/> method of the same name as its <see cref="Opcode"/> member. One handler per shape pops the
/// operands, calls the method and pushes the result; memory instructions are handled by access size.
/// </summary>
internal static unsafe class Simd
{
    /// <summary>Operand shapes: v = v128, i/I/f/F = i32/i64/f32/f64, suffix after the underscore = result.</summary>
    private enum Shape : byte
    {
        None,
        VV_V, V_V, VVV_V, VI_V, V_I, I_V, IL_V, F_V, D_V,
        /// <summary>Lane instructions: the lane index is the immediate.</summary>
        ExtractI, ExtractL, ExtractF, ExtractD, ReplaceI, ReplaceL, ReplaceF, ReplaceD,
        Shuffle, Const,
        /// <summary>Memory: plain, splat and widening loads; store; lane loads and stores.</summary>
        Load, LoadSplat, Store, LoadLane, StoreLane,
    }

    private readonly struct Entry(Shape shape, byte size, nint fn)
    {
        public readonly Shape Shape = shape;
        /// <summary>Bytes accessed, for memory instructions.</summary>
        public readonly byte Size = size;
        /// <summary>The <see cref="SimdOps"/> method (null for the instructions done here).</summary>
        public readonly nint Fn = fn;
    }

    private static readonly Entry[] Table = new Entry[0x100];

    /// <summary>Number of immediate ints after each SIMD opcode in translated code (indexed by opcode - 0x200).</summary>
    public static readonly byte[] ImmCount = new byte[0x100];

    static Simd()
    {
        foreach (var info in OpcodeInfo.All)
        {
            int k = (int)info.Opcode - 0x200;
            if (k < 0) continue;
            Shape shape = ShapeOf(info);
            var m = typeof(SimdOps).GetMethod(info.Opcode.ToString(), BindingFlags.Public | BindingFlags.Static);
            if (m is not null && !Matches(shape, m))
                throw new InvalidOperationException($"SimdOps.{m.Name} does not have the shape {shape}");
            bool computed = shape is not (Shape.Const or Shape.Store or Shape.LoadLane or Shape.StoreLane);
            if (m is null && computed && !(shape == Shape.Load && info.AccessSize == 16))
                shape = shape == Shape.Load ? Shape.LoadSplat : throw new InvalidOperationException($"no SimdOps.{info.Opcode}");
            Table[k] = new Entry(shape, (byte)info.AccessSize, m is null ? 0 : m.MethodHandle.GetFunctionPointer());
            ImmCount[k] = info.Immediate switch
            {
                Imm.MemArg or Imm.Lane => 1,
                Imm.MemArgLane => 2,
                Imm.V128 or Imm.Shuffle => 4,
                _ => 0,
            };
        }
    }

    private static char Letter(ValType t) => t.Kind switch
    {
        ValKind.I32 => 'i', ValKind.I64 => 'I', ValKind.F32 => 'f', ValKind.F64 => 'F', _ => 'v',
    };

    private static Shape ShapeOf(OpcodeInfo info)
    {
        var sig = new string([.. info.Params!.Select(Letter), ':', .. info.Results!.Select(Letter)]);
        return (sig, info.Immediate) switch
        {
            ("vv:v", Imm.Shuffle) => Shape.Shuffle,
            (":v", Imm.V128) => Shape.Const,
            ("i:v", Imm.MemArg) => Shape.Load,
            ("iv:", Imm.MemArg) => Shape.Store,
            ("iv:v", Imm.MemArgLane) => Shape.LoadLane,
            ("iv:", Imm.MemArgLane) => Shape.StoreLane,
            ("v:i", Imm.Lane) => Shape.ExtractI,
            ("v:I", Imm.Lane) => Shape.ExtractL,
            ("v:f", Imm.Lane) => Shape.ExtractF,
            ("v:F", Imm.Lane) => Shape.ExtractD,
            ("vi:v", Imm.Lane) => Shape.ReplaceI,
            ("vI:v", Imm.Lane) => Shape.ReplaceL,
            ("vf:v", Imm.Lane) => Shape.ReplaceF,
            ("vF:v", Imm.Lane) => Shape.ReplaceD,
            ("vv:v", _) => Shape.VV_V,
            ("v:v", _) => Shape.V_V,
            ("vvv:v", _) => Shape.VVV_V,
            ("vi:v", _) => Shape.VI_V,
            ("v:i", _) => Shape.V_I,
            ("i:v", _) => Shape.I_V,
            ("I:v", _) => Shape.IL_V,
            ("f:v", _) => Shape.F_V,
            ("F:v", _) => Shape.D_V,
            _ => throw new InvalidOperationException($"no interpreter shape for {info.Name} ({sig})"),
        };
    }

    /// <summary>Whether a <see cref="SimdOps"/> method's parameters and result fit the function pointer a shape calls through.</summary>
    private static bool Matches(Shape shape, MethodInfo m)
    {
        Type v = typeof(V), i = typeof(int), l = typeof(long), f = typeof(float), d = typeof(double);
        Type[] want = shape switch
        {
            Shape.VV_V => [v, v, v],
            Shape.Shuffle => [v, v, v, v],
            Shape.V_V => [v, v],
            Shape.VVV_V => [v, v, v, v],
            Shape.VI_V => [v, i, v],
            Shape.V_I => [v, i],
            Shape.I_V => [i, v],
            Shape.IL_V => [l, v],
            Shape.F_V => [f, v],
            Shape.D_V => [d, v],
            Shape.ExtractI => [v, i, i],
            Shape.ExtractL => [v, i, l],
            Shape.ExtractF => [v, i, f],
            Shape.ExtractD => [v, i, d],
            Shape.ReplaceI => [v, i, i, v],
            Shape.ReplaceL => [v, i, l, v],
            Shape.ReplaceF => [v, i, f, v],
            Shape.ReplaceD => [v, i, d, v],
            // Widening and zero-extending loads take the loaded bits.
            Shape.Load => [m.GetParameters().Length == 1 && m.GetParameters()[0].ParameterType == i ? i : l, v],
            _ => [],
        };
        var ps = m.GetParameters();
        if (want.Length != ps.Length + 1 || m.ReturnType != want[^1]) return false;
        for (int k = 0; k < ps.Length; k++)
            if (ps[k].ParameterType != want[k]) return false;
        return true;
    }

    /// <summary>Runs SIMD instruction <paramref name="op"/> with its immediates at <paramref name="ip"/>; returns the new stack pointer.</summary>
    public static long* Exec(int op, long* sp, int* ip, byte* mem, ulong memLen)
    {
        Entry e = Table[op - 0x200];
        nint fn = e.Fn;
        switch (e.Shape)
        {
            case Shape.VV_V:
            {
                long* b = sp - 4;
                *(V*)b = ((delegate*<V, V, V>)fn)(*(V*)b, *(V*)(b + 2));
                return b + 2;
            }
            case Shape.V_V:
                *(V*)(sp - 2) = ((delegate*<V, V>)fn)(*(V*)(sp - 2));
                return sp;
            case Shape.VVV_V:
            {
                long* b = sp - 6;
                *(V*)b = ((delegate*<V, V, V, V>)fn)(*(V*)b, *(V*)(b + 2), *(V*)(b + 4));
                return b + 2;
            }
            case Shape.VI_V:
            {
                long* b = sp - 3;
                *(V*)b = ((delegate*<V, int, V>)fn)(*(V*)b, *(int*)(b + 2));
                return b + 2;
            }
            case Shape.V_I:
            {
                long* b = sp - 2;
                *b = (uint)((delegate*<V, int>)fn)(*(V*)b);
                return b + 1;
            }
            case Shape.I_V:
                *(V*)(sp - 1) = ((delegate*<int, V>)fn)(*(int*)(sp - 1));
                return sp + 1;
            case Shape.IL_V:
                *(V*)(sp - 1) = ((delegate*<long, V>)fn)(sp[-1]);
                return sp + 1;
            case Shape.F_V:
                *(V*)(sp - 1) = ((delegate*<float, V>)fn)(*(float*)(sp - 1));
                return sp + 1;
            case Shape.D_V:
                *(V*)(sp - 1) = ((delegate*<double, V>)fn)(*(double*)(sp - 1));
                return sp + 1;
            case Shape.ExtractI:
            {
                long* b = sp - 2;
                *b = (uint)((delegate*<V, int, int>)fn)(*(V*)b, *ip);
                return b + 1;
            }
            case Shape.ExtractL:
            {
                long* b = sp - 2;
                *b = ((delegate*<V, int, long>)fn)(*(V*)b, *ip);
                return b + 1;
            }
            case Shape.ExtractF:
            {
                long* b = sp - 2;
                *b = (uint)BitConverter.SingleToInt32Bits(((delegate*<V, int, float>)fn)(*(V*)b, *ip));
                return b + 1;
            }
            case Shape.ExtractD:
            {
                long* b = sp - 2;
                *(double*)b = ((delegate*<V, int, double>)fn)(*(V*)b, *ip);
                return b + 1;
            }
            case Shape.ReplaceI:
            {
                long* b = sp - 3;
                *(V*)b = ((delegate*<V, int, int, V>)fn)(*(V*)b, *ip, *(int*)(b + 2));
                return b + 2;
            }
            case Shape.ReplaceL:
            {
                long* b = sp - 3;
                *(V*)b = ((delegate*<V, int, long, V>)fn)(*(V*)b, *ip, b[2]);
                return b + 2;
            }
            case Shape.ReplaceF:
            {
                long* b = sp - 3;
                *(V*)b = ((delegate*<V, int, float, V>)fn)(*(V*)b, *ip, *(float*)(b + 2));
                return b + 2;
            }
            case Shape.ReplaceD:
            {
                long* b = sp - 3;
                *(V*)b = ((delegate*<V, int, double, V>)fn)(*(V*)b, *ip, *(double*)(b + 2));
                return b + 2;
            }
            case Shape.Shuffle:
            {
                long* b = sp - 4;
                *(V*)b = ((delegate*<V, V, V, V>)fn)(*(V*)b, *(V*)(b + 2), *(V*)ip);
                return b + 2;
            }
            case Shape.Const:
                *(V*)sp = *(V*)ip;
                return sp + 2;
            default:
                return Memory(e, sp, ip, mem, memLen);
        }
    }

    /// <summary>Memory instructions: the address (and for stores and lane loads a vector) on the stack, the offset (and lane) as immediates.</summary>
    private static long* Memory(Entry e, long* sp, int* ip, byte* mem, ulong memLen)
    {
        bool withVector = e.Shape is Shape.Store or Shape.LoadLane or Shape.StoreLane;
        long* b = withVector ? sp - 3 : sp - 1;
        int n = e.Size;
        ulong ea = (ulong)*(uint*)b + (uint)ip[0];
        if (ea + (ulong)n > memLen) throw new TrapException(TrapKind.OutOfBoundsMemoryAccess);
        byte* at = mem + ea;
        switch (e.Shape)
        {
            case Shape.Load:
                if (e.Fn == 0) *(V*)b = Unsafe.ReadUnaligned<V>(at);
                else if (n == 4) *(V*)b = ((delegate*<int, V>)e.Fn)(Unsafe.ReadUnaligned<int>(at));
                else *(V*)b = ((delegate*<long, V>)e.Fn)(Unsafe.ReadUnaligned<long>(at));
                return b + 2;
            case Shape.LoadSplat:
                *(V*)b = n switch
                {
                    1 => Vector128.Create(*at),
                    2 => Vector128.Create(Unsafe.ReadUnaligned<ushort>(at)).AsByte(),
                    4 => Vector128.Create(Unsafe.ReadUnaligned<uint>(at)).AsByte(),
                    _ => Vector128.Create(Unsafe.ReadUnaligned<ulong>(at)).AsByte(),
                };
                return b + 2;
            case Shape.Store:
                Unsafe.WriteUnaligned(at, *(V*)(b + 1));
                return b;
            case Shape.LoadLane:
            {
                // The vector moves down over the address; lane ip[1] of it takes the n bytes read.
                V v = *(V*)(b + 1);
                Unsafe.CopyBlockUnaligned((byte*)&v + ip[1] * n, at, (uint)n);
                *(V*)b = v;
                return b + 2;
            }
            case Shape.StoreLane:
            {
                V v = *(V*)(b + 1);
                Unsafe.CopyBlockUnaligned(at, (byte*)&v + ip[1] * n, (uint)n);
                return b;
            }
            default:
                throw new InvalidOperationException("interpreter: not a SIMD opcode");
        }
    }
}
