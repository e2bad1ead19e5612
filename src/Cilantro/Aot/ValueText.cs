using System.Globalization;
using Cilantro.Model;

namespace Cilantro.Aot;

/// <summary>
/// Values as command-line text, the way <c>wasmtime run --invoke</c> reads arguments and prints results.
/// Used by <c>cilantro run --invoke</c> and by native executables built with <c>cilantro compile --native --invoke</c>.
/// </summary>
internal static class ValueText
{
    /// <summary>Whether values of <paramref name="type"/> can be given as text (numbers only).</summary>
    public static bool CanParse(ValType type) => type.Kind is ValKind.I32 or ValKind.I64 or ValKind.F32 or ValKind.F64;

    /// <summary>Parses <paramref name="text"/> as a value of a numeric type; false when it is not one.</summary>
    public static bool TryParse(string text, ValType type, out Value value)
    {
        string s = text.Trim();
        value = default;
        switch (type.Kind)
        {
            case ValKind.I32:
                if (!TryParseInteger(s, out var i32, uint.MaxValue, int.MinValue)) return false;
                value = Value.I32(unchecked((int)(long)i32));
                return true;
            case ValKind.I64:
                if (!TryParseInteger(s, out var i64, ulong.MaxValue, long.MinValue)) return false;
                value = Value.I64(unchecked((long)i64));
                return true;
            case ValKind.F32:
                if (!TryParseFloat(s, out double f32, single: true)) return false;
                value = Value.F32((float)f32);
                return true;
            case ValKind.F64:
                if (!TryParseFloat(s, out double f64, single: false)) return false;
                value = Value.F64(f64);
                return true;
            default:
                return false;
        }
    }

    /// <summary>What a valid argument of <paramref name="type"/> looks like (for error messages).</summary>
    public static string Describe(ValType type) => type.Kind switch
    {
        ValKind.I32 => "an i32 (a decimal or 0x-hex integer from -2147483648 to 4294967295)",
        ValKind.I64 => "an i64 (a decimal or 0x-hex integer from -9223372036854775808 to 18446744073709551615)",
        ValKind.F32 => "an f32 (a decimal number, nan, inf or -inf)",
        _ => "an f64 (a decimal number, nan, inf or -inf)",
    };

    /// <summary>Parses a signed or unsigned integer (decimal, or hex with 0x) into the raw two's complement bits.</summary>
    private static bool TryParseInteger(string s, out Int128 value, ulong maxUnsigned, long minSigned)
    {
        value = 0;
        bool negative = s.StartsWith('-');
        string body = negative || s.StartsWith('+') ? s[1..] : s;
        body = body.Replace("_", "", StringComparison.Ordinal);
        if (body.Length == 0) return false;
        Int128 magnitude;
        if (body.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            string hex = body[2..];
            if (hex.Length == 0 || hex.Length > 32 || !UInt128.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h)) return false;
            if (h > ulong.MaxValue) return false;
            magnitude = (Int128)h;
        }
        else
        {
            foreach (char c in body) if (c is < '0' or > '9') return false;
            if (!Int128.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out magnitude)) return false;
        }
        Int128 v = negative ? -magnitude : magnitude;
        if (v < minSigned || v > maxUnsigned) return false;
        value = v;
        return true;
    }

    private static bool TryParseFloat(string s, out double value, bool single)
    {
        value = 0;
        string body = s.TrimStart('+', '-');
        bool negative = s.StartsWith('-');
        if (body.Length == 0 || s.Length - body.Length > 1) return false;
        switch (body.ToLowerInvariant())
        {
            case "nan": value = negative ? -double.NaN : double.NaN; return true;
            case "inf" or "infinity": value = negative ? double.NegativeInfinity : double.PositiveInfinity; return true;
        }
        foreach (char c in body)
            if (!(char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-')) return false;
        if (single)
        {
            if (!float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out float f)) return false;
            value = f;
            return true;
        }
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// Formats a result as <c>wasmtime run --invoke</c> does: integers as signed decimals, floats as the shortest
    /// decimal that round-trips, written out without an exponent (Rust's <c>Display</c>: <c>1</c>, <c>0.1</c>,
    /// <c>100000000000000000000</c>, <c>-0</c>, <c>NaN</c>, <c>inf</c>, <c>-inf</c>).
    /// </summary>
    public static string Format(Value v) => v.Type.Kind switch
    {
        ValKind.I32 => v.AsInt32().ToString(CultureInfo.InvariantCulture),
        ValKind.I64 => v.AsInt64().ToString(CultureInfo.InvariantCulture),
        ValKind.F32 => FormatFloat(v.AsSingle().ToString("R", CultureInfo.InvariantCulture), float.IsNaN(v.AsSingle()), float.IsInfinity(v.AsSingle()), float.IsNegative(v.AsSingle())),
        ValKind.F64 => FormatFloat(v.AsDouble().ToString("R", CultureInfo.InvariantCulture), double.IsNaN(v.AsDouble()), double.IsInfinity(v.AsDouble()), double.IsNegative(v.AsDouble())),
        ValKind.V128 => v.Vector.ToString() ?? "",
        _ => v.Ref is null ? "<null ref>" : "<ref>",
    };

    private static string FormatFloat(string roundTrip, bool nan, bool infinity, bool negative)
    {
        if (nan) return "NaN";
        if (infinity) return negative ? "-inf" : "inf";
        string s = roundTrip;
        string sign = "";
        if (s.StartsWith('-')) { sign = "-"; s = s[1..]; }
        int e = s.IndexOfAny(['E', 'e']);
        if (e < 0) return sign + s;
        int exponent = int.Parse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string mantissa = s[..e];
        int dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        string digits = dot < 0 ? mantissa : mantissa[..dot] + mantissa[(dot + 1)..];
        int pointAt = (dot < 0 ? mantissa.Length : dot) + exponent; // digits before the decimal point
        string result;
        if (pointAt <= 0) result = "0." + new string('0', -pointAt) + digits;
        else if (pointAt >= digits.Length) result = digits + new string('0', pointAt - digits.Length);
        else result = digits[..pointAt] + "." + digits[pointAt..];
        return sign + result;
    }
}
