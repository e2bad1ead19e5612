using System.Net.Sockets;

namespace Cilantro.Wasi;

public sealed partial class WasiContext
{
    /// <summary>Longest single wait of <c>poll_oneoff</c> (a guest cannot hang the host for longer in one call).</summary>
    public static TimeSpan MaxPollWait { get; set; } = TimeSpan.FromHours(1);

    /// <summary><c>poll_oneoff(in, out, nsubscriptions, nevents_ptr)</c>: clock subscriptions and fd readiness (preview1 layout).</summary>
    public WasiErrno PollOneoff(Span<byte> mem, int inPtr, int outPtr, int nsubs, int neventsPtr) =>
        Poll(mem, inPtr, outPtr, nsubs, neventsPtr, false);

    /// <summary><c>wasi_unstable.poll_oneoff</c> (preview0 subscription layout, 56 bytes).</summary>
    public WasiErrno PollOneoffUnstable(Span<byte> mem, int inPtr, int outPtr, int nsubs, int neventsPtr) =>
        Poll(mem, inPtr, outPtr, nsubs, neventsPtr, true);

    private struct Sub
    {
        public ulong UserData;
        public byte Type;
        public WasiErrno Error;
        public long DeadlineNs; // relative to the call start, for clocks
        public ulong NBytes;
        public bool Ready;
        public Socket? Socket;
    }

    private WasiErrno Poll(Span<byte> mem, int inPtr, int outPtr, int nsubs, int neventsPtr, bool preview0)
    {
        try
        {
            if (nsubs <= 0) return WasiErrno.Inval;
            uint subSize = preview0 ? 56u : 48u;
            CheckArray(mem, inPtr, nsubs, subSize);
            CheckArray(mem, outPtr, nsubs, 32);
            WriteU32(mem, (uint)neventsPtr, 0);
            var subs = new Sub[nsubs];
            bool anyReady = false;
            long minDeadline = long.MaxValue;
            for (int i = 0; i < nsubs; i++)
            {
                uint p = (uint)inPtr + (uint)i * subSize;
                ref var s = ref subs[i];
                s.UserData = ReadU64(mem, p);
                s.Type = Mem(mem, p + 8, 1)[0];
                switch (s.Type)
                {
                    case WasiConst.EventClock:
                    {
                        uint id = preview0 ? ReadU32(mem, p + 24) : ReadU32(mem, p + 16);
                        ulong timeout = preview0 ? ReadU64(mem, p + 32) : ReadU64(mem, p + 24);
                        ushort flags = preview0 ? ReadU16(mem, p + 48) : ReadU16(mem, p + 40);
                        if (id > 3) { s.Error = WasiErrno.Inval; s.Ready = true; anyReady = true; break; }
                        long rel;
                        if ((flags & WasiConst.SubclockAbstime) != 0)
                        {
                            ulong now = Now((int)id);
                            rel = timeout <= now ? 0 : (long)Math.Min(timeout - now, (ulong)long.MaxValue);
                        }
                        else rel = (long)Math.Min(timeout, (ulong)long.MaxValue);
                        s.DeadlineNs = rel;
                        if (rel == 0) { s.Ready = true; }
                        minDeadline = Math.Min(minDeadline, rel);
                        break;
                    }
                    case WasiConst.EventFdRead:
                    case WasiConst.EventFdWrite:
                    {
                        int fd = (int)ReadU32(mem, p + 16);
                        if (fd < 0 || fd >= _fds.Count || _fds[fd] is not { } e) { s.Error = WasiErrno.Badf; }
                        else if ((e.Base & WasiRights.PollFdReadwrite) == 0 && e.Kind != FdKind.File) { s.Error = WasiErrno.NotCapable; }
                        else if (e.Kind == FdKind.Socket) { s.Socket = e.Socket; }
                        else if (e.Kind == FdKind.File && s.Type == WasiConst.EventFdRead)
                            s.NBytes = (ulong)Math.Max(0, RandomAccess.GetLength(e.Handle!) - e.Position);
                        else if (e.Kind == FdKind.Directory) { s.Error = WasiErrno.IsDir; }
                        else if ((e.Kind == FdKind.Stdin) != (s.Type == WasiConst.EventFdRead) && e.Kind != FdKind.File) { s.Error = WasiErrno.Badf; }
                        if (s.Socket is null) { s.Ready = true; anyReady = true; }
                        break;
                    }
                    default:
                        return WasiErrno.Inval;
                }
            }

            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            while (true)
            {
                bool socketReady = false;
                for (int i = 0; i < nsubs; i++)
                {
                    ref var s = ref subs[i];
                    if (s.Socket is null || s.Ready) continue;
                    if (s.Socket.Poll(0, s.Type == WasiConst.EventFdRead ? SelectMode.SelectRead : SelectMode.SelectWrite))
                    {
                        s.Ready = true;
                        socketReady = true;
                        if (s.Type == WasiConst.EventFdRead) s.NBytes = (ulong)s.Socket.Available;
                    }
                }
                if (anyReady || socketReady) break;
                long elapsed = (long)System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalNanoseconds;
                if (minDeadline != long.MaxValue && elapsed >= minDeadline) break;
                if (minDeadline == long.MaxValue && !HasSocket(subs)) return WasiErrno.Inval; // nothing could ever happen
                long waitNs = minDeadline == long.MaxValue ? long.MaxValue : minDeadline - elapsed;
                if (HasSocket(subs)) waitNs = Math.Min(waitNs, 10_000_000);
                waitNs = Math.Min(waitNs, (long)MaxPollWait.TotalNanoseconds);
                if (waitNs > 0) Thread.Sleep(TimeSpan.FromTicks(Math.Max(1, waitNs / 100)));
                if (elapsed >= (long)MaxPollWait.TotalNanoseconds) break;
            }
            long done = (long)System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalNanoseconds;
            uint count = 0;
            for (int i = 0; i < nsubs; i++)
            {
                ref var s = ref subs[i];
                bool fire = s.Type == WasiConst.EventClock ? (s.Ready || s.DeadlineNs <= done) : s.Ready;
                if (!fire) continue;
                uint q = (uint)outPtr + count * 32;
                Mem(mem, q, 32).Clear();
                WriteU64(mem, q, s.UserData);
                WriteU16(mem, q + 8, (ushort)s.Error);
                Mem(mem, q + 10, 1)[0] = s.Type;
                if (s.Type != WasiConst.EventClock) WriteU64(mem, q + 16, s.NBytes);
                count++;
            }
            WriteU32(mem, (uint)neventsPtr, count);
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    private static bool HasSocket(Sub[] subs)
    {
        foreach (var s in subs) if (s.Socket is not null && !s.Ready) return true;
        return false;
    }
}
