using Cilantro.Binary;
using Cilantro.Model;
using Cilantro.Text;
using Cilantro.Validation;

namespace Cilantro.Spec;

/// <summary>Outcome of one script command.</summary>
public enum WastOutcome
{
    /// <summary>The command did what the script expects.</summary>
    Passed,
    /// <summary>It did not.</summary>
    Failed,
    /// <summary>It could not run (e.g. it needs an engine and none was given). Never counted as a pass.</summary>
    Skipped,
}

/// <summary>Result of one command.</summary>
/// <param name="Command">The command.</param>
/// <param name="Outcome">Passed, failed or skipped.</param>
/// <param name="Message">Why it failed or was skipped (or a note on a pass).</param>
public sealed record WastCommandResult(WastCommand Command, WastOutcome Outcome, string? Message);

/// <summary>Passed, failed and skipped counts.</summary>
/// <param name="Passed">Commands that passed.</param>
/// <param name="Failed">Commands that failed.</param>
/// <param name="Skipped">Commands that were skipped.</param>
public readonly record struct WastCounts(int Passed, int Failed, int Skipped)
{
    /// <summary>The sum of two counts.</summary>
    public static WastCounts operator +(WastCounts a, WastCounts b) =>
        new(a.Passed + b.Passed, a.Failed + b.Failed, a.Skipped + b.Skipped);

    /// <inheritdoc/>
    public override string ToString() => $"{Passed} passed, {Failed} failed, {Skipped} skipped";
}

/// <summary>Result of one script file.</summary>
/// <param name="File">The script's file name.</param>
/// <param name="Commands">Per-command results, in order.</param>
/// <param name="FatalError">Set when the script itself could not be read or parsed (then it counts as one failure).</param>
public sealed record WastFileResult(string File, IReadOnlyList<WastCommandResult> Commands, string? FatalError)
{
    /// <summary>Commands that passed.</summary>
    public int Passed => Count(WastOutcome.Passed);
    /// <summary>Commands that failed, plus one for a fatal error.</summary>
    public int Failed => Count(WastOutcome.Failed) + (FatalError is null ? 0 : 1);
    /// <summary>Commands skipped.</summary>
    public int Skipped => Count(WastOutcome.Skipped);

    /// <summary>
    /// Counts per command kind (<see cref="WastCommand.Kind"/>), sorted by kind. A fatal error is counted
    /// as one failure of the pseudo-kind <c>script</c>.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, WastCounts>> CountsByKind()
    {
        var counts = new SortedDictionary<string, WastCounts>(StringComparer.Ordinal);
        foreach (var c in Commands)
        {
            counts.TryGetValue(c.Command.Kind, out var n);
            counts[c.Command.Kind] = n + Of(c.Outcome);
        }
        if (FatalError is not null)
        {
            counts.TryGetValue("script", out var n);
            counts["script"] = n + new WastCounts(0, 1, 0);
        }
        return [.. counts];
    }

    private int Count(WastOutcome outcome)
    {
        int n = 0;
        foreach (var c in Commands)
        {
            if (c.Outcome == outcome)
                n++;
        }
        return n;
    }

    internal static WastCounts Of(WastOutcome outcome) => outcome switch
    {
        WastOutcome.Passed => new(1, 0, 0),
        WastOutcome.Failed => new(0, 1, 0),
        _ => new(0, 0, 1),
    };
}

/// <summary>
/// Runs WAST spec scripts against an engine. Decoding and validation are done here, once for every engine;
/// execution goes through <see cref="IWastEngine"/>. Without an engine, commands that need execution are skipped.
/// </summary>
/// <remarks>
/// <para>Rules, command by command:</para>
/// <list type="bullet">
/// <item><c>module</c>: decode and validate (a quoted module is first converted with <see cref="Wat.ToBinary"/>);
/// any error fails the command. With an engine the module is instantiated and becomes the current module (and is
/// remembered under its <c>$id</c>); without one, a module that decodes and validates passes.</item>
/// <item><c>assert_malformed</c> on a binary module: decoding must throw <see cref="MalformedModuleException"/> whose
/// message matches. On a quoted (or text) module: the text must be rejected, by the text parser
/// (<see cref="TextSyntaxException"/>) or by the decoder (<see cref="MalformedModuleException"/>), and by default
/// (<see cref="StrictTextMessages"/>) its message must match too, as in the reference interpreter. wabt's and
/// wasmtime's spec runners only require the text to be rejected, because those messages are the reference parser's
/// own; Cilantro's text parser is written to use the same wording, so we hold it to it. With
/// <see cref="StrictTextMessages"/> off, a rejection with another message passes with a note.</item>
/// <item><c>assert_invalid</c>: decoding must succeed and validation throw <see cref="InvalidModuleException"/>
/// whose message matches.</item>
/// <item><c>assert_unlinkable</c>, <c>assert_uninstantiable</c>, <c>assert_trap</c> on a module: the module must
/// decode and validate (else the command fails, with or without an engine); instantiation must then throw an
/// <see cref="IWastError"/> of kind <see cref="WastErrorKind.Link"/> (unlinkable) or <see cref="WastErrorKind.Trap"/>
/// (the others) whose message matches. Without an engine they are skipped once the module validates.</item>
/// <item>Runtime errors are recognised as: <see cref="TrapException"/> (a trap, or exhaustion for
/// <see cref="TrapKind.CallStackExhausted"/>), any exception implementing <see cref="IWastError"/> (e.g. link errors),
/// and <see cref="InsufficientExecutionStackException"/> (exhaustion).</item>
/// <item><c>register</c>, <c>invoke</c>, <c>get</c>, <c>assert_return</c>, <c>assert_trap</c>,
/// <c>assert_exhaustion</c> need an engine and are skipped without one.</item>
/// </list>
/// <para>Messages match when the expected text is contained in the actual error's spec message or full message
/// (see <see cref="WastMatcher.MessageMatches"/>). Any unexpected exception is caught and fails the command with an
/// "internal error" message; a script that cannot be read or parsed gives <see cref="WastFileResult.FatalError"/>.</para>
/// </remarks>
public sealed class WastRunner
{
    private const string NeedsEngine = "needs an engine";

    /// <summary>Creates a runner.</summary>
    /// <param name="engine">The engine, or null to only decode, validate and check module assertions.</param>
    /// <param name="features">Enabled proposals (Wasm 2.0 by default).</param>
    public WastRunner(IWastEngine? engine, WasmFeatures? features = null)
    {
        Engine = engine;
        Features = features ?? WasmFeatures.Default;
    }

    /// <summary>The engine, or null.</summary>
    public IWastEngine? Engine { get; }

    /// <summary>Enabled proposals.</summary>
    public WasmFeatures Features { get; }

    /// <summary>
    /// When true (the default), <c>assert_malformed</c> on quoted or text modules also requires the error message to
    /// match, as the reference interpreter does. When false, any rejection of the text passes (with a note when the
    /// message differs), as in wabt's and wasmtime's spec runners.
    /// </summary>
    public bool StrictTextMessages { get; init; } = true;

    /// <summary>The binary decoder (replaceable by tests).</summary>
    internal Func<ReadOnlyMemory<byte>, WasmFeatures, ModuleDefinition> Decode { get; init; } =
        static (bytes, features) => ModuleDecoder.Decode(bytes, features);

    /// <summary>The validator (replaceable by tests).</summary>
    internal Action<ModuleDefinition, WasmFeatures> Validate { get; init; } =
        static (module, features) => ModuleValidator.Validate(module, features);

    /// <summary>The text-to-binary converter for quoted modules (replaceable by tests).</summary>
    internal Func<string, WasmFeatures, byte[]> TextToBinary { get; init; } =
        static (text, features) => Wat.ToBinary(text, features);

    /// <summary>Reads, parses and runs a script file.</summary>
    public WastFileResult RunFile(string path)
    {
        string name = Path.GetFileName(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException
            or ArgumentException or System.Security.SecurityException)
        {
            return new WastFileResult(name, [], $"cannot read {path}: {e.Message}");
        }
        return RunText(text, name);
    }

    /// <summary>Parses and runs a script given as text.</summary>
    /// <param name="text">The script.</param>
    /// <param name="fileName">Its name, for messages.</param>
    public WastFileResult RunText(string text, string fileName)
    {
        WastScript script;
        try
        {
            script = WastParser.Parse(text, fileName);
        }
        catch (TextSyntaxException e)
        {
            return new WastFileResult(fileName, [], $"syntax error: {e.Message}");
        }
        catch (WasmException e)
        {
            return new WastFileResult(fileName, [], $"cannot parse script: {e.Message}");
        }
        catch (Exception e)
        {
            return new WastFileResult(fileName, [], $"internal error while parsing: {Internal(e)}");
        }
        return Run(script);
    }

    /// <summary>Runs a parsed script.</summary>
    public WastFileResult Run(WastScript script)
    {
        var state = new ScriptState(Engine);
        var results = new List<WastCommandResult>(script.Commands.Count);
        foreach (var command in script.Commands)
        {
            WastCommandResult result;
            try
            {
                result = Execute(command, state);
            }
            catch (Exception e)
            {
                result = new WastCommandResult(command, WastOutcome.Failed, $"internal error: {Internal(e)}");
            }
            results.Add(result);
        }
        return new WastFileResult(script.FileName, results, null);
    }

    private static string Internal(Exception e) => $"{e.GetType().Name}: {e.Message}";

    private WastCommandResult Execute(WastCommand command, ScriptState state) => command switch
    {
        ModuleCommand m => RunModule(m, state),
        RegisterCommand r => RunRegister(r, state),
        ActionCommand a => RunAction(a, state),
        AssertReturnCommand r => RunAssertReturn(r, state),
        AssertTrapCommand t => RunAssertTrap(t, state),
        AssertExhaustionCommand x => RunAssertExhaustion(x, state),
        AssertModuleCommand m => RunAssertModule(m, state),
        _ => Fail(command, $"unsupported command {command.Kind}"),
    };

    private static WastCommandResult Pass(WastCommand c, string? note = null) => new(c, WastOutcome.Passed, note);
    private static WastCommandResult Fail(WastCommand c, string message) => new(c, WastOutcome.Failed, message);
    private static WastCommandResult Skip(WastCommand c, string reason) => new(c, WastOutcome.Skipped, reason);

    // ---- compiling modules ----

    /// <summary>Where compiling a script module stopped.</summary>
    private enum Stage
    {
        Text,
        Decode,
        Validate,
        Done,
    }

    private readonly record struct Compiled(Stage Stage, ModuleDefinition? Module, WasmException? Error)
    {
        public bool Ok => Stage == Stage.Done;

        public string Describe() => Stage switch
        {
            Stage.Done => "module is well formed and valid",
            Stage.Text => $"text error: {Error!.Message}",
            Stage.Decode => $"malformed: {Error!.Message}",
            _ => $"invalid: {Error!.Message}",
        };
    }

    /// <summary>
    /// Converts (quoted text), decodes and validates a script module. Only the documented errors
    /// (<see cref="WasmException"/>s) are caught; anything else escapes as an internal error.
    /// </summary>
    private Compiled Compile(WastModule module)
    {
        byte[] bytes;
        if (module.Kind == WastModuleKind.Quote)
        {
            try
            {
                bytes = TextToBinary(module.Quote ?? "", Features);
            }
            catch (WasmException e)
            {
                return new Compiled(Stage.Text, null, e);
            }
        }
        else
        {
            bytes = module.Binary ?? throw new InvalidOperationException("script module has no binary encoding");
        }

        ModuleDefinition definition;
        try
        {
            definition = Decode(bytes, Features);
        }
        catch (WasmException e)
        {
            return new Compiled(Stage.Decode, null, e);
        }

        try
        {
            Validate(definition, Features);
        }
        catch (WasmException e)
        {
            return new Compiled(Stage.Validate, definition, e);
        }
        return new Compiled(Stage.Done, definition, null);
    }

    // ---- commands ----

    private WastCommandResult RunModule(ModuleCommand command, ScriptState state)
    {
        var compiled = Compile(command.Module);
        if (!compiled.Ok)
        {
            state.SetCurrent(command.Module.Id, null);
            return Fail(command, compiled.Describe());
        }
        if (Engine is null)
            return Pass(command);

        IWastInstance instance;
        try
        {
            instance = Engine.Instantiate(compiled.Module!, state);
        }
        catch (Exception e) when (e is IWastError || e is InsufficientExecutionStackException)
        {
            state.SetCurrent(command.Module.Id, null);
            return Fail(command, $"instantiation failed: {Describe(e)}");
        }
        catch
        {
            state.SetCurrent(command.Module.Id, null);
            throw;
        }
        state.SetCurrent(command.Module.Id, instance);
        return Pass(command);
    }

    private WastCommandResult RunRegister(RegisterCommand command, ScriptState state)
    {
        if (Engine is null)
            return Skip(command, NeedsEngine);
        if (!state.TryResolve(command.ModuleId, out var instance, out string? error))
            return Fail(command, error!);
        state.Registered[command.Name] = instance!;
        return Pass(command);
    }

    private WastCommandResult RunAction(ActionCommand command, ScriptState state)
    {
        if (Engine is null)
            return Skip(command, NeedsEngine);
        if (!state.TryResolve(command.Action.ModuleId, out var instance, out string? error))
            return Fail(command, error!);
        try
        {
            Perform(command.Action, instance!);
        }
        catch (Exception e) when (Classify(e) is not null)
        {
            return Fail(command, $"unexpected {Describe(e)}");
        }
        return Pass(command);
    }

    private WastCommandResult RunAssertReturn(AssertReturnCommand command, ScriptState state)
    {
        if (Engine is null)
            return Skip(command, NeedsEngine);
        if (!state.TryResolve(command.Action.ModuleId, out var instance, out string? error))
            return Fail(command, error!);
        IReadOnlyList<WastValue> results;
        try
        {
            results = Perform(command.Action, instance!);
        }
        catch (Exception e) when (Classify(e) is not null)
        {
            return Fail(command, $"unexpected {Describe(e)}");
        }
        string? mismatch = WastMatcher.MatchResults(command.Expected, results);
        return mismatch is null ? Pass(command) : Fail(command, mismatch);
    }

    private WastCommandResult RunAssertTrap(AssertTrapCommand command, ScriptState state)
    {
        if (command.Module is not null)
            return RunFailingInstantiation(command, command.Module, WastErrorKind.Trap, command.Message, state);
        if (command.Action is null)
            return Fail(command, "assert_trap without an action or module");
        return RunFailingAction(command, command.Action, WastErrorKind.Trap, command.Message, state);
    }

    private WastCommandResult RunAssertExhaustion(AssertExhaustionCommand command, ScriptState state) =>
        RunFailingAction(command, command.Action, WastErrorKind.Exhaustion, command.Message, state);

    private WastCommandResult RunFailingAction(
        WastCommand command, WastAction action, WastErrorKind kind, string message, ScriptState state)
    {
        if (Engine is null)
            return Skip(command, NeedsEngine);
        if (!state.TryResolve(action.ModuleId, out var instance, out string? error))
            return Fail(command, error!);
        IReadOnlyList<WastValue> results;
        try
        {
            results = Perform(action, instance!);
        }
        catch (Exception e) when (Classify(e) is not null)
        {
            return CheckError(command, e, kind, message);
        }
        return Fail(command, $"expected {KindName(kind)} \"{message}\", got result ({WastMatcher.Describe(results)})");
    }

    private WastCommandResult RunFailingInstantiation(
        WastCommand command, WastModule module, WastErrorKind kind, string message, ScriptState state)
    {
        var compiled = Compile(module);
        if (!compiled.Ok)
            return Fail(command, compiled.Describe());
        if (Engine is null)
            return Skip(command, NeedsEngine);
        try
        {
            Engine.Instantiate(compiled.Module!, state);
        }
        catch (Exception e) when (Classify(e) is not null)
        {
            return CheckError(command, e, kind, message);
        }
        return Fail(command, $"expected {KindName(kind)} \"{message}\", but the module instantiated");
    }

    private WastCommandResult RunAssertModule(AssertModuleCommand command, ScriptState state)
    {
        switch (command.Assertion)
        {
            case WastModuleAssertion.Malformed:
                return RunAssertMalformed(command);
            case WastModuleAssertion.Invalid:
                {
                    var compiled = Compile(command.Module);
                    if (compiled.Stage != Stage.Validate)
                        return Fail(command, $"expected invalid \"{command.Message}\", got {compiled.Describe()}");
                    if (compiled.Error is not InvalidModuleException
                        || !WastMatcher.MessageMatches(command.Message, compiled.Error))
                    {
                        return Fail(command, $"expected invalid \"{command.Message}\", got {compiled.Describe()}");
                    }
                    return Pass(command);
                }
            case WastModuleAssertion.Unlinkable:
                return RunFailingInstantiation(command, command.Module, WastErrorKind.Link, command.Message, state);
            default:
                return RunFailingInstantiation(command, command.Module, WastErrorKind.Trap, command.Message, state);
        }
    }

    private WastCommandResult RunAssertMalformed(AssertModuleCommand command)
    {
        var compiled = Compile(command.Module);
        string expected = $"expected malformed \"{command.Message}\"";
        if (command.Module.Kind == WastModuleKind.Binary)
        {
            if (compiled.Stage == Stage.Decode && compiled.Error is MalformedModuleException
                && WastMatcher.MessageMatches(command.Message, compiled.Error))
            {
                return Pass(command);
            }
            return Fail(command, $"{expected}, got {compiled.Describe()}");
        }

        // Quoted or text module: rejected by the text parser or by the decoder.
        bool rejected = compiled.Error is TextSyntaxException
            || (compiled.Error is MalformedModuleException && compiled.Stage is Stage.Text or Stage.Decode);
        if (!rejected)
            return Fail(command, $"{expected}, got {compiled.Describe()}");
        if (WastMatcher.MessageMatches(command.Message, compiled.Error!))
            return Pass(command);
        string mismatch = $"message differs: {expected}, got {compiled.Describe()}";
        return StrictTextMessages ? Fail(command, mismatch) : Pass(command, mismatch);
    }

    // ---- helpers ----

    private static IReadOnlyList<WastValue> Perform(WastAction action, IWastInstance instance) =>
        action.ActionKind == WastActionKind.Get
            ? [instance.GetGlobal(action.Name)]
            : instance.Invoke(action.Name, action.Args);

    /// <summary>The class of a runtime error, or null for an exception no engine should throw.</summary>
    internal static WastErrorKind? Classify(Exception e) => e switch
    {
        IWastError w => w.ErrorKind,
        TrapException { Kind: TrapKind.CallStackExhausted } => WastErrorKind.Exhaustion,
        TrapException => WastErrorKind.Trap,
        InsufficientExecutionStackException => WastErrorKind.Exhaustion,
        _ => null,
    };

    private static WastCommandResult CheckError(WastCommand command, Exception e, WastErrorKind kind, string message)
    {
        if (Classify(e) != kind)
            return Fail(command, $"expected {KindName(kind)} \"{message}\", got {Describe(e)}");
        if (!WastMatcher.MessageMatches(message, e))
            return Fail(command, $"expected {KindName(kind)} \"{message}\", got {Describe(e)}");
        return Pass(command);
    }

    private static string KindName(WastErrorKind kind) => kind switch
    {
        WastErrorKind.Trap => "trap",
        WastErrorKind.Exhaustion => "exhaustion",
        _ => "link error",
    };

    private static string Describe(Exception e) => Classify(e) is { } kind
        ? $"{KindName(kind)} \"{WastMatcher.ErrorText(e)}\""
        : $"{e.GetType().Name} \"{e.Message}\"";

    /// <summary>Instances of one script run: current, named and registered ones.</summary>
    private sealed class ScriptState(IWastEngine? engine) : IWastImports
    {
        private readonly Dictionary<string, IWastInstance?> _named = new(StringComparer.Ordinal);
        private IWastInstance? _current;
        private bool _hasModule;
        private bool _spectestCreated;
        private IWastInstance? _spectest;

        public Dictionary<string, IWastInstance> Registered { get; } = new(StringComparer.Ordinal);

        /// <summary>Records the outcome of a module command (null instance: it failed).</summary>
        public void SetCurrent(string? id, IWastInstance? instance)
        {
            _current = instance;
            _hasModule = true;
            if (id is not null)
                _named[id] = instance;
        }

        public bool TryResolve(string? id, out IWastInstance? instance, out string? error)
        {
            error = null;
            if (id is null)
            {
                instance = _current;
                if (instance is null)
                    error = _hasModule ? "the current module failed to instantiate" : "no module defined";
            }
            else if (_named.TryGetValue(id, out instance))
            {
                if (instance is null)
                    error = $"module {id} failed to instantiate";
            }
            else
            {
                error = $"unknown module {id}";
            }
            return instance is not null;
        }

        public IWastInstance? Find(string moduleName)
        {
            if (Registered.TryGetValue(moduleName, out var instance))
                return instance;
            if (moduleName == "spectest" && engine is not null)
            {
                if (!_spectestCreated)
                {
                    _spectest = engine.CreateSpectest();
                    _spectestCreated = true;
                }
                return _spectest;
            }
            return null;
        }
    }
}
