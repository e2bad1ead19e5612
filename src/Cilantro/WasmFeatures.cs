namespace Cilantro;

/// <summary>
/// Which WebAssembly proposals the decoder, validator and engines accept.
/// <see cref="Default"/> is WebAssembly 2.0: the five 1.0 extensions (mutable globals, saturating
/// conversions, sign extension, multi-value, bulk memory), reference types and fixed-width SIMD.
/// </summary>
public sealed record WasmFeatures
{
    /// <summary>Importing and exporting mutable globals.</summary>
    public bool MutableGlobals { get; init; } = true;
    /// <summary>Non-trapping float-to-int conversions (<c>trunc_sat</c>).</summary>
    public bool SaturatingFloatToInt { get; init; } = true;
    /// <summary>Sign-extension operators (<c>i32.extend8_s</c>, ...).</summary>
    public bool SignExtension { get; init; } = true;
    /// <summary>Multiple results and block parameters.</summary>
    public bool MultiValue { get; init; } = true;
    /// <summary>Bulk memory and table operations, passive segments.</summary>
    public bool BulkMemory { get; init; } = true;
    /// <summary>Reference types (<c>funcref</c>/<c>externref</c> values, multiple tables).</summary>
    public bool ReferenceTypes { get; init; } = true;
    /// <summary>128-bit fixed-width SIMD.</summary>
    public bool Simd { get; init; } = true;

    /// <summary>Multiple memories (post-2.0 proposal).</summary>
    public bool MultiMemory { get; init; }
    /// <summary>64-bit memory indices (post-2.0 proposal).</summary>
    public bool Memory64 { get; init; }
    /// <summary>Tail calls (post-2.0 proposal).</summary>
    public bool TailCall { get; init; }
    /// <summary>Extended constant expressions (post-2.0 proposal).</summary>
    public bool ExtendedConst { get; init; }
    /// <summary>Threads and atomics (post-2.0 proposal).</summary>
    public bool Threads { get; init; }

    /// <summary>WebAssembly 2.0, the default.</summary>
    public static WasmFeatures Default { get; } = new();
}
