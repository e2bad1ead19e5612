using System.Numerics;

namespace Cilantro.Text;

/// <summary>Outcome of parsing a numeric literal.</summary>
internal enum NumResult : byte
{
    /// <summary>Parsed.</summary>
    Ok,
    /// <summary>Not a literal of the expected form.</summary>
    Syntax,
    /// <summary>Well formed, but outside the range of the type.</summary>
    Range,
}

/// <summary>
/// Numeric literals of the text format: integers (decimal or hex, underscores, signs) and floats
/// (decimal and hexadecimal with exact IEEE round-to-nearest-even, <c>inf</c>, <c>nan</c>, <c>nan:0x…</c>).
/// </summary>
internal static class TextNumbers
{
    /// <summary>Parses an unsigned integer (no sign) not greater than <paramref name="max"/>.</summary>
    public static NumResult ParseUnsigned(ReadOnlySpan<char> s, ulong max, out ulong value)
    {
        value = 0;
        if (s.Length == 0 || s[0] is '+' or '-') return NumResult.Syntax;
        var r = ParseMagnitude(s, out var mag);
        if (r != NumResult.Ok) return r;
        if (mag > max) return NumResult.Range;
        value = (ulong)mag;
        return NumResult.Ok;
    }

    /// <summary>
    /// Parses an <c>iN</c> literal (N = 32 or 64): unsigned up to 2^N-1 or signed down to -2^(N-1).
    /// The result is the N-bit pattern, zero-extended.
    /// </summary>
    public static NumResult ParseInt(ReadOnlySpan<char> s, int bits, out ulong value)
    {
        value = 0;
        bool neg = false;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            neg = s[0] == '-';
            s = s[1..];
        }
        var r = ParseMagnitude(s, out var mag);
        if (r != NumResult.Ok) return r;
        UInt128 limit = neg ? (UInt128)1 << (bits - 1) : ((UInt128)1 << bits) - 1;
        if (mag > limit) return NumResult.Range;
        ulong v = (ulong)mag;
        if (neg) v = 0 - v;
        if (bits < 64) v &= (1UL << bits) - 1;
        value = v;
        return NumResult.Ok;
    }

    // Magnitude of num or 0x hexnum; saturates at 2^64+ (returns Range on overflow beyond 2^65).
    private static NumResult ParseMagnitude(ReadOnlySpan<char> s, out UInt128 mag)
    {
        mag = 0;
        int b = 10;
        if (s.Length > 2 && s[0] == '0' && s[1] == 'x')
        {
            b = 16;
            s = s[2..];
        }
        if (s.Length == 0) return NumResult.Syntax;
        bool prevDigit = false;
        bool overflow = false;
        foreach (char c in s)
        {
            if (c == '_')
            {
                if (!prevDigit) return NumResult.Syntax;
                prevDigit = false;
                continue;
            }
            int d = DigitValue(c, b);
            if (d < 0) return NumResult.Syntax;
            if (!overflow)
            {
                mag = mag * (uint)b + (uint)d;
                if (mag > ((UInt128)1 << 70)) overflow = true;
            }
            prevDigit = true;
        }
        if (!prevDigit) return NumResult.Syntax;
        return overflow ? NumResult.Range : NumResult.Ok;
    }

    private static int DigitValue(char c, int b)
    {
        int d = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };
        return d < b ? d : -1;
    }

    /// <summary>Parses an f32 literal to its IEEE bits.</summary>
    public static NumResult ParseF32(ReadOnlySpan<char> s, out uint bits)
    {
        var r = ParseFloat(s, 24, 127, out var b);
        bits = (uint)b;
        return r;
    }

    /// <summary>Parses an f64 literal to its IEEE bits.</summary>
    public static NumResult ParseF64(ReadOnlySpan<char> s, out ulong bits) => ParseFloat(s, 53, 1023, out bits);

    private static NumResult ParseFloat(ReadOnlySpan<char> s, int p, int bias, out ulong bits)
    {
        bits = 0;
        int expBits = p == 24 ? 8 : 11;
        ulong signBit = 1UL << (p - 1 + expBits);
        ulong infBits = ((1UL << expBits) - 1) << (p - 1);
        bool neg = false;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            neg = s[0] == '-';
            s = s[1..];
        }
        ulong sign = neg ? signBit : 0;
        if (s.SequenceEqual("inf"))
        {
            bits = sign | infBits;
            return NumResult.Ok;
        }
        if (s.SequenceEqual("nan"))
        {
            bits = sign | infBits | (1UL << (p - 2));
            return NumResult.Ok;
        }
        if (s.StartsWith("nan:0x"))
        {
            var r = ParseMagnitude(s[4..], out var payload);
            if (r != NumResult.Ok) return r;
            if (payload == 0 || payload >= (UInt128)1 << (p - 1)) return NumResult.Range;
            bits = sign | infBits | (ulong)payload;
            return NumResult.Ok;
        }
        bool hex = s.Length > 2 && s[0] == '0' && s[1] == 'x';
        int radix = hex ? 16 : 10;
        if (hex) s = s[2..];

        // Mantissa digits, with an optional fraction. Only the first MaxSignificant significant digits are kept;
        // later ones only matter as a sticky bit (enough for exact rounding, and linear time on huge literals).
        var st = new DigitState { Radix = radix, MaxSmall = hex ? 15 : 18, MaxSignificant = hex ? 300 : 1100 };
        int i = 0;
        if (!ScanDigits(s, ref i, ref st, fraction: false, out bool any)) return NumResult.Syntax;
        if (!any) return NumResult.Syntax;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            if (i < s.Length && DigitValue(s[i], radix) >= 0)
            {
                if (!ScanDigits(s, ref i, ref st, fraction: true, out _)) return NumResult.Syntax;
            }
        }
        long exp = 0;
        if (i < s.Length && (hex ? s[i] is 'p' or 'P' : s[i] is 'e' or 'E'))
        {
            i++;
            bool eneg = false;
            if (i < s.Length && s[i] is '+' or '-')
            {
                eneg = s[i] == '-';
                i++;
            }
            bool prev = false, anyE = false;
            for (; i < s.Length; i++)
            {
                char c = s[i];
                if (c == '_')
                {
                    if (!prev) return NumResult.Syntax;
                    prev = false;
                    continue;
                }
                if (c is < '0' or > '9') return NumResult.Syntax;
                exp = Math.Min(exp * 10 + (c - '0'), 100_000_000);
                prev = true;
                anyE = true;
            }
            if (!anyE || !prev) return NumResult.Syntax;
            if (eneg) exp = -exp;
        }
        if (i != s.Length) return NumResult.Syntax;
        int fracDigits = st.FracDigits;
        exp += hex ? 4L * st.IntDropped : st.IntDropped;
        if (st.M.IsZero && st.Small != 0 && !st.Sticky && TryFast(hex, st.Small, exp, fracDigits, p, out var fast))
        {
            bits = (neg ? signBit : 0) | fast;
            return NumResult.Ok;
        }
        var m = st.M * Pow(radix, st.SmallDigits) + st.Small;
        if (st.Sticky)
        {
            m = m * radix + 1;
            fracDigits++;
        }

        if (m.IsZero)
        {
            bits = sign;
            return NumResult.Ok;
        }
        BigInteger num, den;
        if (hex)
        {
            long e2 = exp - 4L * fracDigits;
            long top = (long)m.GetBitLength() + e2;
            if (top > 2000) return NumResult.Range;
            if (top < -2000)
            {
                bits = sign;
                return NumResult.Ok;
            }
            if (e2 >= 0)
            {
                num = m << (int)e2;
                den = BigInteger.One;
            }
            else
            {
                num = m;
                den = BigInteger.One << (int)-e2;
            }
        }
        else
        {
            long e10 = exp - fracDigits;
            long top = st.Significant + (st.Sticky ? 1 : 0) + e10;
            if (top > 400) return NumResult.Range;
            if (top < -400)
            {
                bits = sign;
                return NumResult.Ok;
            }
            if (e10 >= 0)
            {
                num = m * BigInteger.Pow(10, (int)e10);
                den = BigInteger.One;
            }
            else
            {
                num = m;
                den = BigInteger.Pow(10, (int)-e10);
            }
        }
        ulong mag = RoundRational(num, den, p, bias);
        if (mag >= infBits) return NumResult.Range;
        bits = sign | mag;
        return NumResult.Ok;
    }

    private static readonly double[] Pow10 =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    private static readonly float[] Pow10F = [1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f];

    /// <summary>
    /// Exact fast paths: a decimal mantissa and power of ten that are both exact in the target type (one correctly
    /// rounded operation), or a hexadecimal mantissa that fits the significand with a normal result (exact scaling).
    /// </summary>
    private static bool TryFast(bool hex, ulong mant, long exp, int fracDigits, int p, out ulong bits)
    {
        bits = 0;
        if (hex)
        {
            long e2 = exp - 4L * fracDigits;
            int tz = System.Numerics.BitOperations.TrailingZeroCount(mant);
            mant >>= tz;
            e2 += tz;
            if (mant >= 1UL << p || e2 < -2000 || e2 > 2000) return false;
            long top = 63 - System.Numerics.BitOperations.LeadingZeroCount(mant) + e2;
            int bias = p == 24 ? 127 : 1023;
            if (top < 1 - bias || top > bias) return false;
            if (p == 24) bits = BitConverter.SingleToUInt32Bits(MathF.ScaleB(mant, (int)e2));
            else bits = BitConverter.DoubleToUInt64Bits(Math.ScaleB(mant, (int)e2));
            return true;
        }
        long e10 = exp - fracDigits;
        if (p == 24)
        {
            if (mant > 1UL << 24 || e10 < -10 || e10 > 10) return false;
            float f = mant;
            f = e10 >= 0 ? f * Pow10F[e10] : f / Pow10F[-e10];
            bits = BitConverter.SingleToUInt32Bits(f);
            return true;
        }
        if (mant > 1UL << 53 || e10 < -22 || e10 > 22) return false;
        double d = mant;
        d = e10 >= 0 ? d * Pow10[e10] : d / Pow10[-e10];
        bits = BitConverter.DoubleToUInt64Bits(d);
        return true;
    }

    private static BigInteger Pow(int radix, int n) => n == 0 ? BigInteger.One : BigInteger.Pow(radix, n);

    private struct DigitState
    {
        public int Radix, MaxSmall, MaxSignificant;
        public BigInteger M;
        public ulong Small;
        public int SmallDigits, Significant, FracDigits, IntDropped;
        public bool Sticky;
    }

    private static bool ScanDigits(ReadOnlySpan<char> s, ref int i, ref DigitState st, bool fraction, out bool any)
    {
        any = false;
        bool prev = false;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '_')
            {
                if (!prev) return false;
                prev = false;
                continue;
            }
            int d = DigitValue(c, st.Radix);
            if (d < 0) break;
            prev = true;
            any = true;
            bool leadingZero = d == 0 && st.Small == 0 && st.M.IsZero;
            if (leadingZero)
            {
                if (fraction) st.FracDigits++;
                continue;
            }
            if (st.Significant >= st.MaxSignificant)
            {
                if (!fraction) st.IntDropped++;
                if (d != 0) st.Sticky = true;
                continue;
            }
            if (st.SmallDigits == st.MaxSmall)
            {
                st.M = st.M * Pow(st.Radix, st.SmallDigits) + st.Small;
                st.Small = 0;
                st.SmallDigits = 0;
            }
            st.Small = st.Small * (ulong)st.Radix + (ulong)d;
            st.SmallDigits++;
            st.Significant++;
            if (fraction) st.FracDigits++;
        }
        return !any || prev;
    }

    /// <summary>
    /// Rounds the positive rational num/den to the nearest IEEE value with <paramref name="p"/> significand bits
    /// (ties to even). Returns the bits without sign; a result ≥ the infinity pattern means overflow.
    /// </summary>
    internal static ulong RoundRational(BigInteger num, BigInteger den, int p, int bias)
    {
        long k = (long)num.GetBitLength() - (long)den.GetBitLength();
        long s = p + 2 - k;
        BigInteger q, r;
        if (s >= 0) q = BigInteger.DivRem(num << (int)s, den, out r);
        else q = BigInteger.DivRem(num, den << (int)-s, out r);
        long bl = (long)q.GetBitLength();
        long e = bl - 1 - s;
        int emin = 1 - bias;
        long ulpExp = Math.Max(e, emin) - (p - 1);
        long drop = ulpExp + s;
        BigInteger mant = q >> (int)drop;
        BigInteger rest = q - (mant << (int)drop);
        BigInteger half = BigInteger.One << (int)(drop - 1);
        int c = rest.CompareTo(half);
        if (c > 0 || (c == 0 && (!r.IsZero || !mant.IsEven))) mant += 1;
        ulong mm = (ulong)mant;
        if (e < emin) return mm; // subnormal (a carry into the hidden bit yields the smallest normal)
        long field = e + bias;
        if (field >= 2L * bias + 1) return ((1UL << (p == 24 ? 8 : 11)) - 1) << (p - 1);
        return ((ulong)field << (p - 1)) + (mm - (1UL << (p - 1)));
    }
}
