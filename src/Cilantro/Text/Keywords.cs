using Cilantro.Instructions;

namespace Cilantro.Text;

/// <summary>The keywords the text format knows (to tell "unknown operator" from "unexpected token").</summary>
internal static class Keywords
{
    private static readonly HashSet<string> Structural = new(StringComparer.Ordinal)
    {
        "module", "type", "func", "param", "result", "local", "import", "export", "table", "memory", "global",
        "elem", "data", "start", "offset", "item", "declare", "mut", "then", "else", "end", "block", "loop", "if",
        "i32", "i64", "f32", "f64", "v128", "funcref", "externref", "extern", "ref", "null", "shared",
        "i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2", "inf", "nan", "binary", "quote", "definition", "instance",
        "register", "invoke", "get", "assert_return", "assert_trap", "assert_exhaustion", "assert_malformed",
        "assert_invalid", "assert_unlinkable", "assert_uninstantiable", "either", "ref.extern", "ref.host",
    };

    /// <summary>True when <paramref name="s"/> is a keyword of the format (structure, type, or instruction).</summary>
    public static bool IsKnown(string s)
    {
        if (Structural.Contains(s) || OpcodeInfo.ByName(s) is not null) return true;
        if (s.StartsWith("offset=", StringComparison.Ordinal)) return TextNumbers.ParseUnsigned(s.AsSpan(7), ulong.MaxValue, out _) != NumResult.Syntax;
        if (s.StartsWith("align=", StringComparison.Ordinal)) return TextNumbers.ParseUnsigned(s.AsSpan(6), ulong.MaxValue, out _) != NumResult.Syntax;
        if (s is "nan:canonical" or "nan:arithmetic") return true;
        if (s.StartsWith("nan:", StringComparison.Ordinal)) return TextNumbers.ParseF64(s, out _) != NumResult.Syntax;
        return false;
    }
}
