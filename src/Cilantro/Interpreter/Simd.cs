namespace Cilantro.Interpreter;

/// <summary>SIMD instructions of the interpreter (kept out of the main loop so it stays small for the JIT).</summary>
internal static unsafe class Simd
{
    // TODO(numerics): implement with Cilantro.Runtime.Numerics once it lands on main.
    public static long* Exec(int op, long* sp, ref int* ip, byte* mem, ulong memLen)
    {
        throw new TrapException(TrapKind.HostTrap, $"SIMD instruction 0x{op:x} not implemented yet");
    }
}
