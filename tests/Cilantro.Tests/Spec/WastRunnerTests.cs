using Cilantro.Model;
using Cilantro.Spec;
using Xunit;

namespace Cilantro.Tests.Spec;

public sealed class WastRunnerTests
{
    // ---- a tiny fake engine ----

    private sealed class FakeError(WastErrorKind kind, string message)
        : WasmException(message, $"{message} (in fake engine)"), IWastError
    {
        public WastErrorKind ErrorKind { get; } = kind;
    }

    private delegate IReadOnlyList<WastValue> FakeFunc(IReadOnlyList<WastValue> args);

    private sealed class FakeInstance(string name) : IWastInstance
    {
        public string Name { get; } = name;
        public Dictionary<string, FakeFunc> Functions { get; } = [];
        public Dictionary<string, WastValue> Globals { get; } = [];

        public IReadOnlyList<WastValue> Invoke(string export, IReadOnlyList<WastValue> args) =>
            Functions.TryGetValue(export, out var f) ? f(args) : throw new FakeError(WastErrorKind.Link, "unknown export");

        public WastValue GetGlobal(string export) => Globals[export];

        public object? GetExport(string name) => null;
    }

    /// <summary>
    /// Instantiates modules by looking at the first byte after the header: the fake decoder below stores a
    /// "behaviour" code in <see cref="ModuleDefinition.Bytes"/>.
    /// </summary>
    private sealed class FakeEngine : IWastEngine
    {
        public string Name => "fake";
        public int SpectestCreated { get; private set; }
        public List<string?> SeenSpectest { get; } = [];
        public Func<ModuleDefinition, IWastImports, IWastInstance> OnInstantiate { get; set; } =
            (_, _) => new FakeInstance("m");

        public IWastInstance Instantiate(ModuleDefinition module, IWastImports imports) => OnInstantiate(module, imports);

        public IWastInstance? CreateSpectest()
        {
            SpectestCreated++;
            return new FakeInstance("spectest");
        }
    }

    // ---- script building ----

    private static int s_line;

    private static T At<T>(T command) where T : WastCommand => command with { Position = new WastPosition(++s_line, 1) };

    private static WastModule Bin(byte tag, string? id = null) =>
        new() { Kind = WastModuleKind.Binary, Binary = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, tag], Id = id };

    private static WastModule Quote(string text) => new() { Kind = WastModuleKind.Quote, Quote = text };

    private static WastAction Invoke(string name, string? module = null, params WastValue[] args) =>
        new(WastActionKind.Invoke, module, name, args);

    private static ExactExpected I32(int v) => new(WastValue.I32(v));

    // Module "bytes" ending in: 0 = valid, 1 = malformed, 2 = invalid, 3 = internal decoder bug.
    private static WastRunner Runner(IWastEngine? engine, bool strictText = true) => new(engine)
    {
        StrictTextMessages = strictText,
        Decode = static (bytes, _) =>
        {
            byte tag = bytes.Span[^1];
            return tag switch
            {
                1 => throw new MalformedModuleException("unexpected end of section or function", 8),
                3 => throw new IndexOutOfRangeException("decoder bug"),
                _ => new ModuleDefinition { Bytes = bytes },
            };
        },
        Validate = static (module, _) =>
        {
            if (module.Bytes.Span[^1] == 2)
                throw new InvalidModuleException("type mismatch", 9);
        },
        TextToBinary = static (text, _) => text switch
        {
            "valid" => [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0],
            "malformed-binary" => [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1],
            "invalid" => [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 2],
            _ => throw new TextSyntaxException("unknown operator", 1, 2),
        },
    };

    private static WastFileResult Run(WastRunner runner, params WastCommand[] commands) =>
        runner.Run(new WastScript("test.wast", commands));

    private static void AssertOutcomes(WastFileResult result, params WastOutcome[] expected)
    {
        var actual = result.Commands.Select(c => c.Outcome).ToArray();
        Assert.True(expected.SequenceEqual(actual),
            string.Join("\n", result.Commands.Select(c => $"{c.Command.Kind}: {c.Outcome} {c.Message}")));
    }

    // ---- without an engine ----

    [Fact]
    public void NoEngine_ModulesAreCheckedAndExecutionSkipped()
    {
        var result = Run(Runner(null),
            At(new ModuleCommand(Bin(0))),
            At(new ModuleCommand(Bin(1))),
            At(new ModuleCommand(Bin(2))),
            At(new ModuleCommand(Quote("valid"))),
            At(new RegisterCommand("M", null)),
            At(new ActionCommand(Invoke("f"))),
            At(new AssertReturnCommand(Invoke("f"), [I32(1)])),
            At(new AssertTrapCommand(Invoke("f"), null, "unreachable")),
            At(new AssertExhaustionCommand(Invoke("f"), "call stack exhausted")),
            At(new AssertModuleCommand(WastModuleAssertion.Unlinkable, Bin(0), "unknown import")),
            At(new AssertModuleCommand(WastModuleAssertion.Unlinkable, Bin(2), "unknown import")),
            At(new AssertModuleCommand(WastModuleAssertion.Uninstantiable, Bin(0), "unreachable")),
            At(new AssertTrapCommand(null, Bin(1), "out of bounds")));
        AssertOutcomes(result,
            WastOutcome.Passed, WastOutcome.Failed, WastOutcome.Failed, WastOutcome.Passed,
            WastOutcome.Skipped, WastOutcome.Skipped, WastOutcome.Skipped, WastOutcome.Skipped, WastOutcome.Skipped,
            WastOutcome.Skipped, WastOutcome.Failed, WastOutcome.Skipped, WastOutcome.Failed);
        Assert.Equal(2, result.Passed);
        Assert.Equal(4, result.Failed);
        Assert.Equal(7, result.Skipped);
        Assert.Contains("needs an engine", result.Commands[5].Message);
        var byKind = result.CountsByKind().ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(new WastCounts(2, 2, 0), byKind["module"]);
        Assert.Equal(new WastCounts(0, 1, 1), byKind["assert_unlinkable"]);
        Assert.Equal(new WastCounts(0, 1, 1), byKind["assert_trap"]);
    }

    [Fact]
    public void AssertMalformed_Binary_NeedsMalformedWithMatchingMessage()
    {
        var result = Run(Runner(null),
            At(new AssertModuleCommand(WastModuleAssertion.Malformed, Bin(1), "unexpected end")),
            At(new AssertModuleCommand(WastModuleAssertion.Malformed, Bin(1), "length out of bounds")),
            At(new AssertModuleCommand(WastModuleAssertion.Malformed, Bin(0), "unexpected end")),
            At(new AssertModuleCommand(WastModuleAssertion.Malformed, Bin(2), "type mismatch")));
        AssertOutcomes(result, WastOutcome.Passed, WastOutcome.Failed, WastOutcome.Failed, WastOutcome.Failed);
        Assert.Contains("unexpected end of section or function", result.Commands[1].Message);
    }

    [Fact]
    public void AssertMalformed_Quote_MessageMustMatch_UnlessLenient()
    {
        WastCommand[] commands =
        [
            At(new AssertModuleCommand(WastModuleAssertion.Malformed, Quote("garbage"), "unknown operator")),
            At(new AssertModuleCommand(WastModuleAssertion.Malformed, Quote("garbage"), "unexpected token")),
            At(new AssertModuleCommand(WastModuleAssertion.Malformed, Quote("malformed-binary"), "whatever")),
            At(new AssertModuleCommand(WastModuleAssertion.Malformed, Quote("valid"), "unexpected token")),
            At(new AssertModuleCommand(WastModuleAssertion.Malformed, Quote("invalid"), "unexpected token")),
        ];
        var lenient = Run(Runner(null, strictText: false), commands);
        AssertOutcomes(lenient, WastOutcome.Passed, WastOutcome.Passed, WastOutcome.Passed, WastOutcome.Failed, WastOutcome.Failed);
        Assert.Null(lenient.Commands[0].Message);
        Assert.Contains("message differs", lenient.Commands[1].Message);

        var strict = Run(Runner(null), commands);
        AssertOutcomes(strict, WastOutcome.Passed, WastOutcome.Failed, WastOutcome.Failed, WastOutcome.Failed, WastOutcome.Failed);
    }

    [Fact]
    public void AssertInvalid_NeedsInvalidWithMatchingMessage()
    {
        var result = Run(Runner(null),
            At(new AssertModuleCommand(WastModuleAssertion.Invalid, Bin(2), "type mismatch")),
            At(new AssertModuleCommand(WastModuleAssertion.Invalid, Bin(2), "unknown local")),
            At(new AssertModuleCommand(WastModuleAssertion.Invalid, Bin(1), "type mismatch")),
            At(new AssertModuleCommand(WastModuleAssertion.Invalid, Bin(0), "type mismatch")),
            At(new AssertModuleCommand(WastModuleAssertion.Invalid, Quote("invalid"), "type mismatch")),
            At(new AssertModuleCommand(WastModuleAssertion.Invalid, Quote("garbage"), "type mismatch")));
        AssertOutcomes(result, WastOutcome.Passed, WastOutcome.Failed, WastOutcome.Failed, WastOutcome.Failed,
            WastOutcome.Passed, WastOutcome.Failed);
    }

    [Fact]
    public void UnexpectedExceptions_AreInternalErrorFailures_AndTheScriptGoesOn()
    {
        var result = Run(Runner(null),
            At(new ModuleCommand(Bin(3))),
            At(new AssertModuleCommand(WastModuleAssertion.Malformed, Bin(3), "unexpected end")),
            At(new ModuleCommand(Bin(0))),
            At(new ModuleCommand(new WastModule { Kind = WastModuleKind.Binary })));
        AssertOutcomes(result, WastOutcome.Failed, WastOutcome.Failed, WastOutcome.Passed, WastOutcome.Failed);
        Assert.StartsWith("internal error: IndexOutOfRangeException", result.Commands[0].Message);
        Assert.StartsWith("internal error", result.Commands[1].Message);
        Assert.StartsWith("internal error", result.Commands[3].Message);
    }

    [Fact]
    public void UnparsableScript_IsFatal()
    {
        var result = Runner(null).RunText("(module (func $f (", "broken.wast");
        Assert.NotNull(result.FatalError);
        Assert.Empty(result.Commands);
        Assert.Equal(1, result.Failed);
        Assert.Equal("script", Assert.Single(result.CountsByKind()).Key);

        var missing = Runner(null).RunFile(Path.Combine(Path.GetTempPath(), "cilantro-no-such-dir", "x.wast"));
        Assert.NotNull(missing.FatalError);
        Assert.Equal(1, missing.Failed);
    }

    // ---- with the fake engine ----

    [Fact]
    public void Engine_AssertReturn_Invoke_Get()
    {
        var engine = new FakeEngine();
        var instance = new FakeInstance("m");
        instance.Functions["add"] = args => [WastValue.I32((int)args[0].Bits + (int)args[1].Bits)];
        instance.Functions["nan"] = _ => [WastValue.F32Bits(0xffc0_0000)];
        instance.Functions["none"] = _ => [];
        instance.Globals["g"] = WastValue.I64(42);
        engine.OnInstantiate = (_, _) => instance;

        var result = Run(Runner(engine),
            At(new ModuleCommand(Bin(0))),
            At(new AssertReturnCommand(Invoke("add", null, WastValue.I32(2), WastValue.I32(3)), [I32(5)])),
            At(new AssertReturnCommand(Invoke("add", null, WastValue.I32(2), WastValue.I32(3)), [I32(6)])),
            At(new AssertReturnCommand(Invoke("nan"), [new NanExpected(WastValueKind.F32, NanPattern.Canonical)])),
            At(new AssertReturnCommand(Invoke("nan"), [new ExactExpected(WastValue.F32Bits(0x7fc0_0000))])),
            At(new AssertReturnCommand(Invoke("none"), [])),
            At(new AssertReturnCommand(Invoke("none"), [I32(0)])),
            At(new AssertReturnCommand(new WastAction(WastActionKind.Get, null, "g", []), [new ExactExpected(WastValue.I64(42))])),
            At(new ActionCommand(Invoke("none"))),
            At(new ActionCommand(Invoke("missing"))));
        AssertOutcomes(result,
            WastOutcome.Passed, WastOutcome.Passed, WastOutcome.Failed, WastOutcome.Passed, WastOutcome.Failed,
            WastOutcome.Passed, WastOutcome.Failed, WastOutcome.Passed, WastOutcome.Passed, WastOutcome.Failed);
        Assert.Contains("expected (i32:6), got (i32:5)", result.Commands[2].Message);
    }

    [Fact]
    public void Engine_Traps_Exhaustion_AndKinds()
    {
        var engine = new FakeEngine();
        var instance = new FakeInstance("m");
        instance.Functions["div"] = _ => throw new FakeError(WastErrorKind.Trap, "integer divide by zero");
        instance.Functions["deep"] = _ => throw new FakeError(WastErrorKind.Exhaustion, "call stack exhausted");
        instance.Functions["deep2"] = _ => throw new InsufficientExecutionStackException();
        instance.Functions["ok"] = _ => [WastValue.I32(1)];
        instance.Functions["bug"] = _ => throw new NullReferenceException("engine bug");
        engine.OnInstantiate = (_, _) => instance;

        var result = Run(Runner(engine),
            At(new ModuleCommand(Bin(0))),
            At(new AssertTrapCommand(Invoke("div"), null, "integer divide by zero")),
            At(new AssertTrapCommand(Invoke("div"), null, "integer divide")),
            At(new AssertTrapCommand(Invoke("div"), null, "integer overflow")),
            At(new AssertTrapCommand(Invoke("ok"), null, "integer overflow")),
            At(new AssertTrapCommand(Invoke("deep"), null, "call stack exhausted")),
            At(new AssertExhaustionCommand(Invoke("deep"), "call stack exhausted")),
            At(new AssertExhaustionCommand(Invoke("deep2"), "call stack exhausted")),
            At(new AssertExhaustionCommand(Invoke("div"), "call stack exhausted")),
            At(new AssertTrapCommand(Invoke("bug"), null, "engine bug")),
            At(new AssertReturnCommand(Invoke("div"), [I32(1)])),
            At(new AssertReturnCommand(Invoke("ok"), [I32(1)])));
        AssertOutcomes(result,
            WastOutcome.Passed, WastOutcome.Passed, WastOutcome.Passed, WastOutcome.Failed, WastOutcome.Failed,
            WastOutcome.Failed, WastOutcome.Passed, WastOutcome.Passed, WastOutcome.Failed, WastOutcome.Failed,
            WastOutcome.Failed, WastOutcome.Passed);
        Assert.StartsWith("internal error: NullReferenceException", result.Commands[9].Message);
        Assert.Contains("integer divide by zero", result.Commands[10].Message);
    }

    [Fact]
    public void Engine_TrapException_IsATrap_OrExhaustion()
    {
        var engine = new FakeEngine();
        var instance = new FakeInstance("m");
        instance.Functions["oob"] = _ => throw new TrapException(TrapKind.OutOfBoundsMemoryAccess);
        instance.Functions["deep"] = _ => throw new TrapException(TrapKind.CallStackExhausted);
        engine.OnInstantiate = (module, _) => module.Bytes.Span[^1] == 6
            ? throw new TrapException(TrapKind.OutOfBoundsTableAccess)
            : instance;

        var result = Run(Runner(engine),
            At(new ModuleCommand(Bin(0))),
            At(new AssertTrapCommand(Invoke("oob"), null, "out of bounds memory access")),
            At(new AssertExhaustionCommand(Invoke("oob"), "out of bounds memory access")),
            At(new AssertExhaustionCommand(Invoke("deep"), "call stack exhausted")),
            At(new AssertTrapCommand(Invoke("deep"), null, "call stack exhausted")),
            At(new AssertTrapCommand(null, Bin(6), "out of bounds table access")),
            At(new AssertModuleCommand(WastModuleAssertion.Uninstantiable, Bin(6), "out of bounds table access")),
            At(new AssertModuleCommand(WastModuleAssertion.Unlinkable, Bin(6), "out of bounds table access")));
        AssertOutcomes(result,
            WastOutcome.Passed, WastOutcome.Passed, WastOutcome.Failed, WastOutcome.Passed, WastOutcome.Failed,
            WastOutcome.Passed, WastOutcome.Passed, WastOutcome.Failed);
    }

    [Fact]
    public void Engine_RegisterNamedModulesAndSpectest()
    {
        var engine = new FakeEngine();
        int count = 0;
        var seen = new List<string>();
        engine.OnInstantiate = (_, imports) =>
        {
            var inst = new FakeInstance($"m{++count}");
            inst.Functions["who"] = _ => [WastValue.I32(count)];
            int me = count;
            inst.Functions["me"] = _ => [WastValue.I32(me)];
            seen.Add($"{(imports.Find("spectest") as FakeInstance)?.Name}/{(imports.Find("M") as FakeInstance)?.Name}/{(imports.Find("nope") as FakeInstance)?.Name}");
            return inst;
        };

        var result = Run(Runner(engine),
            At(new ModuleCommand(Bin(0, "$A"))),
            At(new RegisterCommand("M", null)),
            At(new ModuleCommand(Bin(0, "$B"))),
            At(new AssertReturnCommand(Invoke("me", "$A"), [I32(1)])),
            At(new AssertReturnCommand(Invoke("me", "$B"), [I32(2)])),
            At(new AssertReturnCommand(Invoke("me"), [I32(2)])),
            At(new RegisterCommand("M", "$B")),
            At(new ModuleCommand(Bin(0))),
            At(new AssertReturnCommand(Invoke("me", "$C"), [I32(1)])),
            At(new RegisterCommand("X", "$C")));
        AssertOutcomes(result,
            WastOutcome.Passed, WastOutcome.Passed, WastOutcome.Passed, WastOutcome.Passed, WastOutcome.Passed,
            WastOutcome.Passed, WastOutcome.Passed, WastOutcome.Passed, WastOutcome.Failed, WastOutcome.Failed);
        Assert.Equal(["spectest//", "spectest/m1/", "spectest/m2/"], seen);
        Assert.Equal(1, engine.SpectestCreated);
    }

    [Fact]
    public void Engine_FailedInstantiation_ClearsCurrentModule()
    {
        var engine = new FakeEngine();
        var good = new FakeInstance("good");
        good.Functions["f"] = _ => [];
        engine.OnInstantiate = (module, _) => module.Bytes.Span[^1] == 0
            ? good
            : throw new FakeError(WastErrorKind.Link, "unknown import");

        var result = Run(Runner(engine),
            At(new ModuleCommand(Bin(0))),
            At(new ActionCommand(Invoke("f"))),
            At(new ModuleCommand(Bin(4))),
            At(new ActionCommand(Invoke("f"))),
            At(new ModuleCommand(Bin(2))),
            At(new ActionCommand(Invoke("f"))));
        AssertOutcomes(result,
            WastOutcome.Passed, WastOutcome.Passed, WastOutcome.Failed, WastOutcome.Failed, WastOutcome.Failed, WastOutcome.Failed);
        Assert.Contains("unknown import", result.Commands[2].Message);
        Assert.Contains("failed to instantiate", result.Commands[3].Message);
    }

    [Fact]
    public void Engine_UnlinkableAndUninstantiable()
    {
        var engine = new FakeEngine
        {
            OnInstantiate = (module, _) => module.Bytes.Span[^1] switch
            {
                5 => throw new FakeError(WastErrorKind.Link, "incompatible import type"),
                6 => throw new FakeError(WastErrorKind.Trap, "out of bounds memory access"),
                _ => new FakeInstance("m"),
            },
        };

        var result = Run(Runner(engine),
            At(new AssertModuleCommand(WastModuleAssertion.Unlinkable, Bin(5), "incompatible import type")),
            At(new AssertModuleCommand(WastModuleAssertion.Unlinkable, Bin(5), "unknown import")),
            At(new AssertModuleCommand(WastModuleAssertion.Unlinkable, Bin(6), "out of bounds memory access")),
            At(new AssertModuleCommand(WastModuleAssertion.Unlinkable, Bin(0), "unknown import")),
            At(new AssertModuleCommand(WastModuleAssertion.Uninstantiable, Bin(6), "out of bounds memory access")),
            At(new AssertModuleCommand(WastModuleAssertion.Uninstantiable, Bin(5), "incompatible import type")),
            At(new AssertTrapCommand(null, Bin(6), "out of bounds memory access")),
            At(new AssertTrapCommand(null, Bin(0), "out of bounds memory access")),
            At(new AssertTrapCommand(null, Bin(2), "out of bounds memory access")));
        AssertOutcomes(result,
            WastOutcome.Passed, WastOutcome.Failed, WastOutcome.Failed, WastOutcome.Failed,
            WastOutcome.Passed, WastOutcome.Failed, WastOutcome.Passed, WastOutcome.Failed, WastOutcome.Failed);
        Assert.Contains("but the module instantiated", result.Commands[3].Message);
    }

    // ---- end to end, with the real text parser, decoder and validator ----

    [Fact]
    public void RealPipeline_ModuleAssertionsWithoutEngine()
    {
        var result = new WastRunner(null).RunText("""
            (module (func (export "f") (result i32) i32.const 1))
            (assert_malformed (module binary "\00asm") "unexpected end")
            (assert_malformed (module quote "(func (i32.foo))") "unknown operator")
            (assert_invalid (module (func (result i32))) "type mismatch")
            (assert_unlinkable (module (import "spectest" "nope" (func))) "unknown import")
            (assert_return (invoke "f") (i32.const 1))
            (assert_malformed (module binary "\00asm\01\00\00\00") "unexpected end")
            (assert_invalid (module (func (result i32))) "unknown local")
            (assert_invalid (module binary "\00asm") "type mismatch")
            (module binary "\00asm\01\00\00\00\01")
            """, "pipeline.wast");
        Assert.Null(result.FatalError);
        AssertOutcomes(result,
            WastOutcome.Passed, WastOutcome.Passed, WastOutcome.Passed, WastOutcome.Passed, WastOutcome.Skipped,
            WastOutcome.Skipped, WastOutcome.Failed, WastOutcome.Failed, WastOutcome.Failed, WastOutcome.Failed);
        Assert.Equal(new WastPosition(2, 1), result.Commands[1].Command.Position);
    }

    [Fact]
    public void RealPipeline_ParsedExpectationsAgainstFakeEngine()
    {
        var engine = new FakeEngine();
        var instance = new FakeInstance("m");
        instance.Functions["i"] = _ => [WastValue.I32(-1), WastValue.I64(long.MinValue)];
        instance.Functions["nan32"] = _ => [WastValue.F32Bits(0xffc0_0000)];
        instance.Functions["nan64"] = _ => [WastValue.F64Bits(0x7ff8_0000_0000_0001)];
        instance.Functions["vec"] = _ => [new WastValue(WastValueKind.V128, Vector: new V128(0x3f80_0000_7fc0_0000, 0x8000_0000_7fc0_0123))];
        instance.Functions["refs"] = _ =>
        [
            new WastValue(WastValueKind.RefNull, RefType: ValType.ExternRef),
            new WastValue(WastValueKind.RefExtern, 3),
            new WastValue(WastValueKind.RefFunc),
        ];
        instance.Functions["two"] = _ => [WastValue.I32(2)];
        instance.Functions["echo"] = args => args;
        engine.OnInstantiate = (_, _) => instance;

        var result = new WastRunner(engine).RunText("""
            (module)
            (assert_return (invoke "i") (i32.const -1) (i64.const -0x8000000000000000))
            (assert_return (invoke "i") (i32.const 0xffffffff) (i64.const 0x8000000000000000))
            (assert_return (invoke "nan32") (f32.const nan:canonical))
            (assert_return (invoke "nan32") (f32.const -nan))
            (assert_return (invoke "nan32") (f32.const nan))
            (assert_return (invoke "nan64") (f64.const nan:arithmetic))
            (assert_return (invoke "nan64") (f64.const nan:canonical))
            (assert_return (invoke "vec") (v128.const f32x4 nan:canonical 1.0 nan:arithmetic -0.0))
            (assert_return (invoke "vec") (v128.const f32x4 nan:canonical 1.0 nan:arithmetic 0.0))
            (assert_return (invoke "refs") (ref.null extern) (ref.extern 3) (ref.func))
            (assert_return (invoke "refs") (ref.null func) (ref.extern 3) (ref.func))
            (assert_return (invoke "refs") (ref.null extern) (ref.extern) (ref.func))
            (assert_return (invoke "two") (either (i32.const 1) (i32.const 2)))
            (assert_return (invoke "two") (either (i32.const 1) (i32.const 3)))
            (assert_return (invoke "echo" (i32.const 7) (f32.const 1.5)) (i32.const 7) (f32.const 1.5))
            """, "expectations.wast");
        Assert.Null(result.FatalError);
        AssertOutcomes(result,
            WastOutcome.Passed, WastOutcome.Passed, WastOutcome.Passed, WastOutcome.Passed, WastOutcome.Passed,
            WastOutcome.Failed, WastOutcome.Passed, WastOutcome.Failed, WastOutcome.Passed, WastOutcome.Failed,
            WastOutcome.Passed,
            WastOutcome.Failed, WastOutcome.Passed, WastOutcome.Passed, WastOutcome.Failed, WastOutcome.Passed);
    }

}
