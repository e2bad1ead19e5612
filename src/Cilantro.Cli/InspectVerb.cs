using System.CommandLine;
using System.Globalization;
using Cilantro.Binary;
using Cilantro.Model;
using Cilantro.Validation;

namespace Cilantro.Cli;

/// <summary><c>cilantro inspect FILE</c>: sections, imports, exports, function count and code size of a module.</summary>
internal static class InspectVerb
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("FILE")
        {
            Description = "A WebAssembly module: binary (.wasm) or text (.wat).",
        };
        Program.RejectOptionLikeFiles(file);
        var command = new Command("inspect", "Show the sections, imports, exports, function count and code size of a module.")
        {
            file,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, stdout, stderr));
        return command;
    }

    /// <summary>Prints the report; returns 0, or 1 when the file cannot be read or decoded.</summary>
    public static int Run(string file, TextWriter stdout, TextWriter stderr)
    {
        byte[] bytes;
        ModuleDefinition module;
        try
        {
            bytes = ModuleLoader.LoadBinary(file, null);
            module = ModuleDecoder.Decode(bytes);
        }
        catch (Exception e) when (ModuleLoader.DescribeExpected(e) is { } expected)
        {
            stderr.WriteLine($"{file}: {expected}");
            return ExitCodes.Failure;
        }

        var sections = SectionScanner.Scan(bytes);
        var inv = CultureInfo.InvariantCulture;
        stdout.WriteLine(string.Create(inv, $"{file}: {bytes.Length} bytes, {sections.Count} sections"));

        stdout.WriteLine("sections:");
        stdout.WriteLine("  id  offset            size  name");
        long codeSize = 0;
        foreach (var s in sections)
        {
            string name = s.Id == 0 ? $"custom \"{s.CustomName}\"" : SectionScanner.SectionName(s.Id);
            stdout.WriteLine(string.Create(inv, $"  {s.Id,2}  0x{s.Offset:x8}  {s.Size,10}  {name}"));
            if (s.Id == 10) codeSize += s.BodyBytes;
        }

        stdout.WriteLine(string.Create(inv, $"imports ({module.Imports.Count}):"));
        foreach (var import in module.Imports)
            stdout.WriteLine($"  {KindName(import.Kind),-6}  {import.Module}.{import.Name}: {DescribeImport(module, import)}");

        stdout.WriteLine(string.Create(inv, $"exports ({module.Exports.Count}):"));
        foreach (var export in module.Exports)
        {
            string extra = export.Kind == ExternKind.Func && module.Names.FunctionNames.TryGetValue(export.Index, out var fname)
                ? $" ({fname})" : "";
            stdout.WriteLine(string.Create(inv, $"  {KindName(export.Kind),-6}  {export.Name} -> {KindName(export.Kind)} {export.Index}{extra}"));
        }

        stdout.WriteLine(string.Create(inv,
            $"functions: {module.FunctionCount} ({module.ImportedFunctionCount} imported, {module.FunctionTypeIndices.Count} defined)"));
        stdout.WriteLine(string.Create(inv, $"code size: {codeSize} bytes in {module.Bodies.Count} bodies"));
        stdout.WriteLine(string.Create(inv,
            $"types: {module.Types.Count}, tables: {module.TableCount}, memories: {module.MemoryCount}, globals: {module.GlobalCount}, " +
            $"elements: {module.Elements.Count}, data: {module.Data.Count}{(module.Start is { } st ? $", start: func {st}" : "")}"));

        try
        {
            ModuleValidator.Validate(module);
            stdout.WriteLine("validation: ok");
        }
        catch (InvalidModuleException e)
        {
            stdout.WriteLine($"validation: invalid module: {Program.OneLine(e.Message)}");
        }
        return ExitCodes.Success;
    }

    private static string KindName(ExternKind kind) => kind switch
    {
        ExternKind.Func => "func",
        ExternKind.Table => "table",
        ExternKind.Memory => "memory",
        ExternKind.Global => "global",
        ExternKind.Tag => "tag",
        _ => kind.ToString(),
    };

    private static string DescribeImport(ModuleDefinition module, Import import)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (import.Kind)
        {
            case ExternKind.Func:
            case ExternKind.Tag:
                var type = module.TryGetFuncType(import.TypeIndex);
                return string.Create(inv, $"type {import.TypeIndex}{(type is null ? "" : " " + type)}");
            case ExternKind.Table when import.Table is { } t:
                return $"{t.ElementType} {FormatLimits(t.Limits)}";
            case ExternKind.Memory when import.Memory is { } m:
                return $"{FormatLimits(m.Limits)} pages{(m.Is64 ? " i64" : "")}{(m.Shared ? " shared" : "")}";
            case ExternKind.Global when import.Global is { } g:
                return g.ToString();
            default:
                return "";
        }
    }

    private static string FormatLimits(Limits l) =>
        string.Create(CultureInfo.InvariantCulture, $"{l.Min}{(l.Max is { } max ? $"..{max}" : "..")}");
}

/// <summary>Reads the section headers of a module (the decoder does not keep section offsets).</summary>
internal static class SectionScanner
{
    /// <summary>One section: id, payload offset and size, custom name, and for the code section the total body bytes.</summary>
    internal readonly record struct SectionInfo(byte Id, int Offset, int Size, string? CustomName, long BodyBytes);

    /// <summary>Scans a module that the decoder accepted. Throws <see cref="MalformedModuleException"/> otherwise.</summary>
    public static List<SectionInfo> Scan(ReadOnlySpan<byte> bytes)
    {
        var list = new List<SectionInfo>();
        var r = new WasmReader(bytes);
        r.ReadBytes(8);
        while (!r.AtEnd)
        {
            byte id = r.ReadByte();
            uint size = r.ReadU32();
            int start = r.Offset;
            var payload = r.ReadBytes((int)Math.Min(size, (uint)int.MaxValue));
            string? name = null;
            long bodyBytes = 0;
            var p = new WasmReader(payload, start);
            if (id == 0)
            {
                name = p.ReadName();
            }
            else if (id == 10)
            {
                uint count = p.ReadU32();
                for (uint i = 0; i < count; i++)
                {
                    uint bodySize = p.ReadU32();
                    p.ReadBytes((int)Math.Min(bodySize, (uint)int.MaxValue));
                    bodyBytes += bodySize;
                }
            }
            list.Add(new SectionInfo(id, start, (int)size, name, bodyBytes));
        }
        return list;
    }

    /// <summary>Name of a known section id.</summary>
    public static string SectionName(byte id) => id switch
    {
        0 => "custom",
        1 => "type",
        2 => "import",
        3 => "function",
        4 => "table",
        5 => "memory",
        6 => "global",
        7 => "export",
        8 => "start",
        9 => "element",
        10 => "code",
        11 => "data",
        12 => "datacount",
        13 => "tag",
        _ => $"unknown({id})",
    };
}
