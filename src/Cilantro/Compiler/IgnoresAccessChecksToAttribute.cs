namespace System.Runtime.CompilerServices;

/// <summary>Lets the compiler's dynamic assemblies use this assembly's internal types (honoured by the runtime by name).</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class IgnoresAccessChecksToAttribute : Attribute
{
    /// <summary>Names the assembly whose internals may be used.</summary>
    public IgnoresAccessChecksToAttribute(string assemblyName) => AssemblyName = assemblyName;

    /// <summary>The assembly's simple name.</summary>
    public string AssemblyName { get; }
}
