namespace Cilantro.Text;

/// <summary>A node of the S-expression tree: an atom (one token) or a parenthesised list.</summary>
internal sealed class SNode
{
    /// <summary>The atom's token, or the opening parenthesis of a list.</summary>
    public Token Tok;
    /// <summary>The items of a list; null for atoms.</summary>
    public List<SNode>? Items;
    /// <summary>Source offset just past the node (past the closing parenthesis of a list).</summary>
    public int End;

    /// <summary>True for lists.</summary>
    public bool IsList => Items is not null;

    /// <summary>The list's items (throws for atoms; callers check <see cref="IsList"/>).</summary>
    public List<SNode> List => Items!;

    /// <summary>Source offset of the node's first character.</summary>
    public int Start => Tok.Start;
}

/// <summary>Builds S-expression trees from the token stream.</summary>
internal static class SExprReader
{
    /// <summary>Reads every top-level node of the source; throws on the first syntax error.</summary>
    public static List<SNode> ReadAll(Lexer lexer)
    {
        var r = ReadAll(lexer, out var error);
        if (error is not null) throw error;
        return r;
    }

    /// <summary>
    /// Reads top-level nodes up to the first syntax error, which is returned in <paramref name="error"/>
    /// (so that a caller can report errors in earlier, complete nodes first, as an incremental parser would).
    /// </summary>
    public static List<SNode> ReadAll(Lexer lexer, out TextSyntaxException? error)
    {
        var result = new List<SNode>();
        error = null;
        try
        {
            Read(lexer, result);
        }
        catch (TextSyntaxException e)
        {
            error = e;
        }
        return result;
    }

    private static void Read(Lexer lexer, List<SNode> result)
    {
        var stack = new List<SNode>();
        while (true)
        {
            var t = lexer.Next();
            switch (t.Kind)
            {
                case TokenKind.Eof:
                    if (stack.Count > 0) throw lexer.Error("unexpected end of input", t.Line, t.Column);
                    return;
                case TokenKind.LParen:
                    stack.Add(new SNode { Tok = t, Items = [] });
                    break;
                case TokenKind.RParen:
                {
                    if (stack.Count == 0) throw lexer.Error("unexpected token", t.Line, t.Column);
                    var n = stack[^1];
                    stack.RemoveAt(stack.Count - 1);
                    n.End = t.End;
                    (stack.Count > 0 ? stack[^1].List : result).Add(n);
                    break;
                }
                default:
                {
                    var n = new SNode { Tok = t, End = t.End };
                    (stack.Count > 0 ? stack[^1].List : result).Add(n);
                    break;
                }
            }
        }
    }
}
