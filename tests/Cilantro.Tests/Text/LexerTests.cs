using Cilantro.Text;
using Xunit;

namespace Cilantro.Tests.Text;

public class LexerTests
{
    private static List<Token> Lex(string s) => new Lexer(s).Tokenize();

    [Fact]
    public void ClassifiesTokens()
    {
        var lx = new Lexer("(module $m i32.add 0x10 -1.5 \"s\" inf nan:0x1 _x)");
        var ts = lx.Tokenize();
        Assert.Equal(
            [TokenKind.LParen, TokenKind.Keyword, TokenKind.Id, TokenKind.Keyword, TokenKind.Number, TokenKind.Number,
             TokenKind.String, TokenKind.Keyword, TokenKind.Keyword, TokenKind.Reserved, TokenKind.RParen, TokenKind.Eof],
            ts.Select(t => t.Kind));
        Assert.Equal("$m", lx.Text(ts[2]));
        Assert.Equal("nan:0x1", lx.Text(ts[8]));
    }

    [Fact]
    public void SkipsLineAndNestedBlockComments()
    {
        var ts = Lex("a ;; comment (\n(; outer (; inner ;) still ;) b");
        Assert.Equal(3, ts.Count);
        Assert.Equal(2, ts[1].Line);
        Assert.Equal(31, ts[1].Column);
    }

    [Fact]
    public void TracksLinesAndColumns()
    {
        var ts = Lex("(func\n  (nop)\n\t  x)");
        var x = ts[^3];
        Assert.Equal(3, x.Line);
        Assert.Equal(4, x.Column);
    }

    [Theory]
    [InlineData("\"a\\nb\"", new byte[] { 0x61, 0x0A, 0x62 })]
    [InlineData("\"\\t\\r\\\\\\'\\\"\"", new byte[] { 0x09, 0x0D, 0x5C, 0x27, 0x22 })]
    [InlineData("\"\\00\\ff\\7F\"", new byte[] { 0x00, 0xFF, 0x7F })]
    [InlineData("\"\\u{41}\\u{e9}\\u{1F600}\"", new byte[] { 0x41, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80 })]
    [InlineData("\"é\"", new byte[] { 0xC3, 0xA9 })]
    public void DecodesStringEscapes(string src, byte[] expected)
    {
        var lx = new Lexer(src);
        var t = lx.Next();
        Assert.Equal(TokenKind.String, t.Kind);
        Assert.Equal(expected, lx.StringBytes(t));
    }

    [Theory]
    [InlineData("\"abc", "unclosed string")]
    [InlineData("\"a\\qb\"", "illegal escape")]
    [InlineData("\"a\\u{}\"", "illegal escape")]
    [InlineData("(; never closed", "unclosed comment")]
    [InlineData("x\"s\"", "unknown operator")]
    [InlineData("\"s\"x", "unknown operator")]
    public void RejectsBadTokens(string src, string message)
    {
        var ex = Assert.Throws<TextSyntaxException>(() => new Lexer(src).Tokenize());
        Assert.StartsWith(message, ex.SpecMessage);
    }

    [Fact]
    public void RejectsSurrogateEscape()
    {
        var lx = new Lexer("\"\\u{d800}\"");
        var t = lx.Next();
        var ex = Assert.Throws<TextSyntaxException>(() => lx.StringBytes(t));
        Assert.Equal("malformed UTF-8 encoding", ex.SpecMessage);
    }

    [Fact]
    public void InvalidUtf8NameIsMalformed()
    {
        var ex = Assert.Throws<TextSyntaxException>(() => Wat.ToBinary("(func (export \"\\ff\"))"));
        Assert.Equal("malformed UTF-8 encoding", ex.SpecMessage);
        Assert.Equal(1, ex.Line);
        Assert.Equal(15, ex.Column);
    }

    [Fact]
    public void LineCommentsEndAtAnyNewline()
    {
        Assert.Equal(3, Lex("a ;; c\rb").Count);
        Assert.Equal(3, Lex("a ;; c\r\nb").Count);
        var ts = Lex("a\r\n  b");
        Assert.Equal((2, 3), (ts[1].Line, ts[1].Column));
    }
}
