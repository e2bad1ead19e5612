using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Cilantro.Cli;

/// <summary>
/// Precompiles an emitted assembly to machine code with crossgen2 (ReadyToRun), so that RyuJIT has little left to do
/// when the module is loaded. The image keeps its IL and metadata: a runtime that cannot use the machine code
/// (another CPU, another major .NET version, loaded from bytes) simply JIT-compiles the IL.
/// </summary>
internal static class ReadyToRun
{
    /// <summary>Environment variable naming the crossgen2 executable to use (otherwise found in the NuGet cache, or restored).</summary>
    public const string Crossgen2Variable = "CILANTRO_CROSSGEN2";

    /// <summary>Most time crossgen2 may take.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Environment variable: an instruction set for crossgen2 (<c>--instruction-set</c>, e.g. <c>x86-64-v3</c>). Not set by
    /// default: the default target (x86-64-v2 on x64, higher instruction sets used opportunistically) runs everywhere;
    /// on a processor without the given set the runtime JIT-compiles the image's methods instead.
    /// </summary>
    public const string InstructionSetVariable = "CILANTRO_R2R_ISA";

    /// <summary>How the ReadyToRun code is described in the summary.</summary>
    public static string Describe() =>
        Environment.GetEnvironmentVariable(InstructionSetVariable) is { Length: > 0 } isa ? isa : "portable";

    /// <summary>
    /// Returns the ReadyToRun image of <paramref name="image"/>, or null (with the reason in <paramref name="why"/>) when
    /// crossgen2 is not available or fails: ReadyToRun is an optimisation, the IL image stays valid.
    /// </summary>
    public static byte[]? Compile(byte[] image, out string? why)
    {
        why = null;
        string cilantroDll = typeof(Engine).Assembly.Location;
        if (cilantroDll.Length == 0)
        {
            why = "Cilantro.dll has no file location (single-file or native CLI)";
            return null;
        }
        string? crossgen = FindCrossgen2(out why);
        if (crossgen is null) return null;

        string temp = Path.Combine(Path.GetTempPath(), "cilantro-r2r-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            string input = Path.Combine(temp, "in", "module.dll");
            string output = Path.Combine(temp, "module.dll");
            Directory.CreateDirectory(Path.GetDirectoryName(input)!);
            File.WriteAllBytes(input, image);
            var psi = new ProcessStartInfo(crossgen)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.ArgumentList.Add(input);
            psi.ArgumentList.Add("-o");
            psi.ArgumentList.Add(output);
            psi.ArgumentList.Add("-r");
            psi.ArgumentList.Add(RuntimeEnvironment.GetRuntimeDirectory());
            psi.ArgumentList.Add("-r");
            psi.ArgumentList.Add(cilantroDll);
            psi.ArgumentList.Add("--targetos");
            psi.ArgumentList.Add(TargetOs());
            psi.ArgumentList.Add("--targetarch");
            psi.ArgumentList.Add(RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant());
            psi.ArgumentList.Add("-O");
            if (Environment.GetEnvironmentVariable(InstructionSetVariable) is { Length: > 0 } isa)
            {
                psi.ArgumentList.Add("--instruction-set");
                psi.ArgumentList.Add(isa);
            }
            var (code, log) = RunTool(psi);
            if (code != 0 || !File.Exists(output))
            {
                why = $"crossgen2 failed (exit code {code}): {Program.OneLine(Tail(log, 400))}";
                return null;
            }
            return File.ReadAllBytes(output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            why = $"cannot run crossgen2 ({crossgen}): {e.Message}";
            return null;
        }
        finally
        {
            try { Directory.Delete(temp, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Runs a tool to completion (bounded by <see cref="Timeout"/>); returns its exit code and its output.</summary>
    internal static (int Code, string Log) RunTool(ProcessStartInfo psi)
    {
        using var p = Process.Start(psi) ?? throw new CliException($"cannot start {psi.FileName}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(Timeout))
        {
            p.Kill(entireProcessTree: true);
            return (-1, $"{psi.FileName} timed out after {Timeout.TotalMinutes} minutes");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>The last <paramref name="max"/> characters of a log.</summary>
    internal static string Tail(string log, int max)
    {
        string s = log.Trim();
        return s.Length <= max ? s : "..." + s[^max..];
    }

    private static string TargetOs() =>
        OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "osx" : "linux";

    /// <summary>The runtime identifier of this process's platform (<c>linux-x64</c>, ...).</summary>
    internal static string RuntimeId() =>
        (OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux") + "-" +
        RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();

    /// <summary>
    /// Finds crossgen2 for this runtime: <c>$CILANTRO_CROSSGEN2</c>, else the Microsoft.NETCore.App.Crossgen2 package of this
    /// runtime's version in the NuGet cache, restoring it there (with the .NET SDK) when it is missing.
    /// </summary>
    private static string? FindCrossgen2(out string? why)
    {
        why = null;
        string? fromEnv = Environment.GetEnvironmentVariable(Crossgen2Variable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            if (File.Exists(fromEnv)) return fromEnv;
            why = $"{Crossgen2Variable} names no file ('{fromEnv}')";
            return null;
        }
        string package = "microsoft.netcore.app.crossgen2." + RuntimeId();
        string version = Environment.Version.ToString(3);
        string exe = OperatingSystem.IsWindows() ? "crossgen2.exe" : "crossgen2";
        string path = Path.Combine(NuGetPackagesFolder(), package, version, "tools", exe);
        if (File.Exists(path)) return path;
        if (!PackageRestore.Download("Microsoft.NETCore.App.Crossgen2." + RuntimeId(), version, out why)) return null;
        if (File.Exists(path)) return path;
        why = $"crossgen2 not found at {path} after restoring {package} {version}";
        return null;
    }

    /// <summary>The NuGet global packages folder (<c>$NUGET_PACKAGES</c> or <c>~/.nuget/packages</c>).</summary>
    internal static string NuGetPackagesFolder()
    {
        string? env = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        return !string.IsNullOrWhiteSpace(env)
            ? env
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }
}

/// <summary>Restores a NuGet package into the global packages folder through a throwaway project and <c>dotnet restore</c>.</summary>
internal static class PackageRestore
{
    /// <summary>Downloads <paramref name="id"/> <paramref name="version"/>; false (with the reason) when the SDK or the package source fails.</summary>
    public static bool Download(string id, string version, out string? why)
    {
        why = null;
        string temp = Path.Combine(Path.GetTempPath(), "cilantro-restore-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            File.WriteAllText(Path.Combine(temp, "restore.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><TargetFramework>net{Environment.Version.Major}.{Environment.Version.Minor}</TargetFramework></PropertyGroup>
                  <ItemGroup><PackageDownload Include="{id}" Version="[{version}]" /></ItemGroup>
                </Project>
                """);
            var psi = NativeBuilder.Dotnet(temp, "restore");
            var (code, log) = ReadyToRun.RunTool(psi);
            if (code == 0) return true;
            why = $"cannot restore {id} {version} (dotnet restore exit code {code}): {Program.OneLine(ReadyToRun.Tail(log, 400))}";
            return false;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            why = $"the .NET SDK (dotnet) is needed to restore {id}: {e.Message}";
            return false;
        }
        finally
        {
            try { Directory.Delete(temp, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
