using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using Cilantro.Model;

namespace Cilantro.Binary;

/// <summary>
/// Reads the primitive encodings of the binary format (bytes, LEB128 integers exactly as the spec demands,
/// floats, names, value types) from a span, reporting <see cref="MalformedModuleException"/> with absolute offsets.
/// </summary>
public ref struct WasmReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _baseOffset;
    private readonly string _endMessage;
    private int _pos;

    /// <summary>Creates a reader.</summary>
    /// <param name="data">The bytes to read.</param>
    /// <param name="baseOffset">Absolute offset of <paramref name="data"/>[0] in the module, for error messages.</param>
    /// <param name="endMessage">Message used when reading past the end ("unexpected end" or "unexpected end of section or function").</param>
    public WasmReader(ReadOnlySpan<byte> data, int baseOffset = 0, string endMessage = "unexpected end")
    {
        _data = data;
        _baseOffset = baseOffset;
        _endMessage = endMessage;
        _pos = 0;
    }

    /// <summary>Position relative to the start of the span.</summary>
    public int Position { readonly get => _pos; set => _pos = value; }

    /// <summary>Absolute offset in the module of the next byte.</summary>
    public readonly int Offset => _baseOffset + _pos;

    /// <summary>Absolute offset of the span's first byte.</summary>
    public readonly int BaseOffset => _baseOffset;

    /// <summary>Bytes left.</summary>
    public readonly int Remaining => _data.Length - _pos;

    /// <summary>True when every byte has been read.</summary>
    public readonly bool AtEnd => _pos >= _data.Length;

    /// <summary>The whole underlying span.</summary>
    public readonly ReadOnlySpan<byte> Data => _data;

    /// <summary>Throws a malformed-module error at the current offset.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public readonly MalformedModuleException Error(string message) => new(message, Offset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly MalformedModuleException EndError() => new(_endMessage, _baseOffset + _data.Length);

    /// <summary>Reads one byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte ReadByte()
    {
        if ((uint)_pos >= (uint)_data.Length) throw EndError();
        return _data[_pos++];
    }

    /// <summary>Peeks at the next byte without consuming it.</summary>
    public readonly byte PeekByte()
    {
        if ((uint)_pos >= (uint)_data.Length) throw EndError();
        return _data[_pos];
    }

    /// <summary>Reads <paramref name="count"/> raw bytes.</summary>
    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > _data.Length - _pos) throw EndError();
        var s = _data.Slice(_pos, count);
        _pos += count;
        return s;
    }

    /// <summary>Reads an unsigned 32-bit LEB128 integer (at most 5 bytes, unused bits zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadU32()
    {
        if ((uint)_pos < (uint)_data.Length)
        {
            byte b = _data[_pos];
            if (b < 0x80) { _pos++; return b; }
        }
        return (uint)ReadUnsignedSlow(32);
    }

    /// <summary>Reads an unsigned 64-bit LEB128 integer (at most 10 bytes, unused bits zero).</summary>
    public ulong ReadU64() => ReadUnsignedSlow(64);

    /// <summary>Reads a signed 32-bit LEB128 integer.</summary>
    public int ReadS32() => (int)ReadSigned(32);

    /// <summary>Reads a signed 33-bit LEB128 integer (block type indices).</summary>
    public long ReadS33() => ReadSigned(33);

    /// <summary>Reads a signed 64-bit LEB128 integer.</summary>
    public long ReadS64() => ReadSigned(64);

    private ulong ReadUnsignedSlow(int bits)
    {
        int maxBytes = (bits + 6) / 7;
        ulong result = 0;
        int shift = 0;
        for (int i = 0; ; i++)
        {
            byte b = ReadByte();
            if (i == maxBytes - 1)
            {
                // Last permitted byte: no continuation, and the bits beyond the width must be zero.
                if ((b & 0x80) != 0) throw new MalformedModuleException("integer representation too long", Offset - 1);
                int usedBits = bits - shift;
                if (usedBits < 7 && (b >> usedBits) != 0) throw new MalformedModuleException("integer too large", Offset - 1);
                return result | ((ulong)b << shift);
            }
            result |= (ulong)(b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0) return result;
        }
    }

    private long ReadSigned(int bits)
    {
        int maxBytes = (bits + 6) / 7;
        long result = 0;
        int shift = 0;
        for (int i = 0; ; i++)
        {
            byte b = ReadByte();
            if (i == maxBytes - 1)
            {
                if ((b & 0x80) != 0) throw new MalformedModuleException("integer representation too long", Offset - 1);
                // The unused high bits must all equal the sign bit of the value.
                int usedBits = bits - shift; // 1..7
                if (usedBits < 7)
                {
                    int payload = b & 0x7F;
                    int signAndUnused = payload >> (usedBits - 1);
                    int allOnes = (1 << (8 - usedBits)) - 1;
                    if (signAndUnused != 0 && signAndUnused != allOnes) throw new MalformedModuleException("integer too large", Offset - 1);
                }
                result |= (long)(b & 0x7F) << shift;
                shift += 7;
                if (shift < 64) result = (result << (64 - shift)) >> (64 - shift);
                return result;
            }
            result |= (long)(b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0)
            {
                if (shift < 64) result = (result << (64 - shift)) >> (64 - shift);
                return result;
            }
        }
    }

    /// <summary>Reads a little-endian IEEE single, as raw bits.</summary>
    public uint ReadF32Bits() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    /// <summary>Reads a little-endian IEEE double, as raw bits.</summary>
    public ulong ReadF64Bits() => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));

    /// <summary>Reads 16 bytes.</summary>
    public V128 ReadV128()
    {
        var b = ReadBytes(16);
        return new V128(BinaryPrimitives.ReadUInt64LittleEndian(b), BinaryPrimitives.ReadUInt64LittleEndian(b[8..]));
    }

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>Reads a name: a length-prefixed UTF-8 string ("malformed UTF-8 encoding" when invalid).</summary>
    public string ReadName()
    {
        uint len = ReadU32();
        if (len > (uint)Remaining) throw EndError();
        int start = Offset;
        var bytes = ReadBytes((int)len);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new MalformedModuleException("malformed UTF-8 encoding", start);
        }
    }

    /// <summary>Reads a value type.</summary>
    public ValType ReadValType(WasmFeatures features)
    {
        int at = Offset;
        byte b = ReadByte();
        return TryDecodeValType(b, features) ?? throw new MalformedModuleException("malformed value type", at);
    }

    /// <summary>Reads a reference type (element types of tables and segments).</summary>
    public ValType ReadRefType(WasmFeatures features)
    {
        int at = Offset;
        byte b = ReadByte();
        var t = b == 0x70 ? ValType.FuncRef : TryDecodeValType(b, features);
        if (t is not { IsRef: true }) throw new MalformedModuleException("malformed reference type", at);
        return t.Value;
    }

    /// <summary>Decodes a single-byte value type, or null.</summary>
    public static ValType? TryDecodeValType(byte b, WasmFeatures features) => b switch
    {
        0x7F => ValType.I32,
        0x7E => ValType.I64,
        0x7D => ValType.F32,
        0x7C => ValType.F64,
        0x7B when features.Simd => ValType.V128,
        0x70 when features.ReferenceTypes => ValType.FuncRef,
        0x6F when features.ReferenceTypes => ValType.ExternRef,
        _ => null,
    };
}
