namespace Cilantro.Tests.Binary;

/// <summary>Helpers to write small binary modules by hand in tests.</summary>
internal static class WasmBytes
{
    public static readonly byte[] Header = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    /// <summary>Concatenates byte arrays.</summary>
    public static byte[] Cat(params byte[][] parts)
    {
        var list = new List<byte>();
        foreach (var p in parts) list.AddRange(p);
        return [.. list];
    }

    /// <summary>A module: header followed by the given sections.</summary>
    public static byte[] Module(params byte[][] sections) => Cat([Header, .. sections]);

    /// <summary>A section with its id and (correct) size.</summary>
    public static byte[] Section(byte id, params byte[][] content)
    {
        var c = Cat(content);
        return Cat([id], U32(c.Length), c);
    }

    /// <summary>A vector: count then the items.</summary>
    public static byte[] Vec(params byte[][] items) => Cat([U32(items.Length), .. items]);

    /// <summary>A name: length then UTF-8 bytes.</summary>
    public static byte[] Name(string s)
    {
        var b = System.Text.Encoding.UTF8.GetBytes(s);
        return Cat(U32(b.Length), b);
    }

    /// <summary>Unsigned LEB128, minimal length.</summary>
    public static byte[] U32(long v)
    {
        var list = new List<byte>();
        ulong x = (ulong)v;
        do
        {
            byte b = (byte)(x & 0x7F);
            x >>= 7;
            if (x != 0) b |= 0x80;
            list.Add(b);
        } while (x != 0);
        return [.. list];
    }

    /// <summary>A custom section.</summary>
    public static byte[] Custom(string name, params byte[][] content) => Section(0, Name(name), Cat(content));

    /// <summary>A type section with one function type <c>[] -> []</c>.</summary>
    public static byte[] OneEmptyType => Section(1, Vec([0x60, 0x00, 0x00]));

    /// <summary>A function section declaring <paramref name="count"/> functions of type 0.</summary>
    public static byte[] Funcs(int count) => Section(3, Vec([.. Enumerable.Repeat(new byte[] { 0x00 }, count)]));

    /// <summary>A function body (size-prefixed): no locals and the given instructions (which must include the final end).</summary>
    public static byte[] Body(params byte[] code) => Body([], code);

    /// <summary>A function body with local declarations.</summary>
    public static byte[] Body(byte[] locals, byte[] code)
    {
        var content = Cat(locals.Length == 0 ? [0x00] : locals, code);
        return Cat(U32(content.Length), content);
    }

    /// <summary>A code section.</summary>
    public static byte[] Code(params byte[][] bodies) => Section(10, Vec(bodies));

    /// <summary>A module with one function <c>[] -> []</c> whose body is <paramref name="code"/> (final end included).</summary>
    public static byte[] OneFunc(params byte[] code) => Module(OneEmptyType, Funcs(1), Code(Body(code)));

    /// <summary>Same, with a memory (for memory instructions).</summary>
    public static byte[] OneFuncWithMemory(params byte[] code) =>
        Module(OneEmptyType, Funcs(1), Section(5, Vec([0x00, 0x01])), Code(Body(code)));
}
