using System.Diagnostics;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;

namespace Cilantro.Cli;

/// <summary>What a native executable grants its module, fixed at compile time (see <see cref="Aot.NativeHostOptions"/>).</summary>
internal sealed record NativeConfig(
    string ProgramName,
    IReadOnlyList<KeyValuePair<string, string>> Env,
    IReadOnlyList<KeyValuePair<string, string>> Dirs,
    string? Invoke);

/// <summary>
/// Builds a native executable from a precompiled module: a throwaway project (in a temporary folder) whose
/// <c>Main</c> calls <see cref="Aot.NativeHost.Run"/> with the generated <c>Cilantro.Precompiled.WasmModule</c>, referencing
/// the Cilantro.dll next to this tool and the emitted assembly, published with NativeAOT (<c>dotnet publish -p:PublishAot=true</c>).
/// The .NET SDK is needed here; the executable needs no .NET installation and runs without a JIT.
/// </summary>
internal static class NativeBuilder
{
    /// <summary>Result of a build.</summary>
    public readonly record struct NativeBuild(TimeSpan Elapsed, long Size);

    /// <summary>Builds the executable for <paramref name="image"/> (an IL assembly from the AOT compiler) and writes it to <paramref name="output"/>.</summary>
    /// <exception cref="CliException">The SDK is missing or the publish failed (its log tail is in the message).</exception>
    public static NativeBuild Build(byte[] image, string output, NativeConfig config, TextWriter stderr)
    {
        var clock = Stopwatch.StartNew();
        string cilantroDll = typeof(Engine).Assembly.Location;
        if (cilantroDll.Length == 0 || !File.Exists(cilantroDll))
            throw new CliException("--native needs Cilantro.dll as a file next to the cilantro tool");
        string assemblyName = AssemblyNameOf(image);
        string temp = Path.Combine(Path.GetTempPath(), "cilantro-native-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            string lib = Path.Combine(temp, "lib");
            Directory.CreateDirectory(lib);
            File.WriteAllBytes(Path.Combine(lib, assemblyName + ".dll"), image);
            File.Copy(cilantroDll, Path.Combine(lib, "Cilantro.dll"));
            const string exeName = "wasm-native";
            File.WriteAllText(Path.Combine(temp, exeName + ".csproj"), ProjectFile(exeName, assemblyName));
            File.WriteAllText(Path.Combine(temp, "Program.cs"), ProgramFile(config));

            string rid = ReadyToRun.RuntimeId();
            var psi = Dotnet(temp, "publish", "-c", "Release", "-r", rid, "-o", Path.Combine(temp, "out"), "-nodeReuse:false");
            var (code, log) = ReadyToRun.RunTool(psi);
            string built = Path.Combine(temp, "out", exeName + (OperatingSystem.IsWindows() ? ".exe" : ""));
            if (code != 0 || !File.Exists(built))
                throw new CliException($"dotnet publish (NativeAOT) failed with exit code {code}: {Program.OneLine(ReadyToRun.Tail(ErrorLines(log), 1500))}");
            CompileVerb.WriteOutput(output, () => File.Copy(built, output, overwrite: true));
            return new NativeBuild(clock.Elapsed, new FileInfo(output).Length);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CliException($"--native needs the .NET SDK (dotnet) at compile time: {e.Message}");
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("CILANTRO_KEEP_NATIVE_PROJECT") is null)
            {
                try { Directory.Delete(temp, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
            else
            {
                stderr.WriteLine($"note: native project kept in {temp}");
            }
        }
    }

    /// <summary>A <c>dotnet</c> invocation in <paramref name="directory"/> that leaves no build servers running.</summary>
    internal static ProcessStartInfo Dotnet(string directory, params string[] args)
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        var psi = new ProcessStartInfo(!string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args) psi.ArgumentList.Add(a);
        // A parent build or test host exports MSBuild settings that would point the child build at the wrong SDK pieces.
        foreach (string key in psi.Environment.Keys.ToArray())
        {
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
                psi.Environment.Remove(key);
        }
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["UseSharedCompilation"] = "false";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        return psi;
    }

    /// <summary>The simple name of the assembly in a PE image (the file name the ILCompiler resolves it by).</summary>
    private static string AssemblyNameOf(byte[] image)
    {
        try
        {
            using var pe = new PEReader(new MemoryStream(image, writable: false));
            var md = pe.GetMetadataReader();
            string name = md.GetString(md.GetAssemblyDefinition().Name);
            foreach (char c in name)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')) throw new CliException($"unexpected assembly name '{name}' in the compiled image");
            }
            return name;
        }
        catch (BadImageFormatException e)
        {
            throw new CliException("the compiled image is not a .NET assembly: " + e.Message);
        }
    }

    private static string ProjectFile(string exeName, string assemblyName) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net{Environment.Version.Major}.{Environment.Version.Minor}</TargetFramework>
            <AssemblyName>{exeName}</AssemblyName>
            <Nullable>enable</Nullable>
            <ImplicitUsings>disable</ImplicitUsings>
            <PublishAot>true</PublishAot>
            <OptimizationPreference>Speed</OptimizationPreference>
            <InvariantGlobalization>true</InvariantGlobalization>
            <UseSystemResourceKeys>true</UseSystemResourceKeys>
            <SatelliteResourceLanguages>en</SatelliteResourceLanguages>
            <GenerateDocumentationFile>false</GenerateDocumentationFile>
            <SuppressTrimAnalysisWarnings>true</SuppressTrimAnalysisWarnings>
            <EnableAotAnalyzer>false</EnableAotAnalyzer>
            <NoWarn>$(NoWarn);IL2104;IL3053;IL2026;IL3050</NoWarn>
            <DebugType>none</DebugType>
            <StripSymbols>true</StripSymbols>
          </PropertyGroup>
          <ItemGroup>
            <Reference Include="Cilantro"><HintPath>lib/Cilantro.dll</HintPath></Reference>
            <Reference Include="{assemblyName}"><HintPath>lib/{assemblyName}.dll</HintPath></Reference>
          </ItemGroup>
        </Project>
        """;

    private static string ProgramFile(NativeConfig config)
    {
        var sb = new StringBuilder();
        sb.AppendLine("// Generated by cilantro compile --native.");
        sb.AppendLine("internal static class NativeMain");
        sb.AppendLine("{");
        sb.AppendLine("    private static int Main(string[] args) => Cilantro.Aot.NativeHost.Run(new Cilantro.Precompiled.WasmModule(), args, new Cilantro.Aot.NativeHostOptions");
        sb.AppendLine("    {");
        sb.AppendLine($"        ProgramName = {Literal(config.ProgramName)},");
        if (config.Invoke is not null) sb.AppendLine($"        Invoke = {Literal(config.Invoke)},");
        sb.AppendLine($"        Environment = {Pairs(config.Env)},");
        sb.AppendLine($"        Directories = {Pairs(config.Dirs)},");
        sb.AppendLine("    });");
        sb.AppendLine("}");
        return sb.ToString();
    }

    private static string Pairs(IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        var sb = new StringBuilder("[");
        foreach (var (k, v) in pairs)
            sb.Append(sb.Length == 1 ? "" : ", ").Append($"new({Literal(k)}, {Literal(v)})");
        return sb.Append(']').ToString();
    }

    /// <summary>A C# string literal for any string (non-ASCII and control characters as <c>\uXXXX</c>).</summary>
    internal static string Literal(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in s)
        {
            if (c is '"' or '\\') sb.Append('\\').Append(c);
            else if (c is >= ' ' and <= '~') sb.Append(c);
            else sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.Append('"').ToString();
    }

    /// <summary>The error lines of a build log (or the whole log when it has none).</summary>
    private static string ErrorLines(string log)
    {
        var sb = new StringBuilder();
        foreach (string line in log.Split('\n'))
        {
            if (line.Contains(": error ", StringComparison.Ordinal)) sb.AppendLine(line.Trim());
        }
        return sb.Length > 0 ? sb.ToString() : log;
    }
}
