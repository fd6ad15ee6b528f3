using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Akinon.Loyalty.AspNetCore.Tests.Infrastructure;

/// <summary>Writes bytes to the server exactly as given (what HttpClient will not send) and reads its answer until it closes the connection.</summary>
public static class RawHttp
{
    public static async Task<(string Head, JsonElement Problem)> SendAsync(Uri server, string request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);

        var response = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            response.Write(buffer, 0, read);
            if (Complete(response))
            {
                break;
            }
        }

        var text = Encoding.UTF8.GetString(response.ToArray());
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = headEnd < 0 ? text : text[..headEnd];
        var start = text.IndexOf('{', StringComparison.Ordinal);
        using var document = JsonDocument.Parse(start < 0 ? "null" : text[start..(text.LastIndexOf('}') + 1)]);
        return (head, document.RootElement.Clone());
    }

    /// <summary>A chunked answer ends with its last chunk; the server may keep the connection open after it.</summary>
    private static bool Complete(MemoryStream response)
        => Encoding.ASCII.GetString(response.GetBuffer(), 0, (int)response.Length).EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal);
}
