using System.Reflection;
using System.Runtime.Loader;
using System.Security.Cryptography;

namespace Cilantro.Aot;

/// <summary>
/// Makes the machine code of ReadyToRun images count. The runtime ignores ReadyToRun code in an assembly loaded from
/// bytes (<see cref="AssemblyLoadContext.LoadFromStream(Stream)"/>) or into a collectible context, and JIT-compiles
/// every method instead. So a ReadyToRun image is written once to a content-addressed cache file (named by the
/// SHA-256 of its bytes, compared byte for byte before every use: a changed file is rewritten, never run) and
/// loaded from that path into a non-collectible context. Plain IL images are not cached.
/// </summary>
/// <remarks>
/// The folder is <c>$CILANTRO_AOT_CACHE</c>, else <c>$XDG_CACHE_HOME/cilantro/aot</c> or the user's local application data
/// folder; <c>CILANTRO_AOT_CACHE=off</c> disables the cache (images load from bytes and are JIT-compiled). Code loaded through
/// the cache stays loaded until the process ends.
/// </remarks>
internal static class ReadyToRunCache
{
    /// <summary>Environment variable: the cache folder, or <c>off</c>.</summary>
    public const string Variable = "CILANTRO_AOT_CACHE";

    /// <summary>One non-collectible context per image; Cilantro itself resolves to the running library.</summary>
    private sealed class CachedImageContext() : AssemblyLoadContext("cilantro.aot.r2r", isCollectible: false)
    {
        protected override Assembly? Load(AssemblyName name) =>
            name.Name == typeof(ReadyToRunCache).Assembly.GetName().Name ? typeof(ReadyToRunCache).Assembly : null;
    }

    /// <summary>Loaded images by content hash (the same image is loaded once per process).</summary>
    private static readonly Dictionary<string, Assembly> Loaded = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether a PE image carries ReadyToRun code: its CLI header has a managed native header. Read by hand (no
    /// System.Reflection.Metadata, whose generic code would have to be JIT-compiled on the load path).
    /// </summary>
    public static bool IsReadyToRun(ReadOnlySpan<byte> pe)
    {
        if (pe.Length < 0x40 || pe[0] != (byte)'M' || pe[1] != (byte)'Z') return false;
        int nt = ReadInt32(pe, 0x3C);
        if (nt < 0 || nt > pe.Length - 24 || ReadInt32(pe, nt) != 0x4550) return false; // "PE\0\0"
        int sections = ReadUInt16(pe, nt + 6);
        int optionalSize = ReadUInt16(pe, nt + 20);
        int optional = nt + 24;
        if (optional + optionalSize > pe.Length || optional + 2 > pe.Length) return false;
        int magic = ReadUInt16(pe, optional);
        int directories = optional + (magic == 0x20B ? 112 : 96); // PE32+ or PE32
        const int CliHeaderEntry = 14;
        if (directories + (CliHeaderEntry + 1) * 8 > optional + optionalSize) return false;
        int cliRva = ReadInt32(pe, directories + CliHeaderEntry * 8);
        int cli = RvaToOffset(pe, optional + optionalSize, sections, cliRva);
        if (cli < 0 || cli > pe.Length - 72) return false;
        return ReadInt32(pe, cli + 64 + 4) > 0; // ManagedNativeHeader directory: RVA at +64, size at +68
    }

    private static int RvaToOffset(ReadOnlySpan<byte> pe, int sectionTable, int count, int rva)
    {
        for (int i = 0; i < count; i++)
        {
            int h = sectionTable + i * 40;
            if (h > pe.Length - 40) return -1;
            int size = ReadInt32(pe, h + 8), va = ReadInt32(pe, h + 12), raw = ReadInt32(pe, h + 20);
            if (rva >= va && rva - va < size) return raw + (rva - va);
        }
        return -1;
    }

    private static int ReadInt32(ReadOnlySpan<byte> s, int at) => System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(s[at..]);

    private static int ReadUInt16(ReadOnlySpan<byte> s, int at) => System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(s[at..]);

    /// <summary>
    /// Loads a ReadyToRun image through the cache file; null when the image has no ReadyToRun code, the cache is off,
    /// or the file cannot be written (the caller then loads the image from bytes).
    /// </summary>
    public static Assembly? TryLoad(ReadOnlyMemory<byte> image)
    {
        string? folder = Folder();
        if (folder is null || !IsReadyToRun(image.Span)) return null;
        string hash = Convert.ToHexStringLower(SHA256.HashData(image.Span));
        lock (Loaded)
        {
            if (Loaded.TryGetValue(hash, out var done)) return done;
            try
            {
                string path = Path.Combine(folder, hash + ".dll");
                if (!SameContent(path, image.Span))
                {
                    if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
                    else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                    string temp = path + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".tmp";
                    File.WriteAllBytes(temp, image.ToArray());
                    File.Move(temp, path, overwrite: true);
                }
                var assembly = new CachedImageContext().LoadFromAssemblyPath(path);
                Loaded[hash] = assembly;
                return assembly;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }
    }

    /// <summary>The cache folder, or null when the cache is off.</summary>
    internal static string? Folder()
    {
        string? env = Environment.GetEnvironmentVariable(Variable);
        if (string.Equals(env, "off", StringComparison.OrdinalIgnoreCase)) return null;
        if (!string.IsNullOrWhiteSpace(env)) return Path.GetFullPath(env);
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root = !string.IsNullOrWhiteSpace(xdg) ? xdg
            : OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return root.Length == 0 ? null : Path.Combine(root, "cilantro", "aot");
    }

    /// <summary>Whether the file exists and holds exactly these bytes.</summary>
    private static bool SameContent(string path, ReadOnlySpan<byte> image)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length != image.Length) return false;
            return File.ReadAllBytes(path).AsSpan().SequenceEqual(image);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
