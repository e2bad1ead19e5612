namespace Cilantro.Tests.Robustness;

/// <summary>A mutated module with a description that is enough to reproduce it.</summary>
internal readonly record struct Mutant(string Name, byte[] Bytes);

/// <summary>
/// Deterministic mutations of real modules: truncations (at section and body boundaries and at random points)
/// and bit flips / byte edits aimed at section headers, payload headers, function bodies and random places.
/// </summary>
internal static class Mutator
{
    /// <summary>A section as found by a lenient header scan.</summary>
    internal readonly record struct Section(int IdOffset, byte Id, int SizeOffset, int SizeLength, int PayloadStart, int PayloadEnd);

    /// <summary>Scans section headers without trusting them; stops at the first inconsistency.</summary>
    public static List<Section> Sections(byte[] m)
    {
        var list = new List<Section>();
        int pos = 8;
        while (pos < m.Length)
        {
            int idOffset = pos;
            byte id = m[pos++];
            int sizeOffset = pos;
            if (!TryReadLeb(m, ref pos, out ulong size)) break;
            if (size > (ulong)(m.Length - pos)) break;
            list.Add(new Section(idOffset, id, sizeOffset, pos - sizeOffset, pos, pos + (int)size));
            pos += (int)size;
        }
        return list;
    }

    /// <summary>Start offsets of the function bodies (their size prefix) in the code section.</summary>
    public static List<int> BodyStarts(byte[] m, List<Section> sections)
    {
        var list = new List<int>();
        foreach (var s in sections)
        {
            if (s.Id != 10) continue;
            int pos = s.PayloadStart;
            if (!TryReadLeb(m, ref pos, out ulong count)) break;
            for (ulong i = 0; i < count && pos < s.PayloadEnd; i++)
            {
                list.Add(pos);
                if (!TryReadLeb(m, ref pos, out ulong size) || size > (ulong)(s.PayloadEnd - pos)) break;
                pos += (int)size;
            }
        }
        return list;
    }

    private static bool TryReadLeb(byte[] m, ref int pos, out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 35; shift += 7)
        {
            if (pos >= m.Length) return false;
            byte b = m[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return true;
        }
        return false;
    }

    /// <summary>
    /// Truncations: every length up to 32 bytes, around every section boundary (±2 bytes) and the first
    /// function bodies' boundaries (±1 byte), and <paramref name="randomCount"/> random lengths.
    /// </summary>
    public static IEnumerable<Mutant> Truncations(string name, byte[] m, int randomCount, int seed)
    {
        var lengths = new SortedSet<int>();
        for (int i = 0; i <= Math.Min(32, m.Length - 1); i++) lengths.Add(i);
        var sections = Sections(m);
        var bodies = BodyStarts(m, sections);
        void Around(int at, int spread)
        {
            for (int d = -spread; d <= spread; d++)
            {
                int len = at + d;
                if (len >= 0 && len < m.Length) lengths.Add(len);
            }
        }
        foreach (var s in sections)
        {
            Around(s.IdOffset, 2);
            Around(s.PayloadStart, 2);
            Around(s.PayloadEnd, 2);
        }
        for (int i = 0; i < bodies.Count && i < 12; i++) Around(bodies[i], 1);
        var rnd = new Random(seed);
        for (int i = 0; i < randomCount; i++) lengths.Add(rnd.Next(m.Length));
        foreach (int len in lengths)
            yield return new Mutant($"{name} truncated to {len} of {m.Length} bytes", m.AsSpan(0, len).ToArray());
    }

    private static readonly byte[] Interesting =
        [0x00, 0x01, 0x02, 0x0B, 0x0F, 0x10, 0x11, 0x1C, 0x40, 0x41, 0x60, 0x6F, 0x70, 0x7B, 0x7F, 0x80, 0xFC, 0xFD, 0xFE, 0xFF];

    /// <summary>
    /// <paramref name="count"/> single edits, each described by its kind and position:
    /// bit flips in section ids, section sizes, payload heads (counts, names, kinds), body heads (sizes, locals),
    /// anywhere in the file and anywhere in a randomly chosen section; multi-bit flips; interesting byte values;
    /// deleted and inserted bytes.
    /// </summary>
    public static IEnumerable<Mutant> Edits(string name, byte[] m, int count, int seed)
    {
        var rnd = new Random(seed);
        var sections = Sections(m);
        var bodies = BodyStarts(m, sections);
        if (sections.Count == 0) yield break;
        for (int i = 0; i < count; i++)
        {
            var s = sections[rnd.Next(sections.Count)];
            int payloadLen = s.PayloadEnd - s.PayloadStart;
            int kind = rnd.Next(10);
            var bytes = (byte[])m.Clone();
            string what;
            switch (kind)
            {
                case 0: // section id
                {
                    int bit = rnd.Next(8);
                    bytes[s.IdOffset] ^= (byte)(1 << bit);
                    what = $"flip bit {bit} of section id at 0x{s.IdOffset:x}";
                    break;
                }
                case 1: // section size
                {
                    int at = s.SizeOffset + rnd.Next(s.SizeLength);
                    int bit = rnd.Next(8);
                    bytes[at] ^= (byte)(1 << bit);
                    what = $"flip bit {bit} of section size at 0x{at:x}";
                    break;
                }
                case 2: // payload head: counts, names, kinds, limits
                {
                    if (payloadLen == 0) goto default;
                    int at = s.PayloadStart + rnd.Next(Math.Min(payloadLen, 24));
                    int bit = rnd.Next(8);
                    bytes[at] ^= (byte)(1 << bit);
                    what = $"flip bit {bit} near start of section {s.Id} at 0x{at:x}";
                    break;
                }
                case 3: // function body head: size and locals
                {
                    if (bodies.Count == 0) goto default;
                    int start = bodies[rnd.Next(bodies.Count)];
                    int at = Math.Min(m.Length - 1, start + rnd.Next(8));
                    int bit = rnd.Next(8);
                    bytes[at] ^= (byte)(1 << bit);
                    what = $"flip bit {bit} near body start 0x{start:x} at 0x{at:x}";
                    break;
                }
                case 4: // multi-bit flips anywhere after the header
                {
                    int n = 2 + rnd.Next(7);
                    for (int k = 0; k < n; k++) bytes[8 + rnd.Next(m.Length - 8)] ^= (byte)(1 << rnd.Next(8));
                    what = $"{n} random bit flips (seed {seed}, edit {i})";
                    break;
                }
                case 5: // interesting byte inside a section
                {
                    if (payloadLen == 0) goto default;
                    int at = s.PayloadStart + rnd.Next(payloadLen);
                    byte v = Interesting[rnd.Next(Interesting.Length)];
                    bytes[at] = v;
                    what = $"set byte at 0x{at:x} (section {s.Id}) to 0x{v:x2}";
                    break;
                }
                case 6: // delete a byte
                {
                    int at = 8 + rnd.Next(m.Length - 8);
                    bytes = [.. m.AsSpan(0, at), .. m.AsSpan(at + 1)];
                    what = $"delete byte at 0x{at:x}";
                    break;
                }
                case 7: // insert a byte
                {
                    int at = 8 + rnd.Next(m.Length - 8);
                    byte v = Interesting[rnd.Next(Interesting.Length)];
                    bytes = [.. m.AsSpan(0, at), v, .. m.AsSpan(at)];
                    what = $"insert 0x{v:x2} at 0x{at:x}";
                    break;
                }
                case 8: // bit flip inside a randomly chosen section (small sections get hit too)
                {
                    if (payloadLen == 0) goto default;
                    int at = s.PayloadStart + rnd.Next(payloadLen);
                    int bit = rnd.Next(8);
                    bytes[at] ^= (byte)(1 << bit);
                    what = $"flip bit {bit} in section {s.Id} at 0x{at:x}";
                    break;
                }
                default: // bit flip anywhere
                {
                    int at = rnd.Next(m.Length);
                    int bit = rnd.Next(8);
                    bytes = (byte[])m.Clone();
                    bytes[at] ^= (byte)(1 << bit);
                    what = $"flip bit {bit} at 0x{at:x}";
                    break;
                }
            }
            yield return new Mutant($"{name}: {what}", bytes);
        }
    }
}
