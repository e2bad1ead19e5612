using Cilantro.Model;
using Cilantro.Spec;

namespace Cilantro.Text;

/// <summary>Parses WAST spec scripts into <see cref="WastScript"/>s; text modules are encoded on the way.</summary>
public static class WastParser
{
    /// <summary>Parses a script.</summary>
    /// <param name="text">The script's text.</param>
    /// <param name="fileName">Name used in messages.</param>
    /// <param name="features">Enabled proposals for encoding text modules (Wasm 2.0 by default).</param>
    /// <returns>The commands.</returns>
    /// <exception cref="TextSyntaxException">The script itself is malformed.</exception>
    public static WastScript Parse(string text, string fileName, WasmFeatures? features = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lx = new Lexer(text, fileName);
        var nodes = SExprReader.ReadAll(lx);
        var p = new Impl(lx, features);
        var commands = new List<WastCommand>(nodes.Count);
        // A script consisting only of module fields is a single module.
        if (nodes.Count > 0 && nodes[0].IsList && p.IsModuleField(nodes[0]))
        {
            var bin = new WatParser(lx, nodes, null, features).Encode();
            commands.Add(new ModuleCommand(new WastModule { Kind = WastModuleKind.Text, Binary = bin, Position = Pos(nodes[0]) }) { Position = Pos(nodes[0]) });
            return new WastScript(fileName, commands);
        }
        foreach (var n in nodes) commands.Add(p.Command(n));
        return new WastScript(fileName, commands);
    }

    private static WastPosition Pos(SNode n) => new(n.Tok.Line, n.Tok.Column);

    private sealed class Impl(Lexer lx, WasmFeatures? features)
    {
        private TextSyntaxException Error(SNode n, string message) => lx.Error(message, n.Tok.Line, n.Tok.Column);

        private string? Head(SNode n)
        {
            if (!n.IsList) return null;
            var l = n.List;
            return l.Count > 0 && !l[0].IsList && l[0].Tok.Kind == TokenKind.Keyword ? lx.Text(l[0].Tok) : null;
        }

        public bool IsModuleField(SNode n) => Head(n) is "type" or "import" or "func" or "table" or "memory" or "global" or "export" or "start" or "elem" or "data";

        private static bool IsAtom(List<SNode> items, int i, TokenKind kind) =>
            i < items.Count && !items[i].IsList && items[i].Tok.Kind == kind;

        private string MessageString(List<SNode> items, int i, SNode cmd)
        {
            if (!IsAtom(items, i, TokenKind.String)) throw Error(i < items.Count ? items[i] : cmd, "unexpected token");
            if (i + 1 < items.Count) throw Error(items[i + 1], "unexpected token");
            return System.Text.Encoding.UTF8.GetString(lx.StringBytes(items[i].Tok));
        }

        public WastCommand Command(SNode n)
        {
            var head = Head(n) ?? throw Error(n, "unexpected token");
            var items = n.List;
            var pos = Pos(n);
            switch (head)
            {
                case "module":
                    return new ModuleCommand(Module(n, false)) { Position = pos };
                case "register":
                {
                    if (!IsAtom(items, 1, TokenKind.String)) throw Error(n, "unexpected token");
                    var name = lx.StringName(items[1].Tok);
                    string? id = null;
                    if (IsAtom(items, 2, TokenKind.Id)) id = lx.Text(items[2].Tok);
                    if (items.Count > (id is null ? 2 : 3)) throw Error(items[^1], "unexpected token");
                    return new RegisterCommand(name, id) { Position = pos };
                }
                case "invoke" or "get":
                    return new ActionCommand(Action(n)) { Position = pos };
                case "assert_return":
                {
                    if (items.Count < 2) throw Error(n, "unexpected token");
                    var action = Action(items[1]);
                    var expected = new List<WastExpected>();
                    for (int i = 2; i < items.Count; i++) expected.Add(Expected(items[i]));
                    return new AssertReturnCommand(action, expected) { Position = pos };
                }
                case "assert_trap":
                {
                    if (items.Count < 3) throw Error(n, "unexpected token");
                    var msg = MessageString(items, 2, n);
                    if (Head(items[1]) == "module") return new AssertTrapCommand(null, Module(items[1], false), msg) { Position = pos };
                    return new AssertTrapCommand(Action(items[1]), null, msg) { Position = pos };
                }
                case "assert_exhaustion":
                {
                    if (items.Count < 3) throw Error(n, "unexpected token");
                    return new AssertExhaustionCommand(Action(items[1]), MessageString(items, 2, n)) { Position = pos };
                }
                case "assert_malformed" or "assert_invalid" or "assert_unlinkable" or "assert_uninstantiable":
                {
                    if (items.Count < 3) throw Error(n, "unexpected token");
                    var kind = head switch
                    {
                        "assert_malformed" => WastModuleAssertion.Malformed,
                        "assert_invalid" => WastModuleAssertion.Invalid,
                        "assert_unlinkable" => WastModuleAssertion.Unlinkable,
                        _ => WastModuleAssertion.Uninstantiable,
                    };
                    if (Head(items[1]) != "module") throw Error(items[1], "unexpected token");
                    var msg = MessageString(items, 2, n);
                    bool lenient = kind is WastModuleAssertion.Malformed or WastModuleAssertion.Invalid;
                    return new AssertModuleCommand(kind, Module(items[1], lenient), msg) { Position = pos };
                }
                default:
                    throw Error(items[0], "unknown operator " + head);
            }
        }

        /// <summary>A script module. With <paramref name="lenient"/>, a text module that cannot be encoded becomes a quote module.</summary>
        private WastModule Module(SNode n, bool lenient)
        {
            var pos = Pos(n);
            var items = n.List;
            int i = 1;
            if (i < items.Count && !items[i].IsList && items[i].Tok.Kind == TokenKind.Keyword && lx.Span(items[i].Tok) is "definition") i++;
            string? id = IsAtom(items, i, TokenKind.Id) ? lx.Text(items[i++].Tok) : null;
            bool isBinary = i < items.Count && !items[i].IsList && items[i].Tok.Kind == TokenKind.Keyword && lx.Span(items[i].Tok) is "binary";
            bool isQuote = i < items.Count && !items[i].IsList && items[i].Tok.Kind == TokenKind.Keyword && lx.Span(items[i].Tok) is "quote";
            if (isQuote)
            {
                Wat.EncodeModule(lx, n, features, out _, out var quote, keepQuote: true);
                return new WastModule { Id = id, Kind = WastModuleKind.Quote, Quote = quote, Position = pos };
            }
            if (isBinary)
            {
                var bytes = Wat.EncodeModule(lx, n, features, out _, out _);
                return new WastModule { Id = id, Kind = WastModuleKind.Binary, Binary = bytes, Position = pos };
            }
            try
            {
                var bin = Wat.EncodeModule(lx, n, features, out _, out _);
                return new WastModule { Id = id, Kind = WastModuleKind.Text, Binary = bin, Position = pos };
            }
            catch (TextSyntaxException) when (lenient)
            {
                var source = lx.Source.Substring(n.Start, n.End - n.Start);
                return new WastModule { Id = id, Kind = WastModuleKind.Quote, Quote = source, Position = pos };
            }
        }

        private WastAction Action(SNode n)
        {
            var head = Head(n);
            if (head is not ("invoke" or "get")) throw Error(n, "unexpected token");
            var items = n.List;
            int i = 1;
            string? id = IsAtom(items, i, TokenKind.Id) ? lx.Text(items[i++].Tok) : null;
            if (!IsAtom(items, i, TokenKind.String)) throw Error(i < items.Count ? items[i] : n, "unexpected token");
            var name = lx.StringName(items[i++].Tok);
            var args = new List<WastValue>();
            if (head == "get")
            {
                if (i < items.Count) throw Error(items[i], "unexpected token");
                return new WastAction(WastActionKind.Get, id, name, args);
            }
            for (; i < items.Count; i++) args.Add(Value(items[i]));
            return new WastAction(WastActionKind.Invoke, id, name, args);
        }

        private SNode Arg(SNode n, int index)
        {
            var l = n.List;
            if (index >= l.Count) throw Error(n, "unexpected token");
            var a = l[index];
            if (a.IsList) throw Error(a, "unexpected token");
            return a;
        }

        private void NoMore(SNode n, int count)
        {
            if (n.List.Count > count) throw Error(n.List[count], "unexpected token");
        }

        private WastValue Value(SNode n)
        {
            var head = Head(n) ?? throw Error(n, "unexpected token");
            switch (head)
            {
                case "i32.const":
                    NoMore(n, 2);
                    return new WastValue(WastValueKind.I32, Int(Arg(n, 1), 32));
                case "i64.const":
                    NoMore(n, 2);
                    return new WastValue(WastValueKind.I64, Int(Arg(n, 1), 64));
                case "f32.const":
                {
                    NoMore(n, 2);
                    var a = Arg(n, 1);
                    if (TextNumbers.ParseF32(lx.Span(a.Tok), out var b) != NumResult.Ok) throw Error(a, "unexpected token");
                    return new WastValue(WastValueKind.F32, b);
                }
                case "f64.const":
                {
                    NoMore(n, 2);
                    var a = Arg(n, 1);
                    if (TextNumbers.ParseF64(lx.Span(a.Tok), out var b) != NumResult.Ok) throw Error(a, "unexpected token");
                    return new WastValue(WastValueKind.F64, b);
                }
                case "v128.const":
                {
                    var (lanes, patterns, shape) = V128(n);
                    foreach (var p in patterns)
                        if (p != NanPattern.None) throw Error(n, "unexpected token");
                    return new WastValue(WastValueKind.V128, Vector: Pack(shape, lanes));
                }
                case "ref.null":
                {
                    NoMore(n, 2);
                    var a = Arg(n, 1);
                    var t = lx.Span(a.Tok) switch
                    {
                        "func" => ValType.FuncRef,
                        "extern" => ValType.ExternRef,
                        _ => throw Error(a, "unexpected token"),
                    };
                    return new WastValue(WastValueKind.RefNull, RefType: t);
                }
                case "ref.extern" or "ref.host":
                {
                    NoMore(n, 2);
                    var a = Arg(n, 1);
                    if (TextNumbers.ParseUnsigned(lx.Span(a.Tok), ulong.MaxValue, out var v) != NumResult.Ok) throw Error(a, "unexpected token");
                    return new WastValue(WastValueKind.RefExtern, v);
                }
                default:
                    throw Error(n, "unexpected token");
            }
        }

        private WastExpected Expected(SNode n)
        {
            if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack()) throw Error(n, "nesting too deep");
            var head = Head(n) ?? throw Error(n, "unexpected token");
            switch (head)
            {
                case "f32.const" or "f64.const":
                {
                    var a = Arg(n, 1);
                    var s = lx.Span(a.Tok);
                    var kind = head == "f32.const" ? WastValueKind.F32 : WastValueKind.F64;
                    if (s is "nan:canonical") return new NanExpected(kind, NanPattern.Canonical);
                    if (s is "nan:arithmetic") return new NanExpected(kind, NanPattern.Arithmetic);
                    return new ExactExpected(Value(n));
                }
                case "v128.const":
                {
                    var (lanes, patterns, shape) = V128(n);
                    foreach (var p in patterns)
                        if (p != NanPattern.None) return new V128Expected(shape, lanes, patterns);
                    return new ExactExpected(new WastValue(WastValueKind.V128, Vector: Pack(shape, lanes)));
                }
                case "ref.func":
                    return new AnyRefExpected(WastValueKind.RefFunc);
                case "ref.extern" when n.List.Count == 1:
                    return new AnyRefExpected(WastValueKind.RefExtern);
                case "either":
                {
                    var alts = new List<WastExpected>();
                    for (int i = 1; i < n.List.Count; i++) alts.Add(Expected(n.List[i]));
                    return new EitherExpected(alts);
                }
                default:
                    return new ExactExpected(Value(n));
            }
        }

        private ulong Int(SNode a, int bits)
        {
            var r = TextNumbers.ParseInt(lx.Span(a.Tok), bits, out var v);
            if (r != NumResult.Ok) throw Error(a, r == NumResult.Range ? "constant out of range" : "unexpected token");
            if (bits == 32) v = (ulong)(long)(int)(uint)v;
            return bits == 32 ? (uint)v : v;
        }

        private (ulong[] Lanes, NanPattern[] Patterns, string Shape) V128(SNode n)
        {
            var shapeNode = Arg(n, 1);
            var shape = lx.Text(shapeNode.Tok);
            (int count, int bits, bool isFloat) = shape switch
            {
                "i8x16" => (16, 8, false),
                "i16x8" => (8, 16, false),
                "i32x4" => (4, 32, false),
                "i64x2" => (2, 64, false),
                "f32x4" => (4, 32, true),
                "f64x2" => (2, 64, true),
                _ => throw Error(shapeNode, "unexpected token"),
            };
            if (n.List.Count != 2 + count) throw Error(n, "wrong number of lane literals");
            var lanes = new ulong[count];
            var patterns = new NanPattern[count];
            for (int k = 0; k < count; k++)
            {
                var a = Arg(n, 2 + k);
                var s = lx.Span(a.Tok);
                if (isFloat && s is "nan:canonical") patterns[k] = NanPattern.Canonical;
                else if (isFloat && s is "nan:arithmetic") patterns[k] = NanPattern.Arithmetic;
                else if (isFloat)
                {
                    NumResult r;
                    if (bits == 32)
                    {
                        r = TextNumbers.ParseF32(s, out var f);
                        lanes[k] = f;
                    }
                    else
                    {
                        r = TextNumbers.ParseF64(s, out lanes[k]);
                    }
                    if (r != NumResult.Ok) throw Error(a, "unexpected token");
                }
                else
                {
                    if (TextNumbers.ParseInt(s, bits, out lanes[k]) != NumResult.Ok) throw Error(a, "constant out of range");
                }
            }
            return (lanes, patterns, shape);
        }

        private static V128 Pack(string shape, ulong[] lanes)
        {
            int bits = 128 / lanes.Length;
            UInt128 v = 0;
            for (int k = lanes.Length - 1; k >= 0; k--)
            {
                ulong mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
                v = (v << bits) | (lanes[k] & mask);
            }
            return new V128((ulong)v, (ulong)(v >> 64));
        }
    }
}
