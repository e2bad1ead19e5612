using System.Text;

namespace Cilantro.Aot;

/// <summary>
/// The <c>cilantro.aot</c> custom section of a universal module. Payload: a format byte (1), the 32-byte key, the
/// SHA-256 of the image (32 bytes), the feature bits (u32 LEB128), the optimisation level (a byte), the building
/// Cilantro version (LEB128 length + UTF-8), then the assembly image to the end of the section.
/// </summary>
internal static class UniversalModule
{
    public const byte Format = 1;

    /// <summary>The parsed section: where it sits in the module and what it holds.</summary>
    public sealed record Section(int Start, int End, byte[] Key, byte[] ImageHash, int FeatureBits, int Level, string BuiltBy, ReadOnlyMemory<byte> Image)
    {
        public string KeyHex => Convert.ToHexStringLower(Key);

        /// <summary>Whether the image is the one the section was written with.</summary>
        public bool ImageIntact => System.Security.Cryptography.SHA256.HashData(Image.Span).AsSpan().SequenceEqual(ImageHash);
    }

    public static byte[] Build(byte[] original, AotResult r)
    {
        var payload = new List<byte>(r.Assembly.Length + 128) { Format };
        payload.AddRange(Convert.FromHexString(r.Key));
        payload.AddRange(System.Security.Cryptography.SHA256.HashData(r.Assembly));
        WriteLeb(payload, (uint)AotCompiler.FeatureBits(r.Options.Features));
        payload.Add((byte)r.Options.OptimizationLevel);
        var built = Encoding.UTF8.GetBytes(AotCompiler.CilantroBuild);
        WriteLeb(payload, (uint)built.Length);
        payload.AddRange(built);
        payload.AddRange(r.Assembly);

        var name = Encoding.UTF8.GetBytes(AotCompiler.SectionName);
        var head = new List<byte>();
        WriteLeb(head, (uint)name.Length);
        head.AddRange(name);
        var size = new List<byte>();
        WriteLeb(size, (uint)(head.Count + payload.Count));

        var result = new byte[original.Length + 1 + size.Count + head.Count + payload.Count];
        original.CopyTo(result, 0);
        int at = original.Length;
        result[at++] = 0;
        size.CopyTo(result, at); at += size.Count;
        head.CopyTo(result, at); at += head.Count;
        payload.CopyTo(result, at);
        return result;
    }

    private static void WriteLeb(List<byte> to, uint v)
    {
        do
        {
            byte b = (byte)(v & 0x7f);
            v >>= 7;
            if (v != 0) b |= 0x80;
            to.Add(b);
        } while (v != 0);
    }

    private static bool TryReadLeb(ReadOnlySpan<byte> s, ref int at, out uint v)
    {
        v = 0;
        for (int shift = 0; shift < 35; shift += 7)
        {
            if (at >= s.Length) return false;
            byte b = s[at++];
            v |= (uint)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return true;
        }
        return false;
    }

    /// <summary>
    /// Finds the <c>cilantro.aot</c> section of a module. Returns false when there is none; <paramref name="error"/> is
    /// set when there is one that cannot be used (several, or a malformed payload).
    /// </summary>
    public static bool TryFind(ReadOnlyMemory<byte> module, out Section? section, out string? error)
    {
        section = null;
        error = null;
        var s = module.Span;
        if (s.Length < 8) return false;
        int at = 8;
        var name = Encoding.UTF8.GetBytes(AotCompiler.SectionName);
        while (at < s.Length)
        {
            int start = at;
            byte id = s[at++];
            if (!TryReadLeb(s, ref at, out uint size) || size > (uint)(s.Length - at)) return section is not null;
            int end = at + (int)size;
            if (id == 0)
            {
                int p = at;
                if (TryReadLeb(s, ref p, out uint nlen) && nlen <= (uint)(end - p) && s.Slice(p, (int)nlen).SequenceEqual(name))
                {
                    if (section is not null || error is not null)
                    {
                        section = null;
                        error = "more than one " + AotCompiler.SectionName + " section";
                        return true;
                    }
                    p += (int)nlen;
                    section = Parse(module, start, p, end, out error);
                }
            }
            at = end;
        }
        return section is not null || error is not null;
    }

    private static Section? Parse(ReadOnlyMemory<byte> module, int start, int p, int end, out string? error)
    {
        var s = module.Span;
        error = "malformed " + AotCompiler.SectionName + " section";
        if (end - p < 1 + 64) return null;
        if (s[p] != Format)
        {
            error = $"{AotCompiler.SectionName} section format {s[p]} is not supported (this Cilantro reads format {Format})";
            return null;
        }
        p++;
        var key = s.Slice(p, 32).ToArray();
        var hash = s.Slice(p + 32, 32).ToArray();
        p += 64;
        var body = s[..end];
        if (!TryReadLeb(body, ref p, out uint bits) || p >= end) return null;
        int level = body[p++];
        if (!TryReadLeb(body, ref p, out uint blen) || blen > (uint)(end - p)) return null;
        string built = Encoding.UTF8.GetString(body.Slice(p, (int)blen));
        p += (int)blen;
        error = null;
        return new Section(start, end, key, hash, (int)bits, level, built, module[p..end]);
    }

    /// <summary>The module bytes without the section.</summary>
    public static byte[] Without(ReadOnlySpan<byte> module, int start, int end)
    {
        var r = new byte[module.Length - (end - start)];
        module[..start].CopyTo(r);
        module[end..].CopyTo(r.AsSpan(start));
        return r;
    }
}
