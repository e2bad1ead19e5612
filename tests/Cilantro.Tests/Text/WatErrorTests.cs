using Cilantro.Text;
using Xunit;

namespace Cilantro.Tests.Text;

public class WatErrorTests
{
    private static TextSyntaxException Fails(string wat) => Assert.Throws<TextSyntaxException>(() => Wat.ToBinary(wat));

    [Theory]
    [InlineData("(func (i32.foo))", "unknown operator", 1, 8)]
    [InlineData("(func\n  (br $nope))", "unknown label", 2, 7)]
    [InlineData("(func (call $nope))", "unknown function", 1, 13)]
    [InlineData("(func (local.get $nope))", "unknown local", 1, 18)]
    [InlineData("(func (type $nope))", "unknown type", 1, 13)]
    [InlineData("(func $f) (func $f)", "duplicate func", 1, 11)]
    [InlineData("(func (param $x i32) (local $x i32))", "duplicate local", 1, 29)]
    [InlineData("(global $g i32 (i32.const 0)) (global $g i32 (i32.const 0))", "duplicate global", 1, 31)]
    [InlineData("(memory $m 1) (memory $m 1)", "duplicate memory", 1, 15)]
    [InlineData("(table $t 1 funcref) (table $t 1 funcref)", "duplicate table", 1, 22)]
    [InlineData("(func block $a end $b)", "mismatching label", 1, 20)]
    [InlineData("(func block end $b)", "mismatching label", 1, 17)]
    [InlineData("(type $t (func (param i32))) (func (type $t) (param i64))", "inline function type", 1, 36)]
    [InlineData("(memory 1) (func (drop (i32.load align=3 (i32.const 0))))", "alignment", 1, 34)]
    [InlineData("(memory 1) (func (drop (i32.load offset=4294967296 (i32.const 0))))", "i32 constant", 1, 34)]
    [InlineData("(memory 0x1_0000_0000)", "i32 constant out of range", 1, 9)]
    [InlineData("(func (drop (i32.const 4294967296)))", "constant out of range", 1, 24)]
    [InlineData("(func (drop (f32.const 1e39)))", "constant out of range", 1, 24)]
    [InlineData("(func (drop (i32.const 0x)))", "unknown operator", 1, 24)]
    [InlineData("(func (drop (i8x16.shuffle 0 1 2 (v128.const i64x2 0 0) (v128.const i64x2 0 0))))", "invalid lane length", 1, 14)]
    [InlineData("(func (drop (v128.const i32x4 0 0 0)))", "wrong number of lane literals", 1, 25)]
    [InlineData("(func (drop (i8x16.extract_lane_s 256 (v128.const i64x2 0 0))))", "malformed lane index", 1, 35)]
    [InlineData("(func (drop (i32.const 0))", "unexpected end of input", 1, 27)]
    [InlineData("(func) (import \"m\" \"f\" (func))", "import after function", 1, 8)]
    [InlineData("(memory 0) (func (import \"m\" \"f\"))", "import after memory", 1, 12)]
    [InlineData("(func) (start 0) (start 0)", "multiple start sections", 1, 18)]
    [InlineData("(func (export \"\\80\"))", "malformed UTF-8 encoding", 1, 15)]
    [InlineData("(func (type 0) (param i32) (result i32) (param i32))", "unexpected token", 1, 41)]
    [InlineData("(func get_local 0)", "unknown operator", 1, 7)]
    [InlineData("(table 0 anyfunc)", "unknown operator", 1, 10)]
    [InlineData("(func nop))", "unexpected token", 1, 11)]
    public void ReportsSpecMessageAndPosition(string wat, string message, int line, int column)
    {
        var ex = Fails(wat);
        Assert.StartsWith(message, ex.SpecMessage);
        Assert.Equal((line, column), (ex.Line, ex.Column));
        Assert.Contains($"{line}:{column}", ex.Message);
    }

    [Fact]
    public void ErrorsInEarlierFieldsComeBeforeUnbalancedParentheses()
    {
        // The first field is complete and wrong; the stray parenthesis comes later.
        var ex = Fails("(func (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15.0)))");
        Assert.Equal("malformed lane index", ex.SpecMessage);
    }

    [Fact]
    public void GarbageNeverEscapesAsOtherExceptions()
    {
        var rng = new Random(42);
        string[] pieces = ["(", ")", "module", "func", "$x", "0", "-1", "0x", "i32.const", "block", "end", "else", "if", "then",
            "(param", "(result", "(type", "\"s\"", "local.get", "br_table", "v128.const", "i8x16", "f32x4", "nan:0x1", "inf",
            "i8x16.shuffle", "memory", "(data", "(elem", "table", "offset=1", "align=3", "call_indirect", "select", ";;c\n", "(;", ";)"];
        for (int k = 0; k < 3000; k++)
        {
            var sb = new System.Text.StringBuilder();
            int n = rng.Next(1, 25);
            for (int j = 0; j < n; j++) sb.Append(pieces[rng.Next(pieces.Length)]).Append(' ');
            try
            {
                Wat.ToBinary(sb.ToString());
            }
            catch (TextSyntaxException)
            {
            }
        }
    }

    [Fact]
    public void DeepNestingIsAnErrorNotACrash()
    {
        const int depth = 200_000;
        var folded = "(func " + string.Concat(Enumerable.Repeat("(block ", depth)) + new string(')', depth) + ")";
        Assert.Equal("nesting too deep", Fails(folded).SpecMessage);
        var flat = "(func " + string.Concat(Enumerable.Repeat("block ", depth)) + string.Concat(Enumerable.Repeat("end ", depth)) + ")";
        Assert.Equal("nesting too deep", Fails(flat).SpecMessage);
        var quote = string.Concat(Enumerable.Repeat("(module quote \"", 1)) + "(func)\")";
        Assert.NotEmpty(Wat.ToBinary(quote));
    }

    [Fact]
    public void ModerateNestingWorks()
    {
        const int depth = 1000;
        var folded = "(func " + string.Concat(Enumerable.Repeat("(block ", depth)) + new string(')', depth) + ")";
        Assert.NotEmpty(Wat.ToBinary(folded));
    }
}
