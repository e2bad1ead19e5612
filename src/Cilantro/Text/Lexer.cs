using System.Text;

namespace Cilantro.Text;

/// <summary>The kind of a text-format token.</summary>
internal enum TokenKind : byte
{
    /// <summary>End of input.</summary>
    Eof,
    /// <summary><c>(</c>.</summary>
    LParen,
    /// <summary><c>)</c>.</summary>
    RParen,
    /// <summary>A run of identifier characters starting with a letter (keywords, <c>offset=4</c>, <c>nan:0x1</c>, <c>inf</c>).</summary>
    Keyword,
    /// <summary>A run of identifier characters starting with <c>$</c>.</summary>
    Id,
    /// <summary>A run of identifier characters starting with a digit or sign (numbers, possibly malformed).</summary>
    Number,
    /// <summary>Any other run of identifier characters.</summary>
    Reserved,
    /// <summary>A string literal.</summary>
    String,
}

/// <summary>One token: its kind and where it is in the source.</summary>
internal readonly record struct Token(TokenKind Kind, int Start, int End, int Line, int Column);

/// <summary>
/// The WebAssembly text-format lexer: keywords, identifiers, numbers (classified, parsed later by
/// <see cref="TextNumbers"/>), strings with every escape, line and nested block comments, with line:column positions.
/// </summary>
internal sealed class Lexer
{
    private readonly string _src;
    private readonly string? _fileName;
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    /// <summary>Creates a lexer over <paramref name="source"/>.</summary>
    public Lexer(string source, string? fileName = null)
    {
        _src = source;
        _fileName = fileName;
    }

    /// <summary>The source text.</summary>
    public string Source => _src;

    /// <summary>The file name used in messages, if any.</summary>
    public string? FileName => _fileName;

    /// <summary>Characters allowed in keywords, identifiers and numbers.</summary>
    public static bool IsIdChar(char c) => c switch
    {
        >= '0' and <= '9' or >= 'a' and <= 'z' or >= 'A' and <= 'Z' => true,
        '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '/' or ':' or '<' or '=' or '>' or '?' or '@' or '\\' or '^' or '_' or '`' or '|' or '~' => true,
        _ => false,
    };

    /// <summary>Creates a syntax error at a position.</summary>
    public TextSyntaxException Error(string message, int line, int column) => new(message, line, column, _fileName);

    private TextSyntaxException ErrorHere(string message) => Error(message, _line, _pos - _lineStart + 1);

    /// <summary>Reads the whole input into a token list (ending with <see cref="TokenKind.Eof"/>).</summary>
    public List<Token> Tokenize()
    {
        var list = new List<Token>();
        while (true)
        {
            var t = Next();
            list.Add(t);
            if (t.Kind == TokenKind.Eof) return list;
        }
    }

    /// <summary>Reads the next token.</summary>
    public Token Next()
    {
        SkipTrivia();
        int start = _pos, line = _line, col = _pos - _lineStart + 1;
        if (_pos >= _src.Length) return new Token(TokenKind.Eof, start, start, line, col);
        char c = _src[_pos];
        switch (c)
        {
            case '(':
                _pos++;
                return new Token(TokenKind.LParen, start, _pos, line, col);
            case ')':
                _pos++;
                return new Token(TokenKind.RParen, start, _pos, line, col);
            case '"':
                ScanString();
                CheckSeparator();
                return new Token(TokenKind.String, start, _pos, line, col);
        }
        if (!IsIdChar(c))
            throw ErrorHere(char.IsSurrogate(c) ? "malformed UTF-8 encoding" : "unexpected character");
        while (_pos < _src.Length && IsIdChar(_src[_pos])) _pos++;
        CheckSeparator();
        TokenKind kind = c switch
        {
            '$' => _pos - start > 1 ? TokenKind.Id : TokenKind.Reserved,
            >= 'a' and <= 'z' => TokenKind.Keyword,
            >= '0' and <= '9' or '+' or '-' => TokenKind.Number,
            _ => TokenKind.Reserved,
        };
        return new Token(kind, start, _pos, line, col);
    }

    // A token must be followed by white space, a parenthesis, a comment or the end.
    private void CheckSeparator()
    {
        if (_pos >= _src.Length) return;
        char c = _src[_pos];
        if (c is ' ' or '\t' or '\n' or '\r' or '(' or ')' or ';') return;
        throw ErrorHere("unknown operator");
    }

    private void SkipTrivia()
    {
        while (_pos < _src.Length)
        {
            char c = _src[_pos];
            if (c == '\n')
            {
                _pos++;
                _line++;
                _lineStart = _pos;
            }
            else if (c is ' ' or '\t' or '\r')
            {
                _pos++;
            }
            else if (c == ';' && _pos + 1 < _src.Length && _src[_pos + 1] == ';')
            {
                // A line comment ends at a newline or a carriage return (the spec's "newline" includes a lone CR).
                while (_pos < _src.Length && _src[_pos] is not ('\n' or '\r')) _pos++;
            }
            else if (c == '(' && _pos + 1 < _src.Length && _src[_pos + 1] == ';')
            {
                SkipBlockComment();
            }
            else if (c == ';')
            {
                throw ErrorHere("unexpected character");
            }
            else
            {
                return;
            }
        }
    }

    private void SkipBlockComment()
    {
        int line = _line, col = _pos - _lineStart + 1;
        int depth = 0;
        while (_pos < _src.Length)
        {
            char c = _src[_pos];
            if (c == '(' && _pos + 1 < _src.Length && _src[_pos + 1] == ';')
            {
                depth++;
                _pos += 2;
            }
            else if (c == ';' && _pos + 1 < _src.Length && _src[_pos + 1] == ')')
            {
                depth--;
                _pos += 2;
                if (depth == 0) return;
            }
            else
            {
                if (c == '\n')
                {
                    _line++;
                    _lineStart = _pos + 1;
                }
                _pos++;
            }
        }
        throw Error("unclosed comment", line, col);
    }

    private void ScanString()
    {
        int line = _line, col = _pos - _lineStart + 1;
        _pos++;
        while (true)
        {
            if (_pos >= _src.Length) throw Error("unclosed string", line, col);
            char c = _src[_pos];
            if (c == '"')
            {
                _pos++;
                return;
            }
            if (c == '\n' || c < 0x20 || c == 0x7F) throw ErrorHere("illegal control character");
            if (c == '\\')
            {
                _pos++;
                if (_pos >= _src.Length) throw Error("unclosed string", line, col);
                char e = _src[_pos];
                switch (e)
                {
                    case 'n' or 't' or 'r' or '\\' or '\'' or '"':
                        _pos++;
                        break;
                    case 'u':
                        _pos++;
                        if (_pos >= _src.Length || _src[_pos] != '{') throw ErrorHere("illegal escape");
                        _pos++;
                        int digits = 0;
                        while (_pos < _src.Length && (IsHex(_src[_pos]) || (_src[_pos] == '_' && digits > 0)))
                        {
                            _pos++;
                            digits++;
                        }
                        if (digits == 0 || _pos >= _src.Length || _src[_pos] != '}') throw ErrorHere("illegal escape");
                        _pos++;
                        break;
                    default:
                        if (_pos + 1 < _src.Length && IsHex(e) && IsHex(_src[_pos + 1]))
                        {
                            _pos += 2;
                            break;
                        }
                        throw ErrorHere("illegal escape");
                }
            }
            else
            {
                _pos++;
            }
        }
    }

    internal static bool IsHex(char c) => c is >= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F';

    internal static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => c - 'A' + 10,
    };

    /// <summary>The text of a token.</summary>
    public string Text(in Token t) => _src.Substring(t.Start, t.End - t.Start);

    /// <summary>The text of a token as a span.</summary>
    public ReadOnlySpan<char> Span(in Token t) => _src.AsSpan(t.Start, t.End - t.Start);

    /// <summary>Decodes a (lexically valid) string token to its bytes.</summary>
    public byte[] StringBytes(in Token t)
    {
        var bytes = new List<byte>(t.End - t.Start);
        AppendStringBytes(t, bytes);
        return bytes.ToArray();
    }

    /// <summary>Decodes a string token, appending its bytes.</summary>
    public void AppendStringBytes(in Token t, List<byte> bytes)
    {
        Span<byte> utf8 = stackalloc byte[4];
        int i = t.Start + 1, end = t.End - 1;
        while (i < end)
        {
            char c = _src[i];
            if (c != '\\')
            {
                if (c < 0x80)
                {
                    bytes.Add((byte)c);
                    i++;
                }
                else
                {
                    int n;
                    if (char.IsHighSurrogate(c) && i + 1 < end && char.IsLowSurrogate(_src[i + 1]))
                    {
                        n = Encoding.UTF8.GetBytes(_src.AsSpan(i, 2), utf8);
                        i += 2;
                    }
                    else if (char.IsSurrogate(c))
                    {
                        throw Error("malformed UTF-8 encoding", t.Line, t.Column);
                    }
                    else
                    {
                        n = Encoding.UTF8.GetBytes(_src.AsSpan(i, 1), utf8);
                        i++;
                    }
                    for (int k = 0; k < n; k++) bytes.Add(utf8[k]);
                }
                continue;
            }
            char e = _src[i + 1];
            switch (e)
            {
                case 'n': bytes.Add(0x0A); i += 2; break;
                case 't': bytes.Add(0x09); i += 2; break;
                case 'r': bytes.Add(0x0D); i += 2; break;
                case '\\': bytes.Add(0x5C); i += 2; break;
                case '\'': bytes.Add(0x27); i += 2; break;
                case '"': bytes.Add(0x22); i += 2; break;
                case 'u':
                {
                    i += 3;
                    long v = 0;
                    while (_src[i] != '}')
                    {
                        if (_src[i] != '_') v = Math.Min(v * 16 + HexValue(_src[i]), 0x7FFFFFFF);
                        i++;
                    }
                    i++;
                    if (v >= 0x110000 || (v >= 0xD800 && v < 0xE000))
                        throw Error("malformed UTF-8 encoding", t.Line, t.Column);
                    var s = char.ConvertFromUtf32((int)v);
                    int n = Encoding.UTF8.GetBytes(s, utf8);
                    for (int k = 0; k < n; k++) bytes.Add(utf8[k]);
                    break;
                }
                default:
                    bytes.Add((byte)(HexValue(e) * 16 + HexValue(_src[i + 2])));
                    i += 3;
                    break;
            }
        }
    }

    /// <summary>Decodes a string token that must be valid UTF-8 (a name).</summary>
    public string StringName(in Token t)
    {
        var b = StringBytes(t);
        try
        {
            return new UTF8Encoding(false, true).GetString(b);
        }
        catch (DecoderFallbackException)
        {
            throw Error("malformed UTF-8 encoding", t.Line, t.Column);
        }
    }
}
