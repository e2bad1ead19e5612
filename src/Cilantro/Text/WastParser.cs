using Cilantro.Spec;

namespace Cilantro.Text;

/// <summary>Parses WAST spec scripts (stub: replaced by the text-format implementation).</summary>
public static class WastParser
{
    /// <summary>Parses a script. Throws <see cref="TextSyntaxException"/> when it is not well formed.</summary>
    public static WastScript Parse(string text, string fileName) => throw new NotImplementedException();
}
