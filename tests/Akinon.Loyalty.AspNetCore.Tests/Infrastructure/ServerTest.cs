namespace Akinon.Loyalty.AspNetCore.Tests.Infrastructure;

/// <summary>A test class with a fresh server per test (xunit makes a new instance per test).</summary>
public abstract class ServerTest : IAsyncLifetime
{
    private LoyaltyServer? _server;

    protected LoyaltyServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public virtual async Task InitializeAsync() => _server = await StartServerAsync();

    protected virtual Task<LoyaltyServer> StartServerAsync() => LoyaltyServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Opens an account through the API and returns its pk.</summary>
    protected async Task<long> OpenAsync(long? user, string balance = "0", string currency = "eur", bool debitAllowed = false, string channel = "1", string? number = null, string? email = null)
    {
        var fields = new List<string> { $"\"currency\": \"{currency}\"", $"\"balance\": \"{balance}\"", $"\"debit_allowed\": {(debitAllowed ? "true" : "false")}" };
        if (user is not null)
        {
            fields.Add($"\"user\": {user}");
        }

        if (number is not null)
        {
            fields.Add($"\"number\": \"{number}\"");
        }

        if (email is not null)
        {
            fields.Add($"\"user_email\": \"{email}\"");
        }

        using var response = await Server.PostAsync(channel, "loyalty_account/", "{" + string.Join(", ", fields) + "}");
        var account = await Expect.Json(response, HttpStatusCode.Created);
        return account.Long("pk");
    }

    /// <summary>Pays an order through the API and returns the response.</summary>
    protected async Task<System.Text.Json.JsonElement> PayAsync(string orderNumber, long user, string amount, string currency = "eur", long? order = null, string channel = "1", string? email = null)
    {
        var body = $"{{\"order_number\": \"{orderNumber}\", \"user\": {user}, \"currency\": \"{currency}\", \"amount\": \"{amount}\""
            + (order is null ? "" : $", \"order\": {order}")
            + (email is null ? "" : $", \"user_email\": \"{email}\"")
            + "}";
        using var response = await Server.PostAsync(channel, "loyalty-transactions/order-payment/", body);
        return await Expect.Json(response, HttpStatusCode.Created);
    }

    protected async Task<System.Text.Json.JsonElement> AccountAsync(long pk, string channel = "1")
    {
        using var response = await Server.GetAsync(channel, $"loyalty_account/{pk}/");
        return await Expect.Json(response, HttpStatusCode.OK);
    }
}
