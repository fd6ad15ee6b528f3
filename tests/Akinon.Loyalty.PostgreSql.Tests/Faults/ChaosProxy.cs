using System.Net;
using System.Net.Sockets;

namespace Akinon.Loyalty.PostgreSql.Tests.Faults;

/// <summary>
/// A loopback TCP proxy in front of a PostgreSQL server that kills live connections at random points of the stream,
/// decided per chunk it forwards (no timers): before a client's bytes reach the server (nothing was sent), just after
/// they reached it (the server runs and commits the write, its answer is lost), or halfway through the server's
/// answer. It makes at most <c>cuts</c> cuts, then only forwards.
/// </summary>
internal sealed class ChaosProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _server;
    private readonly Random _random;
    private readonly double _chance;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _links = [];
    private readonly Task _accepting;
    private int _cutsLeft;
    private int _beforeSend;
    private int _afterSend;
    private int _midAnswer;

    public ChaosProxy(IPEndPoint server, int cuts, double chance, int seed)
    {
        _server = server;
        _cutsLeft = cuts;
        _chance = chance;
        _random = new Random(seed);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    private enum Cut
    {
        None,
        BeforeSend,
        AfterSend,
        MidAnswer,
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int BeforeSend => Volatile.Read(ref _beforeSend);

    public int AfterSend => Volatile.Read(ref _afterSend);

    public int MidAnswer => Volatile.Read(ref _midAnswer);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Task[] links;
        lock (_links)
        {
            links = [.. _links];
        }

        await Task.WhenAll(links).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_links)
            {
                _links.RemoveAll(t => t.IsCompleted);
                _links.Add(LinkAsync(client));
            }
        }
    }

    private async Task LinkAsync(Socket client)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using (client)
        {
            try
            {
                await server.ConnectAsync(_server, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                Kill(client);
                return;
            }

            using var link = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var up = PumpAsync(client, server, upstream: true, link);
            var down = PumpAsync(server, client, upstream: false, link);
            await Task.WhenAll(up, down);
        }
    }

    /// <summary>Forwards one direction until either side ends or a cut ends the link.</summary>
    private async Task PumpAsync(Socket from, Socket to, bool upstream, CancellationTokenSource link)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, link.Token);
                if (read == 0)
                {
                    break;
                }

                switch (Decide(upstream))
                {
                    case Cut.BeforeSend:
                        Interlocked.Increment(ref _beforeSend);
                        Kill(from);
                        Kill(to);
                        return;
                    case Cut.AfterSend:
                        // The server gets the whole request and runs it; the client never hears back. The server
                        // side stays open until its answer arrives (the other pump then fails to deliver it).
                        await SendAllAsync(to, buffer.AsMemory(0, read), link.Token);
                        Interlocked.Increment(ref _afterSend);
                        Kill(from);
                        return;
                    case Cut.MidAnswer:
                        await SendAllAsync(to, buffer.AsMemory(0, read / 2), link.Token);
                        Interlocked.Increment(ref _midAnswer);
                        Kill(to);
                        Kill(from);
                        return;
                    default:
                        await SendAllAsync(to, buffer.AsMemory(0, read), link.Token);
                        break;
                }
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The other side is gone (often because this proxy cut it): end the link both ways.
            Kill(from);
            Kill(to);
        }
        finally
        {
            if (!upstream)
            {
                await link.CancelAsync();
            }
        }
    }

    private Cut Decide(bool upstream)
    {
        lock (_random)
        {
            if (_cutsLeft == 0 || _random.NextDouble() >= _chance)
            {
                return Cut.None;
            }

            _cutsLeft--;
            return upstream ? (_random.Next(2) == 0 ? Cut.BeforeSend : Cut.AfterSend) : Cut.MidAnswer;
        }
    }

    private static async Task SendAllAsync(Socket to, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (bytes.Length > 0)
        {
            var sent = await to.SendAsync(bytes, SocketFlags.None, cancellationToken);
            bytes = bytes[sent..];
        }
    }

    /// <summary>Closes a socket with a reset, as a dying peer or middlebox would.</summary>
    private static void Kill(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
    }
}
