using System.Text;

namespace Cilantro.Text;

/// <summary>The WebAssembly text format (WAT): encodes text modules to the binary format.</summary>
public static class Wat
{
    /// <summary>
    /// Parses a text module — either <c>(module ...)</c> or a bare sequence of module fields — and encodes it
    /// to the binary format. Only text-level problems are errors: a module that does not validate is still encoded.
    /// </summary>
    /// <param name="text">The module's text.</param>
    /// <param name="features">Enabled proposals (Wasm 2.0 by default).</param>
    /// <returns>The binary module.</returns>
    /// <exception cref="TextSyntaxException">The text is not a well-formed module.</exception>
    public static byte[] ToBinary(string text, WasmFeatures? features = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new TextSyntaxException("nesting too deep", 1, 1);
        var lx = new Lexer(text);
        var nodes = SExprReader.ReadAll(lx, out var pending);
        if (pending is not null)
        {
            // Report an error in the complete leading nodes first, as an incremental parser would.
            if (nodes.Count > 0 && nodes[0].IsList && nodes[0].List.Count > 0 && !nodes[0].List[0].IsList &&
                lx.Span(nodes[0].List[0].Tok).SequenceEqual("module"))
                throw pending;
            new WatParser(lx, nodes, null, features).Encode();
            throw pending;
        }
        if (nodes.Count == 1 && nodes[0].IsList && nodes[0].List.Count > 0 && !nodes[0].List[0].IsList &&
            nodes[0].List[0].Tok.Kind == TokenKind.Keyword && lx.Span(nodes[0].List[0].Tok).SequenceEqual("module"))
        {
            return EncodeModule(lx, nodes[0], features, out _, out _);
        }
        foreach (var n in nodes)
        {
            if (!n.IsList) throw lx.Error("unexpected token", n.Tok.Line, n.Tok.Column);
        }
        return new WatParser(lx, nodes, null, features).Encode();
    }

    /// <summary>
    /// Encodes a <c>(module $id? ...)</c> node: text, <c>binary "..."</c> or <c>quote "..."</c>.
    /// For quote modules nothing is encoded: <paramref name="quote"/> receives the text and null is returned.
    /// </summary>
    internal static byte[] EncodeModule(Lexer lx, SNode module, WasmFeatures? features, out string? id, out string? quote, bool keepQuote = false)
    {
        var items = module.List;
        int i = 1;
        id = null;
        quote = null;
        if (i < items.Count && !items[i].IsList && items[i].Tok.Kind == TokenKind.Keyword && lx.Span(items[i].Tok) is "definition")
            i++;
        if (i < items.Count && !items[i].IsList && items[i].Tok.Kind == TokenKind.Id) id = lx.Text(items[i++].Tok);
        if (i < items.Count && !items[i].IsList && items[i].Tok.Kind == TokenKind.Keyword)
        {
            var kw = lx.Span(items[i].Tok);
            if (kw is "binary" or "quote")
            {
                bool isQuote = kw is "quote";
                var bytes = new List<byte>();
                for (int k = i + 1; k < items.Count; k++)
                {
                    var s = items[k];
                    if (s.IsList || s.Tok.Kind != TokenKind.String) throw lx.Error("unexpected token", s.Tok.Line, s.Tok.Column);
                    lx.AppendStringBytes(s.Tok, bytes);
                }
                if (!isQuote) return bytes.ToArray();
                quote = DecodeSource(bytes.ToArray());
                if (keepQuote) return [];
                return ToBinary(quote, features);
            }
        }
        return new WatParser(lx, items.GetRange(i, items.Count - i), id?[1..], features).Encode();
    }

    /// <summary>Decodes UTF-8 source bytes; invalid sequences become lone surrogates, which the lexer rejects.</summary>
    internal static string DecodeSource(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            var sb = new StringBuilder(bytes.Length);
            var span = bytes.AsSpan();
            while (span.Length > 0)
            {
                var st = Rune.DecodeFromUtf8(span, out var rune, out int consumed);
                if (st == System.Buffers.OperationStatus.Done)
                {
                    sb.Append(rune.ToString());
                }
                else
                {
                    sb.Append((char)(0xDC00 + span[0]));
                    consumed = 1;
                }
                span = span[consumed..];
            }
            return sb.ToString();
        }
    }
}
