namespace Cilantro.Spec;

/// <summary>The classes of runtime failure that spec scripts assert on.</summary>
public enum WastErrorKind
{
    /// <summary>A trap during execution or instantiation (<c>assert_trap</c>, <c>assert_uninstantiable</c>).</summary>
    Trap,
    /// <summary>Call-stack or resource exhaustion (<c>assert_exhaustion</c>).</summary>
    Exhaustion,
    /// <summary>A module could not be linked: unknown import or incompatible import type (<c>assert_unlinkable</c>).</summary>
    Link,
}

/// <summary>
/// Implemented by the exceptions an <see cref="IWastEngine"/> throws for link errors (and any other runtime failure
/// that is not a <see cref="TrapException"/>), so the runner can tell them apart. <see cref="TrapException"/> itself
/// is recognised without this interface: a trap, or exhaustion when its kind is
/// <see cref="TrapKind.CallStackExhausted"/>. The runner matches the expected text against
/// <see cref="WasmException.SpecMessage"/> when the exception is a <see cref="WasmException"/>, and against
/// <see cref="Exception.Message"/> otherwise.
/// </summary>
/// <remarks>
/// Besides this interface and <see cref="TrapException"/> the runner recognises one .NET exception: <see cref="InsufficientExecutionStackException"/>
/// counts as <see cref="WastErrorKind.Exhaustion"/>. Any other exception escaping an engine is an engine bug and makes
/// the command fail with an "internal error".
/// </remarks>
public interface IWastError
{
    /// <summary>Which class of failure this is.</summary>
    WastErrorKind ErrorKind { get; }
}
