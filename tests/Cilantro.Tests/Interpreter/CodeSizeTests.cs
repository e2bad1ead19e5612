using Cilantro.Interpreter;
using Xunit;
using Xunit.Abstractions;

namespace Cilantro.Tests.Interpreter;

/// <summary>The translated code of real programs (the sightglass modules) stays within 3x the bytes of their code section.</summary>
public sealed class CodeSizeTests(ITestOutputHelper output)
{
    [Fact]
    public void TranslatedCodeIsAtMostThreeTimesTheWasmCode()
    {
        var engine = new Engine();
        long wasmTotal = 0, codeTotal = 0, sitesTotal = 0;
        // Fails with a message saying where to put the corpus when it is missing or empty (never passes silently).
        foreach (var (name, file) in Cilantro.Tests.Robustness.SharedCorpus.SightglassModules())
        {
            var def = Module.FromFile(engine, file).Definition;
            long wasm = 0, code = 0, sites = 0;
            for (int i = 0; i < def.Bodies.Count; i++)
            {
                wasm += def.Bodies[i].Code.Length;
                var fc = Translator.Translate(def, def.ImportedFunctionCount + i);
                code += fc.Code.Length * sizeof(int);
                sites += fc.TrapSites.Length * sizeof(int);
            }
            output.WriteLine($"{name}: {wasm / 1024} KiB wasm code -> {code / 1024} KiB translated ({(double)code / wasm:F2}x), trap side table {sites / 1024} KiB");
            Assert.True(code <= 3 * wasm, $"{file}: translated code is {(double)code / wasm:F2}x the code section");
            wasmTotal += wasm;
            codeTotal += code;
            sitesTotal += sites;
        }
        output.WriteLine($"total: {(double)codeTotal / wasmTotal:F2}x; side table {(double)sitesTotal / wasmTotal:F2}x of the wasm code");
    }
}
