namespace Cilantro.Tests.Text;

internal static class TextTestUtil
{
    /// <summary>Removes custom sections (the name section) so output can be compared with reference bytes.</summary>
    public static byte[] StripCustomSections(byte[] wasm)
    {
        var o = new List<byte>(wasm.AsSpan(0, 8).ToArray());
        int i = 8;
        while (i < wasm.Length)
        {
            byte id = wasm[i];
            int j = i + 1;
            uint size = 0;
            int shift = 0;
            while (true)
            {
                byte b = wasm[j++];
                size |= (uint)(b & 0x7F) << shift;
                shift += 7;
                if (b < 0x80) break;
            }
            int end = j + (int)size;
            if (id != 0) o.AddRange(wasm.AsSpan(i, end - i).ToArray());
            i = end;
        }
        return o.ToArray();
    }

    public static string Hex(byte[] b) => Convert.ToHexString(b).ToLowerInvariant();

    /// <summary>The spec test suite directory, or null when it is not available.</summary>
    public static string? TestSuiteDirectory()
    {
        if (Directory.Exists(TestSuitePaths.WasmTestsuite)) return TestSuitePaths.WasmTestsuite;
        // Worktrees sit deeper than the main checkout: look further up for a shared/wasm-testsuite folder.
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "wasm-testsuite");
            if (Directory.Exists(candidate)) return candidate;
            dir = dir.Parent;
        }
        return null;
    }
}
