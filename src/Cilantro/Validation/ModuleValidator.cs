using Cilantro.Model;

namespace Cilantro.Validation;

/// <summary>Validates a decoded module as the spec's validation algorithm does.</summary>
public static class ModuleValidator
{
    /// <summary>Validates <paramref name="module"/>. Throws <see cref="InvalidModuleException"/> when it is not valid.</summary>
    public static void Validate(ModuleDefinition module, WasmFeatures? features = null)
    {
        throw new NotImplementedException();
    }
}
