using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Cilantro.Aot;

/// <summary>
/// The ahead-of-time compiler: translates a module to CIL once (the runtime compiler's code, saved with
/// <see cref="System.Reflection.Emit.PersistedAssemblyBuilder"/>), so that loading it later costs no translation.
/// </summary>
public static class AotCompiler
{
    /// <summary>Name of the custom section of a universal module.</summary>
    public const string SectionName = "cilantro.aot";

    /// <summary>
    /// Compiles a module ahead of time.
    /// </summary>
    /// <param name="wasm">The module bytes (a <see cref="SectionName"/> section already present is ignored and dropped).</param>
    /// <param name="options">Settings, or null for the defaults.</param>
    /// <param name="progress">Receives progress reports, or null.</param>
    /// <exception cref="MalformedModuleException">The bytes are not a well-formed module.</exception>
    /// <exception cref="InvalidModuleException">The module does not validate.</exception>
    public static AotResult Compile(ReadOnlyMemory<byte> wasm, AotOptions? options = null, IProgress<AotProgress>? progress = null) =>
        AotBuilder.Compile(wasm, options ?? new AotOptions(), progress);

    /// <summary>
    /// The cache key of a module: SHA-256 (hex) over the original module bytes, the Cilantro build and the options that
    /// change the generated code.
    /// </summary>
    /// <param name="originalWasm">The module bytes without any <see cref="SectionName"/> section.</param>
    /// <param name="options">The compile options.</param>
    public static string KeyOf(ReadOnlySpan<byte> originalWasm, AotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return KeyOf(originalWasm, CilantroBuild, FeatureBits(options.Features), options.OptimizationLevel);
    }

    internal static string KeyOf(ReadOnlySpan<byte> originalWasm, string build, int featureBits, int level)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        h.AppendData(originalWasm);
        h.AppendData("\0cilantro.aot/1\0"u8);
        h.AppendData(Encoding.UTF8.GetBytes(build));
        Span<byte> opts = stackalloc byte[8];
        BitConverter.TryWriteBytes(opts, featureBits);
        BitConverter.TryWriteBytes(opts[4..], level);
        h.AppendData(opts);
        return Convert.ToHexStringLower(h.GetHashAndReset());
    }

    /// <summary>The Cilantro build: informational version plus the module version id of the library (changes with any code change).</summary>
    internal static string CilantroBuild { get; } = ComputeBuild();

    private static string ComputeBuild()
    {
        var asm = typeof(AotCompiler).Assembly;
        string version = asm.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? asm.GetName().Version?.ToString() ?? "0";
        string mvid;
        try { mvid = asm.ManifestModule.ModuleVersionId.ToString("N"); }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException) { mvid = "?"; }
        return version + " (" + mvid + ")";
    }

    /// <summary>The proposals as bits, in a fixed order (part of the key).</summary>
    internal static int FeatureBits(WasmFeatures f)
    {
        ArgumentNullException.ThrowIfNull(f);
        bool[] bits =
        [
            f.MutableGlobals, f.SaturatingFloatToInt, f.SignExtension, f.MultiValue, f.BulkMemory, f.ReferenceTypes, f.Simd,
            f.MultiMemory, f.Memory64, f.TailCall, f.ExtendedConst, f.Threads,
        ];
        int r = 0;
        for (int i = 0; i < bits.Length; i++) if (bits[i]) r |= 1 << i;
        return r;
    }

    /// <summary>The inverse of <see cref="FeatureBits"/>.</summary>
    internal static WasmFeatures FeaturesOf(int b) => new()
    {
        MutableGlobals = (b & 1) != 0, SaturatingFloatToInt = (b & 2) != 0, SignExtension = (b & 4) != 0,
        MultiValue = (b & 8) != 0, BulkMemory = (b & 16) != 0, ReferenceTypes = (b & 32) != 0, Simd = (b & 64) != 0,
        MultiMemory = (b & 128) != 0, Memory64 = (b & 256) != 0, TailCall = (b & 512) != 0, ExtendedConst = (b & 1024) != 0,
        Threads = (b & 2048) != 0,
    };
}
