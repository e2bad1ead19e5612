namespace Cilantro.Tests;

/// <summary>Where the repository and the shared test corpora are.</summary>
internal static class TestSuitePaths
{
    /// <summary>Environment variable overriding the Wasm 2.0 spec test suite folder.</summary>
    public const string TestsuiteVariable = "CILANTRO_TESTSUITE";

    /// <summary>The repository root: the nearest folder above the test binaries that holds Cilantro.slnx.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The <c>shared</c> folder beside the repository (test corpora, read in place).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    /// <summary>The Wasm 2.0 spec test suite: <c>$CILANTRO_TESTSUITE</c>, else <c>../shared/wasm-testsuite</c>.</summary>
    public static string WasmTestsuite
    {
        get
        {
            string? fromEnv = Environment.GetEnvironmentVariable(TestsuiteVariable);
            return string.IsNullOrWhiteSpace(fromEnv)
                ? Path.Combine(Shared, "wasm-testsuite")
                : Path.GetFullPath(fromEnv);
        }
    }

    /// <summary>Explains where the spec test suite must be.</summary>
    public static string MissingTestsuiteMessage =>
        $"The WebAssembly spec test suite was not found at '{WasmTestsuite}'. Put the Wasm 2.0 suite (the top-level " +
        $"*.wast files of github.com/WebAssembly/testsuite) in '{Path.Combine(Shared, "wasm-testsuite")}', i.e. " +
        $"../shared/wasm-testsuite next to the repository, or set {TestsuiteVariable} to its folder.";

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cilantro.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException(
            $"Cilantro.slnx not found in any folder above {AppContext.BaseDirectory}");
    }
}
