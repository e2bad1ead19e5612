using System.Net.Sockets;

namespace Cilantro.Wasi;

/// <summary>A directory the guest may see: a host folder mounted under a guest name.</summary>
/// <param name="HostPath">The folder on the host.</param>
/// <param name="GuestPath">The name the guest sees (e.g. <c>/</c>, <c>.</c> or <c>/data</c>).</param>
/// <param name="ReadOnly">Whether the guest may only read below it.</param>
public sealed record WasiPreopen(string HostPath, string GuestPath, bool ReadOnly);

/// <summary>
/// Builder for a WASI environment: arguments, environment variables, preopened directories, standard streams and limits.
/// Nothing of the host is visible to the guest unless added here.
/// </summary>
public sealed class WasiConfiguration
{
    private readonly List<string> _args = [];
    private readonly List<KeyValuePair<string, string>> _env = [];
    private readonly List<WasiPreopen> _preopens = [];
    private readonly List<Socket> _sockets = [];

    /// <summary>The program arguments, <c>argv[0]</c> first.</summary>
    public IReadOnlyList<string> Arguments => _args;
    /// <summary>The environment variables, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment => _env;
    /// <summary>The preopened directories, in fd order (the first gets fd 3).</summary>
    public IReadOnlyList<WasiPreopen> Preopens => _preopens;
    /// <summary>Inherited sockets, given fds after the preopens.</summary>
    public IReadOnlyList<Socket> Sockets => _sockets;

    /// <summary>Standard input, or null for an empty input.</summary>
    public Stream? Stdin { get; private set; }
    /// <summary>Standard output, or null to discard it.</summary>
    public Stream? Stdout { get; private set; }
    /// <summary>Standard error, or null to discard it.</summary>
    public Stream? Stderr { get; private set; }
    /// <summary>Whether standard input is the host's console (poll reports it ready).</summary>
    public bool StdinIsInherited { get; private set; }
    /// <summary>Whether standard output/error are the host's terminal (for <c>isatty</c>: reported as character devices).</summary>
    public bool StdioIsTerminal { get; private set; }

    /// <summary>Most bytes the guest may write in total (to streams and files); further writes fail with <c>ENOSPC</c>.</summary>
    public long MaxWriteBytes { get; private set; } = long.MaxValue;
    /// <summary>Largest file size the guest may produce; larger writes or sizes fail with <c>EFBIG</c>.</summary>
    public long MaxFileSize { get; private set; } = long.MaxValue;
    /// <summary>Most file descriptors open at once; more fail with <c>EMFILE</c>.</summary>
    public int MaxOpenFiles { get; private set; } = 1024;

    /// <summary>Adds program arguments (the first is <c>argv[0]</c>, the program name).</summary>
    public WasiConfiguration WithArgs(params IEnumerable<string> args) { _args.AddRange(args); return this; }

    /// <summary>Adds one environment variable.</summary>
    public WasiConfiguration WithEnv(string key, string value) { _env.Add(new(key, value)); return this; }

    /// <summary>Copies the host's environment variables.</summary>
    public WasiConfiguration WithInheritedEnvironment()
    {
        foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
            _env.Add(new((string)e.Key, (string?)e.Value ?? ""));
        return this;
    }

    /// <summary>Preopens the host folder <paramref name="hostPath"/> as <paramref name="guestPath"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The host folder does not exist.</exception>
    public WasiConfiguration WithPreopenedDirectory(string hostPath, string guestPath, bool readOnly = false)
    {
        if (!Directory.Exists(hostPath)) throw new DirectoryNotFoundException($"preopen: no directory '{hostPath}'");
        _preopens.Add(new WasiPreopen(hostPath, guestPath, readOnly));
        return this;
    }

    /// <summary>Gives the guest an already connected or listening socket (for <c>sock_accept</c>/<c>sock_recv</c>/...).</summary>
    public WasiConfiguration WithSocket(Socket socket) { _sockets.Add(socket); return this; }

    /// <summary>Uses the host process's standard input, output and error.</summary>
    public WasiConfiguration WithInheritedStdio()
    {
        Stdin = Console.OpenStandardInput();
        Stdout = Console.OpenStandardOutput();
        Stderr = Console.OpenStandardError();
        StdinIsInherited = true;
        StdioIsTerminal = !Console.IsOutputRedirected;
        return this;
    }

    /// <summary>Uses a stream as standard input (null: empty).</summary>
    public WasiConfiguration WithStdin(Stream? stream) { Stdin = stream; StdinIsInherited = false; return this; }
    /// <summary>Uses a stream as standard output (null: discarded), e.g. a <see cref="MemoryStream"/> to capture it.</summary>
    public WasiConfiguration WithStdout(Stream? stream) { Stdout = stream; return this; }
    /// <summary>Uses a stream as standard error (null: discarded).</summary>
    public WasiConfiguration WithStderr(Stream? stream) { Stderr = stream; return this; }

    /// <summary>Bounds the total bytes the guest may write (streams and files).</summary>
    public WasiConfiguration WithMaxWriteBytes(long bytes) { MaxWriteBytes = bytes; return this; }
    /// <summary>Bounds the size of files the guest may produce.</summary>
    public WasiConfiguration WithMaxFileSize(long bytes) { MaxFileSize = bytes; return this; }
    /// <summary>Bounds the number of open file descriptors.</summary>
    public WasiConfiguration WithMaxOpenFiles(int count) { MaxOpenFiles = count; return this; }
}
