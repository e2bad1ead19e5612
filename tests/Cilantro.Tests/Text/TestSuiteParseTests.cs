using Cilantro.Spec;
using Cilantro.Text;
using Xunit;
using Xunit.Abstractions;

namespace Cilantro.Tests.Text;

/// <summary>Parses every script of the spec test suite (when it is available).</summary>
public class TestSuiteParseTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryScriptParsesAndEveryMalformedQuoteFails()
    {
        var dir = TextTestUtil.TestSuiteDirectory();
        if (dir is null)
            Assert.Fail(TestSuitePaths.MissingTestsuiteMessage);
        var failures = new List<string>();
        int files = 0, modules = 0, malformed = 0, rejected = 0;
        foreach (var path in Directory.GetFiles(dir, "*.wast").Order(StringComparer.Ordinal))
        {
            files++;
            var name = Path.GetFileName(path);
            WastScript script;
            try
            {
                script = WastParser.Parse(File.ReadAllText(path), name);
            }
            catch (TextSyntaxException e)
            {
                failures.Add($"{name}: {e.Message}");
                continue;
            }
            foreach (var c in script.Commands)
            {
                switch (c)
                {
                    case ModuleCommand { Module: var m }:
                        modules++;
                        if (m.Kind != WastModuleKind.Quote && m.Binary is null) failures.Add($"{name}:{c.Position}: module without bytes");
                        break;
                    case AssertModuleCommand { Assertion: WastModuleAssertion.Malformed, Module.Kind: WastModuleKind.Quote } a:
                        malformed++;
                        try
                        {
                            Wat.ToBinary(a.Module.Quote!);
                            failures.Add($"{name}:{c.Position}: malformed module encoded (expected \"{a.Message}\")");
                        }
                        catch (TextSyntaxException e)
                        {
                            rejected++;
                            if (!e.SpecMessage.StartsWith(a.Message, StringComparison.Ordinal) && !e.SpecMessage.Contains(a.Message, StringComparison.Ordinal))
                                failures.Add($"{name}:{c.Position}: expected \"{a.Message}\", got \"{e.Message}\"");
                        }
                        break;
                    case AssertModuleCommand { Assertion: not WastModuleAssertion.Malformed, Module: var m } a2:
                        if (m.Kind == WastModuleKind.Quote && m.Quote!.StartsWith("(module", StringComparison.Ordinal))
                        {
                            try
                            {
                                Wat.ToBinary(m.Quote);
                            }
                            catch (TextSyntaxException e)
                            {
                                failures.Add($"{name}:{c.Position}: {a2.Kind} module does not encode: {e.Message}");
                            }
                        }
                        break;
                }
            }
        }
        output.WriteLine($"{files} scripts, {modules} modules, {rejected} of {malformed} malformed quoted modules rejected");
        Assert.True(files >= 147, $"only {files} scripts found in {dir}");
        Assert.Empty(failures);
    }
}
