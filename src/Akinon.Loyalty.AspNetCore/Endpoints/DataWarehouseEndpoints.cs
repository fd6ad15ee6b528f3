using System.Globalization;
using Akinon.Loyalty.AspNetCore.Wire;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Akinon.Loyalty.AspNetCore;

/// <summary>
/// Akinon's data-warehouse account listing, <c>data-warehouse/loyalty/accounts/</c> under the channel prefix: every
/// account of the channel (system accounts too) with Django-style filters read strictly into an <see cref="AccountQuery"/>.
/// </summary>
internal static class DataWarehouseHandlers
{
    /// <summary>The <c>sort</c> values: a field, or the field with <c>-</c> for descending.</summary>
    public static readonly IReadOnlyDictionary<string, AccountOrder> Sorts = new Dictionary<string, AccountOrder>(StringComparer.Ordinal)
    {
        ["id"] = AccountOrder.Id,
        ["-id"] = AccountOrder.IdDescending,
        ["balance"] = AccountOrder.Balance,
        ["-balance"] = AccountOrder.BalanceDescending,
        ["created_date"] = AccountOrder.Created,
        ["-created_date"] = AccountOrder.CreatedDescending,
        ["modified_date"] = AccountOrder.Modified,
        ["-modified_date"] = AccountOrder.ModifiedDescending,
    };

    public static Task<IResult> ListAccounts(
        HttpContext http,
        [FromRoute(Name = LoyaltyEndpointHandlers.ChannelParameter)] string channelId,
        [FromQuery(Name = "balance")] string? balance,
        [FromQuery(Name = "created_date")] string? created,
        [FromQuery(Name = "created_date__gt")] string? createdAfter,
        [FromQuery(Name = "created_date__gte")] string? createdFrom,
        [FromQuery(Name = "created_date__lt")] string? createdBefore,
        [FromQuery(Name = "created_date__lte")] string? createdUntil,
        [FromQuery(Name = "currency")] string? currency,
        [FromQuery(Name = "debit_allowed")] string? debitAllowed,
        [FromQuery(Name = "id")] string? id,
        [FromQuery(Name = "id__gt")] string? idAbove,
        [FromQuery(Name = "id__gte")] string? idFrom,
        [FromQuery(Name = "id__lt")] string? idBelow,
        [FromQuery(Name = "id__lte")] string? idUntil,
        [FromQuery(Name = "modified_date")] string? modified,
        [FromQuery(Name = "modified_date__gt")] string? modifiedAfter,
        [FromQuery(Name = "modified_date__gte")] string? modifiedFrom,
        [FromQuery(Name = "modified_date__lt")] string? modifiedBefore,
        [FromQuery(Name = "modified_date__lte")] string? modifiedUntil,
        [FromQuery(Name = "number")] string? number,
        [FromQuery(Name = "page")] string? page,
        [FromQuery(Name = "limit")] string? limit,
        [FromQuery(Name = "sort")] string? sort,
        [FromQuery(Name = "user")] string? user,
        [FromQuery(Name = "user_email")] string? userEmail,
        [FromQuery(Name = "uuid")] string? uuid)
        => LoyaltyEndpointHandlers.Run(http, channelId, WireFields.ListAccounts, async (ledger, cancellationToken) =>
        {
            var paging = QueryValues.Paging(page, limit, AccountQuery.MaxLimit);
            var (createdLow, createdHigh) = QueryValues.TimeBounds(
                ("created_date", created), ("created_date__gt", createdAfter), ("created_date__gte", createdFrom), ("created_date__lt", createdBefore), ("created_date__lte", createdUntil));
            var (modifiedLow, modifiedHigh) = QueryValues.TimeBounds(
                ("modified_date", modified), ("modified_date__gt", modifiedAfter), ("modified_date__gte", modifiedFrom), ("modified_date__lt", modifiedBefore), ("modified_date__lte", modifiedUntil));
            var (minId, maxId) = IdBounds(("id", id), ("id__gt", idAbove), ("id__gte", idFrom), ("id__lt", idBelow), ("id__lte", idUntil));
            var query = new AccountQuery
            {
                Balance = Amount(balance),
                CreatedFrom = createdLow,
                CreatedBefore = createdHigh,
                Currency = QueryValues.Currency(currency),
                DebitAllowed = QueryValues.Bool(debitAllowed, "debit_allowed"),
                MinId = minId,
                MaxId = maxId,
                ModifiedFrom = modifiedLow,
                ModifiedBefore = modifiedHigh,
                Number = QueryValues.Text(number),
                Order = Sort(sort),
                UserId = QueryValues.Long(user, "user"),
                UserEmail = QueryValues.Text(userEmail),

                // Accounts carry no UUID of their own; their number is one by default, written with or without hyphens.
                Numbers = string.IsNullOrEmpty(uuid) ? null : WireValues.Uuid(uuid, "uuid") is var g ? [g.ToString("D"), g.ToString("N")] : null,
                Skip = QueryValues.Skip(paging.Page, paging.Limit),
                Limit = paging.Limit,
            };
            var result = await ledger.ListAccountsAsync(query, cancellationToken).ConfigureAwait(false);
            return LoyaltyEndpointHandlers.Json(LoyaltyEndpointHandlers.PageOf(http, result, paging, Row), StatusCodes.Status200OK);
        });

    /// <summary>The account as the data warehouse takes it: the <c>loyalty_account</c> shape, the balance with at least two decimals.</summary>
    public static AccountResponse Row(Account account) => AccountResponse.From(account) with { Balance = TwoDecimals(account.Balance) };

    /// <summary>
    /// The amount with at least two decimals: <c>"100.00"</c> for 100 JPY as for 100 EUR. A currency with more keeps
    /// them all (<c>"1.250"</c> KWD): an amount is never rounded.
    /// </summary>
    public static string TwoDecimals(Money amount)
    {
        var text = amount.ToAmountString();
        return amount.Currency.MinorUnits switch
        {
            0 => text + ".00",
            1 => text + "0",
            _ => text,
        };
    }

    private static decimal? Amount(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        // The wire's amount rule ([+-]digits(.digits)), in no particular currency: the filter compares in each account's.
        var digits = text.AsSpan(text[0] is '+' or '-' ? 1 : 0);
        var point = digits.IndexOf('.');
        var valid = text.Length <= 40 && digits.Length > 0 && point != 0 && point != digits.Length - 1
            && !digits[(point + 1)..].Contains('.') && digits.ContainsAnyExcept("0123456789.") is false;
        return valid && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            ? amount
            : throw WireException.Invalid($"The query parameter 'balance' must be an amount such as 100.00; '{WireValues.Shown(text)}' is not.");
    }

    private static AccountOrder Sort(string? text)
        => string.IsNullOrEmpty(text) ? AccountOrder.Id
            : Sorts.TryGetValue(text, out var order) ? order
            : throw WireException.Invalid($"The query parameter 'sort' must be one of {string.Join(", ", Sorts.Keys)}; '{WireValues.Shown(text)}' is not.");

    /// <summary>The id lookups as one inclusive range; a range nothing can be in (<c>id__gt</c> the largest id) is 1..0.</summary>
    private static (long? Min, long? Max) IdBounds(params (string Name, string? Text)[] lookups)
    {
        long? min = null;
        long? max = null;
        var empty = false;
        foreach (var (name, text) in lookups)
        {
            if (QueryValues.Long(text, name) is not { } value)
            {
                continue;
            }

            switch (name)
            {
                case "id":
                    min = Math.Max(min ?? long.MinValue, value);
                    max = Math.Min(max ?? long.MaxValue, value);
                    break;
                case "id__gt":
                    empty |= value == long.MaxValue;
                    min = Math.Max(min ?? long.MinValue, value == long.MaxValue ? value : value + 1);
                    break;
                case "id__gte":
                    min = Math.Max(min ?? long.MinValue, value);
                    break;
                case "id__lt":
                    empty |= value == long.MinValue;
                    max = Math.Min(max ?? long.MaxValue, value == long.MinValue ? value : value - 1);
                    break;
                default:
                    max = Math.Min(max ?? long.MaxValue, value);
                    break;
            }
        }

        return empty ? (1, 0) : (min, max);
    }
}
