using System.Runtime.CompilerServices;
using Cilantro.Interpreter;
using Cilantro.Runtime;

namespace Cilantro.Compiler;

/// <summary>
/// The compiler machine: each WebAssembly function becomes a static CIL method (see <see cref="FunctionCompiler"/>),
/// built when an instance of the module first runs code (or at instantiation when <see cref="Eager"/>) and turned into
/// machine code by RyuJIT on its first call. Functions too big for the JIT's optimiser, or that the emitter cannot
/// handle, run in the interpreter; both kinds call each other through <see cref="FunctionInstance.Invoke"/>.
/// </summary>
internal sealed class CompilerMachine : IMachine
{
    /// <summary>The shared lazy instance.</summary>
    public static readonly CompilerMachine Instance = new(false, new CompilerLimits());

    /// <summary>The shared eager instance.</summary>
    public static readonly CompilerMachine EagerInstance = new(true, new CompilerLimits());

    private static readonly CompilerMachine PersistentInstance = new(false, new CompilerLimits { UnloadableCode = false });
    private static readonly CompilerMachine PersistentEagerInstance = new(true, new CompilerLimits { UnloadableCode = false });

    /// <summary>The shared machine for these engine options.</summary>
    public static CompilerMachine For(bool eager, bool unloadableCode) => (eager, unloadableCode) switch
    {
        (false, true) => Instance,
        (true, true) => EagerInstance,
        (false, false) => PersistentInstance,
        (true, false) => PersistentEagerInstance,
    };

    public CompilerMachine(bool eager, CompilerLimits limits)
    {
        Eager = eager;
        Limits = limits;
    }

    /// <summary>Compile (and JIT) every function at instantiation instead of on first use.</summary>
    public bool Eager { get; }

    public CompilerLimits Limits { get; }

    public string Name => "compiler";

    public void Prepare(ModuleInstance instance)
    {
        if (!Eager) return;
        CompilerRuntime.JitAhead(Bind(instance), -1, long.MaxValue);
    }

    /// <summary>Builds (or finds) the module's code and sets <see cref="WasmFunction.Code"/> of every function of the instance.</summary>
    private CompiledModule Bind(ModuleInstance instance)
    {
        var cm = CompiledModule.Get(instance.Definition, Limits);
        cm.Bind(instance, () =>
        {
            var ci = new CompiledInstance(instance, cm);
            var fs = instance.Functions;
            for (int i = cm.ImportedFunctionCount; i < fs.Length; i++)
            {
                if (fs[i] is not WasmFunction wf || wf.Code is not null) continue;
                var e = cm.Entries[i];
                if (e is null)
                {
                    wf.Code = InterpretedMarker.Instance;
                    continue;
                }
                var cf = new CompiledFunction(ci, e);
                wf.IndirectInstance = ci; // before the entry point: a reader that sees IndirectFn also sees the instance
                Volatile.Write(ref wf.IndirectFn, cf.Fn);
                wf.Code = cf;
            }
        });
        return cm;
    }

    public void Invoke(WasmFunction function, ExecContext ctx, int argBase)
    {
        var code = function.Code;
        if (code is null)
        {
            var cm = Bind(function.Module);
            if (Limits.BackgroundJit) CompilerRuntime.JitAhead(cm, function.Index, Limits.JitAheadBytes);
            code = function.Code;
        }
        if (code is not CompiledFunction cf)
        {
            // Left to the interpreter: the interpreter's calls to it (its recursion, say) then stay in its loop rather
            // than entering it again through here, a .NET frame each (deep recursion, and a trap rethrown at each
            // level, could then overflow the native stack).
            function.InterpreterCode ??= InterpreterMachine.GetCode(function);
            InterpreterMachine.Instance.Invoke(function, ctx, argBase);
            return;
        }
        int savedDepth = ctx.Depth;
        int savedTop = ctx.Top;
        int top = argBase + Math.Max(function.ParamSlots, function.ResultSlots);
        if (top + 16 > ctx.Capacity) throw new TrapException(TrapKind.CallStackExhausted);
        nuint savedFloor = CompilerRuntime.Enter(ctx);
        ctx.Top = top;
        int mark = CompilerRuntime.FrameMark;
        bool returned = false;
        TrapException? inFlight = null;
        try
        {
            try
            {
                cf.CallEntry(ctx, argBase);
                returned = true;
            }
            finally
            {
                // Unwinding: the compiled frames between here and the trap recorded themselves (inner handlers
                // run first); they go to the exception the filter below saw (filters run in the first pass).
                if (!returned) CompilerRuntime.EndRun(mark, cf.Instance, inFlight);
            }
        }
        catch (Exception e) when (TrapException.InFlight(e, out inFlight))
        {
            throw; // never taken
        }
        finally
        {
            ctx.Depth = savedDepth;
            ctx.Top = savedTop;
            ctx.StackFloor = savedFloor;
        }
    }
}
