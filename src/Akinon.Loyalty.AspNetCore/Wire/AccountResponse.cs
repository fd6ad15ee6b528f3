using System.Text.Json.Serialization;

namespace Akinon.Loyalty.AspNetCore.Wire;

/// <summary>A loyalty account on Akinon's wire (<c>loyalty_account</c>).</summary>
public sealed record AccountResponse
{
    /// <summary>The account id.</summary>
    [JsonPropertyName("pk")]
    public required long Pk { get; init; }

    /// <summary>The account number (a UUID, <c>Bank</c>, an invoice number or a gift card code).</summary>
    [JsonPropertyName("number")]
    public required string Number { get; init; }

    /// <summary>The owner's email, or <see langword="null"/>.</summary>
    [JsonPropertyName("user_email")]
    public string? UserEmail { get; init; }

    /// <summary>The balance with the currency's decimals, for example <c>"100.00"</c>.</summary>
    [JsonPropertyName("balance")]
    [JsonConverter(typeof(AmountTextJsonConverter))]
    public required string Balance { get; init; }

    /// <summary>Whether the balance may go below zero.</summary>
    [JsonPropertyName("debit_allowed")]
    public required bool DebitAllowed { get; init; }

    /// <summary>When the account expires (an extension field of this library), or null when it never does.</summary>
    [JsonPropertyName("expires_at")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(TimestampJsonConverter))]
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When the account was created.</summary>
    [JsonPropertyName("created_date")]
    [JsonConverter(typeof(TimestampJsonConverter))]
    public required DateTimeOffset CreatedDate { get; init; }

    /// <summary>When the account or its balance last changed.</summary>
    [JsonPropertyName("modified_date")]
    [JsonConverter(typeof(TimestampJsonConverter))]
    public required DateTimeOffset ModifiedDate { get; init; }

    /// <summary>The owner's user id, or <see langword="null"/> for system accounts and unredeemed gift cards.</summary>
    [JsonPropertyName("user")]
    public long? User { get; init; }

    /// <summary>The currency, lower case (<c>"eur"</c>).</summary>
    [JsonPropertyName("currency")]
    public required string Currency { get; init; }

    /// <summary>Describes an account on the wire.</summary>
    /// <param name="account">The account.</param>
    /// <returns>The wire form.</returns>
    public static AccountResponse From(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new AccountResponse
        {
            Pk = account.Id,
            Number = account.Number,
            UserEmail = account.UserEmail,
            Balance = account.Balance.ToAmountString(),
            DebitAllowed = account.DebitAllowed,
            ExpiresAt = account.ExpiresAt,
            CreatedDate = account.CreatedAt,
            ModifiedDate = account.ModifiedAt,
            User = account.UserId,
            Currency = account.Currency.ToLowerCode(),
        };
    }
}
