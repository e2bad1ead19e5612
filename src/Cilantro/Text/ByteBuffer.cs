namespace Cilantro.Text;

/// <summary>A growable byte buffer with the binary format's primitive encodings.</summary>
internal sealed class ByteBuffer
{
    private byte[] _data;
    private int _length;

    /// <summary>Creates an empty buffer.</summary>
    public ByteBuffer(int capacity = 64) => _data = new byte[Math.Max(capacity, 16)];

    /// <summary>Bytes written.</summary>
    public int Length => _length;

    /// <summary>The written bytes.</summary>
    public ReadOnlySpan<byte> Span => _data.AsSpan(0, _length);

    private void Ensure(int extra)
    {
        if (_length + extra <= _data.Length) return;
        Array.Resize(ref _data, Math.Max(_data.Length * 2, _length + extra));
    }

    /// <summary>Appends a byte.</summary>
    public void Byte(byte b)
    {
        Ensure(1);
        _data[_length++] = b;
    }

    /// <summary>Appends bytes.</summary>
    public void Bytes(ReadOnlySpan<byte> b)
    {
        Ensure(b.Length);
        b.CopyTo(_data.AsSpan(_length));
        _length += b.Length;
    }

    /// <summary>Unsigned LEB128.</summary>
    public void U32(ulong v)
    {
        do
        {
            byte b = (byte)(v & 0x7F);
            v >>= 7;
            if (v != 0) b |= 0x80;
            Byte(b);
        } while (v != 0);
    }

    /// <summary>Signed LEB128.</summary>
    public void S64(long v)
    {
        while (true)
        {
            byte b = (byte)(v & 0x7F);
            v >>= 7;
            bool done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
            if (!done) b |= 0x80;
            Byte(b);
            if (done) return;
        }
    }

    /// <summary>Little-endian 32 bits.</summary>
    public void Fixed32(uint v)
    {
        for (int i = 0; i < 4; i++) Byte((byte)(v >> (8 * i)));
    }

    /// <summary>Little-endian 64 bits.</summary>
    public void Fixed64(ulong v)
    {
        for (int i = 0; i < 8; i++) Byte((byte)(v >> (8 * i)));
    }

    /// <summary>A length-prefixed byte vector.</summary>
    public void Name(ReadOnlySpan<byte> b)
    {
        U32((uint)b.Length);
        Bytes(b);
    }

    /// <summary>A length-prefixed UTF-8 string.</summary>
    public void Name(string s) => Name(System.Text.Encoding.UTF8.GetBytes(s));

    /// <summary>Copies out and removes the bytes from <paramref name="start"/> on.</summary>
    public byte[] CutFrom(int start)
    {
        var r = _data.AsSpan(start, _length - start).ToArray();
        _length = start;
        return r;
    }

    /// <summary>Removes everything.</summary>
    public void Clear() => _length = 0;

    /// <summary>A copy of the contents.</summary>
    public byte[] ToArray() => Span.ToArray();
}
