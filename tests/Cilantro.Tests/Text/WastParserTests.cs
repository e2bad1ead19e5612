using Cilantro.Model;
using Cilantro.Spec;
using Cilantro.Text;
using Xunit;

namespace Cilantro.Tests.Text;

public class WastParserTests
{
    private const string Script = """
        (module $M (func (export "f") (param i32) (result i32) (local.get 0)))
        (register "m" $M)
        (module binary "\00asm" "\01\00\00\00")
        (module quote "(func" " $q)")
        (invoke "f" (i32.const -1))
        (get $M "g")
        (assert_return (invoke $M "f" (i32.const 7)) (i32.const 7))
        (assert_return (invoke "h" (i64.const -1) (f32.const 1.5) (f64.const -0x1p-1074))
          (f32.const nan:canonical) (f64.const nan:arithmetic) (f64.const -nan:0x1))
        (assert_return (invoke "v" (v128.const i16x8 1 2 3 4 5 6 7 -1))
          (v128.const f32x4 nan:canonical 1.0 nan:arithmetic -0))
        (assert_return (invoke "r" (ref.null func) (ref.extern 3)) (ref.null extern) (ref.extern 3) (ref.extern) (ref.func))
        (assert_return (invoke "e") (either (i32.const 1) (i32.const 2)))
        (assert_trap (invoke "f") "unreachable")
        (assert_trap (module (func $s unreachable) (start $s)) "unreachable")
        (assert_exhaustion (invoke "f") "call stack exhausted")
        (assert_malformed (module quote "(func (i32.foo))") "unknown operator")
        (assert_malformed (module (func (i32.foo))) "unknown operator")
        (assert_invalid (module (func (result i32))) "type mismatch")
        (assert_unlinkable (module (import "x" "y" (func))) "unknown import")
        (assert_uninstantiable (module (memory 0) (data (i32.const 1) "a")) "out of bounds memory access")
        """;

    [Fact]
    public void ParsesEveryCommandKind()
    {
        var s = WastParser.Parse(Script, "t.wast");
        Assert.Equal("t.wast", s.FileName);
        var c = s.Commands;
        Assert.Equal(19, c.Count);

        var m = Assert.IsType<ModuleCommand>(c[0]).Module;
        Assert.Equal("$M", m.Id);
        Assert.Equal(WastModuleKind.Text, m.Kind);
        Assert.NotNull(m.Binary);
        Assert.Equal(new WastPosition(1, 1), c[0].Position);

        var reg = Assert.IsType<RegisterCommand>(c[1]);
        Assert.Equal(("m", "$M"), (reg.Name, reg.ModuleId));

        var bin = Assert.IsType<ModuleCommand>(c[2]).Module;
        Assert.Equal(WastModuleKind.Binary, bin.Kind);
        Assert.Equal(8, bin.Binary!.Length);

        var q = Assert.IsType<ModuleCommand>(c[3]).Module;
        Assert.Equal(WastModuleKind.Quote, q.Kind);
        Assert.Equal("(func $q)", q.Quote);

        var inv = Assert.IsType<ActionCommand>(c[4]);
        Assert.Equal("invoke", inv.Kind);
        Assert.Equal(WastValue.I32(-1), inv.Action.Args[0]);

        var get = Assert.IsType<ActionCommand>(c[5]).Action;
        Assert.Equal((WastActionKind.Get, "$M", "g"), (get.ActionKind, get.ModuleId, get.Name));

        var r1 = Assert.IsType<AssertReturnCommand>(c[6]);
        Assert.Equal("$M", r1.Action.ModuleId);
        Assert.Equal(new ExactExpected(WastValue.I32(7)), r1.Expected[0]);
        Assert.Equal(new WastPosition(7, 1), r1.Position);

        var r2 = Assert.IsType<AssertReturnCommand>(c[7]);
        Assert.Equal([WastValue.I64(-1), WastValue.F32Bits(0x3fc00000), WastValue.F64Bits(0x8000000000000001)], r2.Action.Args);
        Assert.Equal(new NanExpected(WastValueKind.F32, NanPattern.Canonical), r2.Expected[0]);
        Assert.Equal(new NanExpected(WastValueKind.F64, NanPattern.Arithmetic), r2.Expected[1]);
        Assert.Equal(new ExactExpected(WastValue.F64Bits(0xfff0000000000001)), r2.Expected[2]);

        var r3 = Assert.IsType<AssertReturnCommand>(c[8]);
        Assert.Equal(new V128(0x0004000300020001, 0xffff000700060005), r3.Action.Args[0].Vector);
        var v = Assert.IsType<V128Expected>(r3.Expected[0]);
        Assert.Equal("f32x4", v.Shape);
        Assert.Equal([NanPattern.Canonical, NanPattern.None, NanPattern.Arithmetic, NanPattern.None], v.LanePatterns);
        Assert.Equal([0UL, 0x3f800000, 0, 0x80000000], v.Lanes);

        var r4 = Assert.IsType<AssertReturnCommand>(c[9]);
        Assert.Equal(new WastValue(WastValueKind.RefNull, RefType: ValType.FuncRef), r4.Action.Args[0]);
        Assert.Equal(new WastValue(WastValueKind.RefExtern, 3), r4.Action.Args[1]);
        Assert.Equal(new ExactExpected(new WastValue(WastValueKind.RefNull, RefType: ValType.ExternRef)), r4.Expected[0]);
        Assert.Equal(new ExactExpected(new WastValue(WastValueKind.RefExtern, 3)), r4.Expected[1]);
        Assert.Equal(new AnyRefExpected(WastValueKind.RefExtern), r4.Expected[2]);
        Assert.Equal(new AnyRefExpected(WastValueKind.RefFunc), r4.Expected[3]);

        var either = Assert.IsType<EitherExpected>(Assert.IsType<AssertReturnCommand>(c[10]).Expected[0]);
        Assert.Equal(2, either.Alternatives.Count);

        var t1 = Assert.IsType<AssertTrapCommand>(c[11]);
        Assert.NotNull(t1.Action);
        Assert.Equal("unreachable", t1.Message);
        var t2 = Assert.IsType<AssertTrapCommand>(c[12]);
        Assert.NotNull(t2.Module?.Binary);

        Assert.Equal("call stack exhausted", Assert.IsType<AssertExhaustionCommand>(c[13]).Message);

        var mal = Assert.IsType<AssertModuleCommand>(c[14]);
        Assert.Equal((WastModuleAssertion.Malformed, WastModuleKind.Quote, "assert_malformed"), (mal.Assertion, mal.Module.Kind, mal.Kind));

        // A text module that cannot be encoded is kept as quoted text, for the runner to re-parse and see the error.
        var mal2 = Assert.IsType<AssertModuleCommand>(c[15]);
        Assert.Equal(WastModuleKind.Quote, mal2.Module.Kind);
        Assert.Equal("(module (func (i32.foo)))", mal2.Module.Quote);
        var ex = Assert.Throws<TextSyntaxException>(() => Wat.ToBinary(mal2.Module.Quote!));
        Assert.StartsWith("unknown operator", ex.SpecMessage);

        var inv2 = Assert.IsType<AssertModuleCommand>(c[16]);
        Assert.Equal((WastModuleAssertion.Invalid, WastModuleKind.Text), (inv2.Assertion, inv2.Module.Kind));
        Assert.Equal(WastModuleAssertion.Unlinkable, Assert.IsType<AssertModuleCommand>(c[17]).Assertion);
        Assert.Equal(WastModuleAssertion.Uninstantiable, Assert.IsType<AssertModuleCommand>(c[18]).Assertion);
    }

    [Fact]
    public void BareModuleFieldsAreOneModule()
    {
        var s = WastParser.Parse("(func) (memory 1)", "x.wat");
        Assert.IsType<ModuleCommand>(Assert.Single(s.Commands));
    }

    [Fact]
    public void ScriptErrorsCarryFileAndPosition()
    {
        var ex = Assert.Throws<TextSyntaxException>(() => WastParser.Parse("(module)\n  (frobnicate)", "bad.wast"));
        Assert.Equal((2, 4), (ex.Line, ex.Column));
        Assert.StartsWith("bad.wast:2:4:", ex.Message);
    }

    [Fact]
    public void ErrorsInAValidModuleFailTheScript() =>
        Assert.Throws<TextSyntaxException>(() => WastParser.Parse("(module (func (i32.foo)))", "bad.wast"));

    [Fact]
    public void ModuleDefinitionIsAModule()
    {
        var s = WastParser.Parse("(module definition $d (func))", "d.wast");
        var m = Assert.IsType<ModuleCommand>(Assert.Single(s.Commands)).Module;
        Assert.Equal(("$d", WastModuleKind.Text), (m.Id, m.Kind));
    }
}
