using Cilantro.Text;
using Xunit;

namespace Cilantro.Tests.Text;

/// <summary>Module encodings (reference bytes produced by an independent encoder, name section stripped).</summary>
public class WatEncodingTests
{
    private static void AssertEncodes(string wat, string hex)
    {
        var bin = TextTestUtil.StripCustomSections(Wat.ToBinary(wat));
        Assert.Equal(hex, TextTestUtil.Hex(bin));
    }

    [Fact]
    public void SimpleFunction() => AssertEncodes(
        """
(module
  (func $add (export "add") (param $a i32) (param $b i32) (result i32)
    local.get $a local.get $b i32.add))
""",
        "0061736d0100000001070160027f7f017f030201000707010361646400000a09010700200020016a0b");

    [Fact]
    public void InlineAbbreviations() => AssertEncodes(
        """
(module
  (type $v (func))
  (import "m" "f" (func $imp (param i32)))
  (table $t (export "tab") funcref (elem $f $imp))
  (memory (export "mem") (data "hi" "\01\02"))
  (global $g (mut i64) (i64.const -1))
  (func $f (result i32 i64) (i32.const 1) (global.get $g))
  (func (param f32) (if (result i32) (i32.const 1) (then (i32.const 2)) (else (i32.const 3))) drop)
  (elem declare func $f)
  (data $d (memory 0) (offset (i32.const 8)) "x")
  (start $imp2)
  (func $imp2))
""",
        "0061736d0100000001110460000060017f006000027f7e60017d00020701016d01660001030403020300040501700102020504010101010606017e01427f0b070d02037461620100036d656d0200080103090c020041000b020100030001010a19030600410123000b0d004101047f41020541030b1a0b02000b0b10020041000b04686901020041080b0178");

    [Fact]
    public void SimdAndMemoryArguments() => AssertEncodes(
        """
(module
  (memory 1)
  (func (param v128) (result v128)
    (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31 (local.get 0) (v128.const i32x4 1 -1 0xffffffff 0x7fff_ffff))
    (f32x4.extract_lane 3) drop
    (v128.load8_lane offset=3 align=1 15 (i32.const 0) (local.get 0)))
  (func (block $a (block $b (br_table $a $b 0 (i32.const 0))))
    (i32.load16_u offset=4 align=1 (i32.const 0)) drop))
""",
        "0061736d0100000001090260017b017b600000030302000105030100010a4d0235002000fd0c01000000ffffffffffffffffffffff7ffd0d000102030405060708090a0b0c0d0e1ffd1f031a41002000fd5400030f0b15000240024041000e020100000b0b41002f00041a0b");

    [Fact]
    public void ImplicitTypesAreAppended() => AssertEncodes(
        """
(module
  (type (func (param i32)))
  (func (param i64))
  (func (param i32))
  (func (result f32) (f32.const 1.5))
  (func (param i32 i64) (param $x f64) (result i32) (result) (i32.const 0))
  (func (i32.const 0) (block (param i32) (result i32 i32) (i32.const 1)) drop drop))
""",
        "0061736d01000000011d0660017f0060017e006000017d60037f7e7c017f60000060017f027f7f03060501000203040a200502000b02000b0700430000c03f0b040041000b0b004100020541010b1a1a0b");

    [Fact]
    public void ImportsSegmentsAndBulkOperations() => AssertEncodes(
        """
(module
  (import "spectest" "table" (table $it 1 funcref))
  (table $t2 (export "t2") (import "spectest" "t2") 2 3 externref)
  (memory $m (import "spectest" "memory") 1 2)
  (global $g (export "g") (import "spectest" "global_i32") i32)
  (table $t 4 funcref)
  (func $f)
  (elem funcref (ref.null func) (item ref.func $f) (ref.func 0))
  (elem (table $t) (offset (i32.const 1)) func $f)
  (elem (table 1) (i32.const 0) externref (ref.null extern))
  (elem declare func 0)
  (elem (i32.const 0) 0 $f)
  (elem $e func)
  (data (i32.const 0) "a" "b")
  (data $p "passive")
  (func (table.init $t 1 (i32.const 0) (i32.const 0) (i32.const 0)) (elem.drop $e)
    (memory.init $p (i32.const 0) (i32.const 0) (i32.const 0)) (data.drop 1)
    (table.copy $t $it (i32.const 0) (i32.const 0) (i32.const 0))
    (memory.copy (i32.const 0) (i32.const 0) (i32.const 0))
    (drop (select (result i32) (i32.const 1) (i32.const 2) (i32.const 0)))
    (call_indirect $t (param i32) (i32.const 0) (i32.const 0))
    (drop (ref.is_null (ref.null extern)))
    (drop (table.get $t (i32.const 0)))))
""",
        "0061736d0100000001080260000060017f00025004087370656374657374057461626c6501700001087370656374657374027432016f010203087370656374657374066d656d6f7279020101020873706563746573740a676c6f62616c5f693332037f000303020000040401700004070a02027432010101670300092d06057003d0700bd2000bd2000b020241010b000100060141000b6f01d06f0b030001000041000b0200000100000c01020a4f0202000b4a00410041004100fc0c0102fc0d05410041004100fc080100fc0901410041004100fc0e0200410041004100fc0a00004101410241001c017f1a41004100110102d06fd11a410025021a0b0b11020041000b026162010770617373697665");

    private static void AssertSame(string a, string b) =>
        Assert.Equal(TextTestUtil.Hex(TextTestUtil.StripCustomSections(Wat.ToBinary(a))), TextTestUtil.Hex(TextTestUtil.StripCustomSections(Wat.ToBinary(b))));

    [Theory]
    [InlineData("(func (export \"f\"))", "(func) (export \"f\" (func 0))")]
    [InlineData("(func (import \"m\" \"f\") (param i32))", "(import \"m\" \"f\" (func (param i32)))")]
    [InlineData("(global (import \"m\" \"g\") (mut i32))", "(import \"m\" \"g\" (global (mut i32)))")]
    [InlineData("(memory (data \"ab\"))", "(memory 1 1) (data (memory 0) (offset (i32.const 0)) \"ab\")")]
    [InlineData("(table funcref (elem 0 0)) (func)", "(table 2 2 funcref) (elem (table 0) (offset (i32.const 0)) func 0 0) (func)")]
    [InlineData("(func (param i32 i64))", "(func (param i32) (param i64))")]
    [InlineData("(type $t (func)) (func (type $t))", "(type (func)) (func (type 0) (param) (result))")]
    [InlineData("(func (i32.add (i32.const 1) (i32.const 2)) drop)", "(func i32.const 1 i32.const 2 i32.add drop)")]
    [InlineData("(func (if (i32.const 1) (then nop) (else nop)))", "(func i32.const 1 if nop else nop end)")]
    [InlineData("(func $f (block $a (br $a)))", "(func (block (br 0)))")]
    [InlineData("(func (local $x i32) (local.set $x (i32.const 1)))", "(func (local i32) (local.set 0 (i32.const 1)))")]
    [InlineData("(memory 1) (func (drop (i32.load (i32.const 0))))", "(memory 1) (func (drop (i32.load offset=0 align=4 (i32.const 0))))")]
    [InlineData("(elem (i32.const 0) 0) (table 1 funcref) (func)", "(elem (table 0) (offset (i32.const 0)) func 0) (table 1 funcref) (func)")]
    [InlineData("(func block $l end $l)", "(func block end)")]
    [InlineData("(func (result i32) (select (i32.const 1) (i32.const 2) (i32.const 0)))", "(func (result i32) i32.const 1 i32.const 2 i32.const 0 select)")]
    [InlineData("(module $m (func))", "(func)")]
    public void AbbreviationsMatchTheirExpansion(string abbreviated, string expanded) => AssertSame(abbreviated, expanded);

    [Fact]
    public void LabelsAreResolvedByDepthWithShadowing()
    {
        var bin = TextTestUtil.StripCustomSections(Wat.ToBinary("(func (block $a (block $b (block $a (br $a) (br $b)))))"));
        // br $a -> 0 (the inner $a), br $b -> 1
        Assert.EndsWith("0c000c010b0b0b0b", TextTestUtil.Hex(bin));
    }

    [Fact]
    public void FloatConstantsAreEncodedExactly()
    {
        var bin = TextTestUtil.StripCustomSections(Wat.ToBinary("(func (f32.const -0x1p-149) (f64.const nan:0x4) drop drop)"));
        Assert.Contains("4301000080" + "44" + "040000000000f07f", TextTestUtil.Hex(bin));
    }

    [Fact]
    public void IntegerConstantsWrap()
    {
        var bin = TextTestUtil.StripCustomSections(Wat.ToBinary("(func (i32.const 0xffffffff) (i64.const 0x8000000000000000) drop drop)"));
        Assert.Contains("417f" + "428080808080808080807f", TextTestUtil.Hex(bin));
    }

    [Fact]
    public void EmitsNameSection()
    {
        var bin = Wat.ToBinary("(module $mod (func $f (param $x i32) (local $y i64)))");
        var hex = TextTestUtil.Hex(bin);
        // custom section "name": module name "mod", function 0 "f", locals 0 "x" and 1 "y"
        Assert.EndsWith("00" + "1c" + "046e616d65" + "0004036d6f64" + "010401000166" + "0209010002000178010179", hex);
    }

    [Fact]
    public void EncodesInvalidModules()
    {
        // Type errors and bad indices are for the validator, not the text parser.
        var bin = Wat.ToBinary("(func (result i32) (i64.const 0) (call 7) (local.get 9))");
        Assert.NotEmpty(bin);
    }

    [Fact]
    public void AcceptsBareFields() =>
        AssertSame("(type (func)) (func (type 0))", "(module (type (func)) (func (type 0)))");

    [Fact]
    public void AcceptsBinaryAndQuoteModules()
    {
        Assert.Equal([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0], Wat.ToBinary("(module binary \"\\00asm\" \"\\01\\00\\00\\00\")"));
        AssertSame("(module quote \"(func)\")", "(func)");
    }
}
