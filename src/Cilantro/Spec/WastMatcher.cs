using System.Globalization;
using System.Text;
using Cilantro.Model;

namespace Cilantro.Spec;

/// <summary>
/// The comparison rules of the spec runner: expected results against actual values, expected error text against
/// actual errors.
/// </summary>
internal static class WastMatcher
{
    private const uint F32SignMask = 0x8000_0000u;
    private const uint F32CanonicalNan = 0x7fc0_0000u;
    private const ulong F64SignMask = 0x8000_0000_0000_0000ul;
    private const ulong F64CanonicalNan = 0x7ff8_0000_0000_0000ul;

    /// <summary>
    /// Error text matching, as the reference runners do it: the reference interpreter requires the expected text to
    /// be a prefix of its own message, wasmtime's runner that it is contained in the message. Our messages carry the
    /// spec's wording in <see cref="WasmException.SpecMessage"/>, possibly followed or preceded by location details
    /// in <see cref="Exception.Message"/>, so a match is: the expected text is contained (ordinal) in the
    /// spec message or in the full message (which covers "is a prefix of"). An empty expectation matches anything.
    /// </summary>
    public static bool MessageMatches(string expected, Exception actual)
    {
        if (ErrorText(actual).Contains(expected, StringComparison.Ordinal))
            return true;
        return actual.Message.Contains(expected, StringComparison.Ordinal);
    }

    /// <summary>
    /// The spec-worded text of an error: <see cref="WasmException.SpecMessage"/>, "call stack exhausted" for
    /// <see cref="InsufficientExecutionStackException"/>, otherwise the message.
    /// </summary>
    public static string ErrorText(Exception e) => e switch
    {
        WasmException w => w.SpecMessage,
        InsufficientExecutionStackException => "call stack exhausted",
        _ => e.Message,
    };

    /// <summary>True when <paramref name="actual"/> satisfies <paramref name="expected"/>.</summary>
    public static bool Matches(WastExpected expected, WastValue actual) => expected switch
    {
        ExactExpected exact => MatchesExact(exact.Value, actual),
        NanExpected nan => MatchesNan(nan, actual),
        V128Expected vec => actual.Kind == WastValueKind.V128 && MatchesLanes(vec, actual.Vector),
        AnyRefExpected any => actual.Kind == any.Kind,
        EitherExpected either => MatchesAny(either.Alternatives, actual),
        _ => false,
    };

    /// <summary>
    /// Matches a list of results; null when they match, otherwise a description of the mismatch.
    /// </summary>
    public static string? MatchResults(IReadOnlyList<WastExpected> expected, IReadOnlyList<WastValue> actual)
    {
        bool ok = expected.Count == actual.Count;
        for (int i = 0; ok && i < expected.Count; i++)
            ok = Matches(expected[i], actual[i]);
        if (ok)
            return null;
        var got = new StringBuilder();
        for (int i = 0; i < actual.Count; i++)
        {
            if (i > 0)
                got.Append(' ');
            // Show a vector in the shape the script expects, so lanes can be compared by eye.
            if (actual[i].Kind == WastValueKind.V128 && i < expected.Count && expected[i] is V128Expected vec
                && TryGetShape(vec.Shape, out int count, out int bits, out _))
            {
                got.Append("v128:").Append(vec.Shape).Append(' ').Append(LaneList(actual[i].Vector, count, bits));
            }
            else
            {
                got.Append(Describe(actual[i]));
            }
        }
        return $"result mismatch: expected ({Describe(expected)}), got ({got})";
    }

    private static bool MatchesAny(IReadOnlyList<WastExpected> alternatives, WastValue actual)
    {
        foreach (var alternative in alternatives)
        {
            if (Matches(alternative, actual))
                return true;
        }
        return false;
    }

    private static bool MatchesExact(WastValue expected, WastValue actual)
    {
        if (expected.Kind != actual.Kind)
            return false;
        return expected.Kind switch
        {
            WastValueKind.I32 or WastValueKind.F32 => (uint)expected.Bits == (uint)actual.Bits,
            WastValueKind.I64 or WastValueKind.F64 => expected.Bits == actual.Bits,
            WastValueKind.V128 => expected.Vector == actual.Vector,
            // A null of another heap type is a different value; an engine that does not say which type
            // its null has (RefType not a reference type) is given the benefit of the doubt.
            WastValueKind.RefNull => !expected.RefType.IsRef || !actual.RefType.IsRef
                || expected.RefType.Heap == actual.RefType.Heap,
            WastValueKind.RefExtern => expected.Bits == actual.Bits,
            WastValueKind.RefFunc => true,
            _ => false,
        };
    }

    private static bool MatchesNan(NanExpected expected, WastValue actual)
    {
        if (expected.Type != actual.Kind)
            return false;
        return expected.Type switch
        {
            WastValueKind.F32 => MatchesF32((uint)actual.Bits, expected.Pattern, (uint)actual.Bits),
            WastValueKind.F64 => MatchesF64(actual.Bits, expected.Pattern, actual.Bits),
            _ => false,
        };
    }

    /// <summary>Matches f32 bits against a pattern; <paramref name="exact"/> is the expected bits for <see cref="NanPattern.None"/>.</summary>
    internal static bool MatchesF32(uint bits, NanPattern pattern, uint exact) => pattern switch
    {
        // nan:canonical: sign either way, exponent all ones, only the quiet bit set in the payload.
        NanPattern.Canonical => (bits & ~F32SignMask) == F32CanonicalNan,
        // nan:arithmetic: sign either way, exponent all ones, quiet bit set, any other payload bits.
        NanPattern.Arithmetic => (bits & F32CanonicalNan) == F32CanonicalNan,
        _ => bits == exact,
    };

    /// <summary>Matches f64 bits against a pattern; <paramref name="exact"/> is the expected bits for <see cref="NanPattern.None"/>.</summary>
    internal static bool MatchesF64(ulong bits, NanPattern pattern, ulong exact) => pattern switch
    {
        NanPattern.Canonical => (bits & ~F64SignMask) == F64CanonicalNan,
        NanPattern.Arithmetic => (bits & F64CanonicalNan) == F64CanonicalNan,
        _ => bits == exact,
    };

    /// <summary>Lane count and width of a shape such as <c>f32x4</c>; false for an unknown shape.</summary>
    internal static bool TryGetShape(string shape, out int laneCount, out int laneBits, out bool isFloat)
    {
        (laneCount, laneBits, isFloat) = shape switch
        {
            "i8x16" => (16, 8, false),
            "i16x8" => (8, 16, false),
            "i32x4" => (4, 32, false),
            "i64x2" => (2, 64, false),
            "f32x4" => (4, 32, true),
            "f64x2" => (2, 64, true),
            _ => (0, 0, false),
        };
        return laneCount != 0;
    }

    /// <summary>Lane <paramref name="index"/> of <paramref name="v"/> for lanes of <paramref name="laneBits"/> bits.</summary>
    internal static ulong GetLane(V128 v, int index, int laneBits)
    {
        int offset = index * laneBits;
        ulong half = offset < 64 ? v.Lo : v.Hi;
        ulong lane = half >> (offset & 63);
        return laneBits == 64 ? lane : lane & ((1ul << laneBits) - 1);
    }

    private static bool MatchesLanes(V128Expected expected, V128 actual)
    {
        if (!TryGetShape(expected.Shape, out int count, out int bits, out bool isFloat)
            || expected.Lanes.Length != count)
        {
            return false;
        }
        ulong mask = bits == 64 ? ulong.MaxValue : (1ul << bits) - 1;
        for (int i = 0; i < count; i++)
        {
            ulong lane = GetLane(actual, i, bits);
            ulong want = expected.Lanes[i] & mask;
            NanPattern pattern = i < expected.LanePatterns.Length ? expected.LanePatterns[i] : NanPattern.None;
            bool ok = !isFloat || pattern == NanPattern.None
                ? lane == want
                : bits == 32 ? MatchesF32((uint)lane, pattern, (uint)want) : MatchesF64(lane, pattern, want);
            if (!ok)
                return false;
        }
        return true;
    }

    /// <summary>Describes expected results for messages.</summary>
    public static string Describe(IReadOnlyList<WastExpected> expected)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < expected.Count; i++)
        {
            if (i > 0)
                sb.Append(' ');
            sb.Append(Describe(expected[i]));
        }
        return sb.ToString();
    }

    /// <summary>Describes actual results for messages.</summary>
    public static string Describe(IReadOnlyList<WastValue> actual)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < actual.Count; i++)
        {
            if (i > 0)
                sb.Append(' ');
            sb.Append(Describe(actual[i]));
        }
        return sb.ToString();
    }

    /// <summary>Describes one value, with lanes for vectors.</summary>
    public static string Describe(WastValue value) => value.Kind == WastValueKind.V128
        ? $"v128:i32x4 {LaneList(value.Vector, 4, 32)}"
        : value.ToString();

    /// <summary>Describes one expected result.</summary>
    public static string Describe(WastExpected expected) => expected switch
    {
        ExactExpected exact => Describe(exact.Value),
        NanExpected nan => $"{(nan.Type == WastValueKind.F32 ? "f32" : "f64")}:nan:{PatternName(nan.Pattern)}",
        V128Expected vec => $"v128:{vec.Shape} {ExpectedLanes(vec)}",
        AnyRefExpected any => any.Kind == WastValueKind.RefFunc ? "ref.func" : "ref.extern",
        EitherExpected either => $"(either {Describe(either.Alternatives)})",
        _ => expected.ToString() ?? "?",
    };

    private static string PatternName(NanPattern p) => p == NanPattern.Canonical ? "canonical" : "arithmetic";

    private static string LaneList(V128 v, int count, int bits)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
                sb.Append(' ');
            sb.Append("0x").Append(GetLane(v, i, bits).ToString("x", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static string ExpectedLanes(V128Expected vec)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < vec.Lanes.Length; i++)
        {
            if (i > 0)
                sb.Append(' ');
            NanPattern p = i < vec.LanePatterns.Length ? vec.LanePatterns[i] : NanPattern.None;
            if (p == NanPattern.None)
                sb.Append("0x").Append(vec.Lanes[i].ToString("x", CultureInfo.InvariantCulture));
            else
                sb.Append("nan:").Append(PatternName(p));
        }
        return sb.ToString();
    }
}
