using System.Diagnostics;
using System.Text;
using Cilantro.Binary;
using Cilantro.Spec;
using Cilantro.Text;
using Cilantro.Validation;
using Xunit;
using Xunit.Abstractions;

namespace Cilantro.Tests.Robustness;

/// <summary>
/// Damaged text (spec scripts and the examples) may only fail with <see cref="TextSyntaxException"/>, and the
/// modules that still parse only with the decoder's and validator's documented exceptions. Deterministic and named.
/// </summary>
public sealed class TextMutationTests(ITestOutputHelper output)
{
    private const string Alphabet = "()\"$;@\\0123456789xXabcefinp.-+_= \n\t\u00e9\u0000";

    private static readonly string[] Tokens =
    [
        "(", ")", "(module", "(func", "(param i32)", "(result i64)", "(local $x f32)", "i32.const", "0x", "-0", "nan:0x1",
        "inf", "(;", ";)", ";;", "\"", "\\u{110000}", "\\ff", "$", "offset=4294967296", "align=3", "(then", "(else", "end",
        "block", "loop", "br_table 0 1 2", "v128.const i8x16", "(memory 1)", "(table 1 funcref)", "(elem", "(data", "18446744073709551616",
        "(import \"a\" \"b\"", "(export \"x\"", "(type 0)", "(ref.func 0)", "ref.null extern", "(mut i32)", "i8x16.shuffle 0 1",
    ];

    private static IEnumerable<(string Name, string Text)> Corpus()
    {
        string suite = Path.Combine(SharedCorpus.Path, "wasm-testsuite");
        Assert.True(Directory.Exists(suite), $"spec test suite not found at {suite}");
        var files = Directory.GetFiles(suite, "*.wast")
            .Select(f => (File: f, Size: new FileInfo(f).Length))
            .Where(f => f.Size <= 8 * 1024 * SharedCorpus.FuzzScale)
            .OrderBy(f => f.Size).ThenBy(f => f.File, StringComparer.Ordinal)
            .Take(24 * SharedCorpus.FuzzScale)
            .Select(f => (Path.GetFileName(f.File), File.ReadAllText(f.File)))
            .ToList();
        string examples = Path.Combine(SharedCorpus.RepoRoot(), "examples");
        if (Directory.Exists(examples))
        {
            foreach (var f in Directory.GetFiles(examples, "*.wat").Order(StringComparer.Ordinal))
                files.Add((Path.GetFileName(f), File.ReadAllText(f)));
        }
        return files;
    }

    /// <summary>Single edits of a text: deletions, insertions of characters and tokens, duplications, truncations.</summary>
    internal static IEnumerable<(string Name, string Text)> Mutations(string name, string text, int count, int seed)
    {
        var rnd = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            int at = rnd.Next(text.Length + 1);
            string what, mutated;
            switch (rnd.Next(6))
            {
                case 0:
                {
                    int len = 1 + rnd.Next(Math.Min(8, Math.Max(1, text.Length - at)));
                    len = Math.Min(len, text.Length - at);
                    mutated = text.Remove(at, len);
                    what = $"delete {len} chars at {at}";
                    break;
                }
                case 1:
                {
                    char c = Alphabet[rnd.Next(Alphabet.Length)];
                    mutated = text.Insert(at, c.ToString());
                    what = $"insert U+{(int)c:X4} at {at}";
                    break;
                }
                case 2:
                {
                    string t = Tokens[rnd.Next(Tokens.Length)];
                    mutated = text.Insert(at, " " + t + " ");
                    what = $"insert '{t}' at {at}";
                    break;
                }
                case 3:
                {
                    int len = Math.Min(1 + rnd.Next(40), text.Length - at);
                    mutated = text.Insert(at, text.Substring(at, len));
                    what = $"duplicate {len} chars at {at}";
                    break;
                }
                case 4:
                {
                    mutated = text[..at];
                    what = $"truncate to {at} chars";
                    break;
                }
                default:
                {
                    if (at >= text.Length) goto case 4;
                    char c = Alphabet[rnd.Next(Alphabet.Length)];
                    mutated = new StringBuilder(text) { [at] = c }.ToString();
                    what = $"replace char at {at} with U+{(int)c:X4}";
                    break;
                }
            }
            yield return ($"{name}: {what}", mutated);
        }
    }

    /// <summary>Parses a mutated text (a script, or a module for .wat) and checks its modules; null when only documented errors occurred.</summary>
    private static string? Check(string name, string text)
    {
        try
        {
            if (name.Contains(".wat:", StringComparison.Ordinal))
            {
                byte[] binary = Wat.ToBinary(text);
                try
                {
                    DecodeAndValidate(binary);
                }
                catch (Exception e) when (e is MalformedModuleException or InvalidModuleException)
                {
                    // A damaged module may well be invalid.
                }
                return null;
            }
            var script = WastParser.Parse(text, name);
            foreach (var command in script.Commands)
            {
                WastModule? module = command switch
                {
                    ModuleCommand m => m.Module,
                    AssertModuleCommand a => a.Module,
                    _ => null,
                };
                if (module is null) continue;
                try
                {
                    byte[] binary = module.Kind == WastModuleKind.Quote ? Wat.ToBinary(module.Quote ?? "") : module.Binary ?? [];
                    DecodeAndValidate(binary);
                }
                catch (Exception e) when (e is MalformedModuleException or InvalidModuleException or TextSyntaxException)
                {
                    // Expected for assert_malformed / assert_invalid modules and for damaged ones.
                }
            }
            return null;
        }
        catch (TextSyntaxException)
        {
            return null;
        }
        catch (Exception e)
        {
            string frame = e.StackTrace?.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
            return $"{e.GetType().FullName}: {e.Message} {frame}";
        }
    }

    private static void DecodeAndValidate(byte[] binary) => ModuleValidator.Validate(ModuleDecoder.Decode(binary));

    [Fact]
    public void MutatedTextOnlyThrowsDocumentedExceptions()
    {
        var mutants = new List<(string Name, string Text)>();
        int seed = 500;
        foreach (var (name, text) in Corpus())
            mutants.AddRange(Mutations(name, text, 50 * SharedCorpus.FuzzScale, seed++));
        Assert.True(mutants.Count >= 1000, $"only {mutants.Count} text mutants");

        var failures = new Dictionary<string, (int Count, string Example)>();
        string current = "(none)";
        int done = 0;
        var sw = Stopwatch.StartNew();
        var thread = new Thread(() =>
        {
            foreach (var (name, text) in mutants)
            {
                Volatile.Write(ref current, name);
                string? bug = Check(name, text);
                done++;
                if (bug is null) continue;
                string key = bug.Length > 300 ? bug[..300] : bug;
                failures[key] = failures.TryGetValue(key, out var f) ? (f.Count + 1, f.Example) : (1, name);
            }
        }, 16 * 1024 * 1024)
        { IsBackground = true, Name = "text mutation batch" };
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(45 * SharedCorpus.FuzzScale)), $"text mutation batch did not finish (hang?); working on: {Volatile.Read(ref current)}; done {done}");
        output.WriteLine($"{mutants.Count} text mutants in {sw.Elapsed.TotalSeconds:F1} s");
        Assert.True(failures.Count == 0,
            $"{failures.Values.Sum(f => f.Count)} of {mutants.Count} text mutants escaped with undocumented exceptions:\n" +
            string.Join("\n", failures.Take(20).Select(f => $"  [{f.Value.Count}x] {f.Key}\n      e.g. {f.Value.Example}")));
    }
}
