using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Akinon.Loyalty.AspNetCore.Tests.Security;

/// <summary>Refused writes are logged with the key's name, route, code and channel, never the body's amounts or e-mails.</summary>
public sealed class RefusalLogTests : ServerTest
{
    private readonly Capture _logs = new();

    protected override Task<LoyaltyServer> StartServerAsync()
        => LoyaltyServer.StartAsync(configureServices: services => services.AddSingleton<ILoggerProvider>(_logs));

    [Fact]
    public async Task A_refused_write_is_logged_with_key_route_code_and_channel_but_not_the_body()
    {
        using var reader = Server.WithKey(TestKeys.ReadOnly1);
        using (var forbidden = await reader.PostAsync(LoyaltyServer.Path("1", "loyalty_account/"), new StringContent("""{"currency": "eur", "user": 5, "user_email": "secret@example.com", "balance": "777.00"}""", System.Text.Encoding.UTF8, "application/json")))
        {
            forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        using (var invalid = await Server.PostAsync("1", "loyalty_account/", """{"currency": "eur", "user": 5, "user_email": "secret@example.com", "balance": "abc"}"""))
        {
            invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        }

        var lines = _logs.Lines.Where(l => l.StartsWith("Loyalty write refused", StringComparison.Ordinal)).ToList();
        lines.Should().HaveCount(2);
        lines[0].Should().Contain("key reader1").And.Contain("POST /api/v1/remote/{commerce_channel_id}/loyalty_account/").And.Contain("code forbidden").And.Contain("channel 1");
        lines[1].Should().Contain("key admin").And.Contain("code invalid_amount").And.Contain("channel 1");
        string.Join("\n", _logs.Lines).Should().NotContain("secret@example.com").And.NotContain("777.00", "the body's balance is not logged (the bare digits may be in the listening port)");
    }

    private sealed class Capture : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Queue { get; } = new();

        public IReadOnlyList<string> Lines => [.. Queue];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Queue.Enqueue(formatter(state, exception));

        public void Dispose()
        {
        }
    }
}
