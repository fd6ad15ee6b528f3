namespace Akinon.Loyalty.Testing.Model;

/// <summary>
/// One random step of a property's operation sequence. Indices pick among what exists when the step
/// runs (modulo the count), so any sequence is meaningful whatever came before it; amounts are in minor
/// units and may be zero or negative, so refused operations are part of every run.
/// </summary>
internal abstract record LedgerOperation
{
    private protected LedgerOperation()
    {
    }
}

/// <summary>Opens a customer account.</summary>
/// <param name="User">The owner, 1 to 3.</param>
/// <param name="CurrencyIndex">Which test currency.</param>
/// <param name="DebitAllowed">The debit rule.</param>
/// <param name="Opening">The opening balance in minor units (may be negative).</param>
/// <param name="Keyed">Whether the request carries an idempotency key.</param>
/// <param name="ExpiresInMinutes">When the account expires, in minutes from the step's clock; never when <see langword="null"/>.</param>
internal sealed record OpenAccount(int User, int CurrencyIndex, bool DebitAllowed, long Opening, bool Keyed, int? ExpiresInMinutes = null) : LedgerOperation;

/// <summary>Sets an account's balance (PATCH).</summary>
/// <param name="Account">Which non-system account.</param>
/// <param name="Target">The new balance in minor units.</param>
/// <param name="Keyed">Whether the request carries an idempotency key (remembered even when the balance is already at the target).</param>
internal sealed record SetBalance(int Account, long Target, bool Keyed) : LedgerOperation;

/// <summary>
/// A manual transfer between a system account of an account's currency and that account: Sale is never a party
/// (refused), Bank and Refund may fund a credit, and either may receive a claw-back.
/// </summary>
/// <param name="System">Which system account: 0 Sale, 1 Bank, 2 Refund.</param>
/// <param name="Account">Which non-system account.</param>
/// <param name="Amount">The amount in minor units (may be zero or negative).</param>
/// <param name="ToSystem">Whether the money goes to the system account (a claw-back) rather than from it.</param>
internal sealed record MoveWithSystem(int System, int Account, long Amount, bool ToSystem) : LedgerOperation;

/// <summary>Moves money between two accounts.</summary>
/// <param name="From">The source (an index one past the end names an unknown account).</param>
/// <param name="To">The destination.</param>
/// <param name="Amount">The amount in minor units (may be zero or negative).</param>
/// <param name="OtherCurrency">Whether the amount is in another currency than the source.</param>
/// <param name="Keyed">Whether the request carries an idempotency key.</param>
internal sealed record MoveMoney(int From, int To, long Amount, bool OtherCurrency, bool Keyed) : LedgerOperation;

/// <summary>Pays a new order with loyalty money.</summary>
/// <param name="User">The owner.</param>
/// <param name="CurrencyIndex">The order currency.</param>
/// <param name="Total">The order total in minor units (may be zero or negative).</param>
/// <param name="Cap">The loyalty cap in minor units, when any.</param>
internal sealed record PayOrder(int User, int CurrencyIndex, long Total, long? Cap) : LedgerOperation;

/// <summary>Refunds part of a payment.</summary>
/// <param name="Payment">Which payment.</param>
/// <param name="Amount">The amount in minor units (may exceed what is left).</param>
/// <param name="WithInvoice">Whether the refund lands on a new invoice account.</param>
/// <param name="ByOrderNumber">Whether to use the cross refund (by order number).</param>
internal sealed record RefundPayment(int Payment, long Amount, bool WithInvoice, bool ByOrderNumber) : LedgerOperation;

/// <summary>Refunds an order paid by card as store credit.</summary>
/// <param name="User">The owner.</param>
/// <param name="CurrencyIndex">The currency.</param>
/// <param name="Amount">The amount in minor units.</param>
/// <param name="WithInvoice">Whether the credit lands on a new invoice account.</param>
/// <param name="ExpiresInMinutes">When the credit expires (on an account of its own), in minutes from the step's clock; never when <see langword="null"/>.</param>
internal sealed record RefundToLoyalty(int User, int CurrencyIndex, long Amount, bool WithInvoice, int? ExpiresInMinutes = null) : LedgerOperation;

/// <summary>Issues a gift card.</summary>
/// <param name="CurrencyIndex">The currency.</param>
/// <param name="Amount">The value in minor units.</param>
/// <param name="ExpiresInMinutes">When the card expires, in minutes from the step's clock; never when <see langword="null"/>.</param>
internal sealed record IssueGiftCard(int CurrencyIndex, long Amount, int? ExpiresInMinutes = null) : LedgerOperation;

/// <summary>Redeems a gift card.</summary>
/// <param name="Card">Which card.</param>
/// <param name="User">The redeeming user.</param>
internal sealed record RedeemGiftCard(int Card, int User) : LedgerOperation;

/// <summary>Sends an earlier keyed request again, unchanged (a retry) or changed (a conflict).</summary>
/// <param name="Request">Which keyed request.</param>
/// <param name="Changed">Whether the request is changed, which must be an idempotency conflict.</param>
internal sealed record Retry(int Request, bool Changed) : LedgerOperation;

/// <summary>Sends another operation (a gift card, an account update, an account opening) under the caller key of an earlier keyed request: always a conflict.</summary>
/// <param name="Request">Which keyed request's caller key.</param>
/// <param name="Operation">Which other operation.</param>
internal sealed record ReuseKey(int Request, int Operation) : LedgerOperation;

/// <summary>Authorises a new order: allocated as a payment, held on the Hold account.</summary>
/// <param name="User">The owner.</param>
/// <param name="CurrencyIndex">The order currency.</param>
/// <param name="Total">The order total in minor units (may be zero or negative).</param>
/// <param name="Cap">The loyalty cap in minor units, when any.</param>
/// <param name="TimeoutMinutes">How long the hold lasts, in minutes; the ledger's default when <see langword="null"/>.</param>
internal sealed record AuthorizeOrder(int User, int CurrencyIndex, long Total, long? Cap, int? TimeoutMinutes) : LedgerOperation;

/// <summary>Captures a hold, in part or whole.</summary>
/// <param name="Hold">Which hold (settled ones included).</param>
/// <param name="Amount">What to capture in minor units (may be zero, negative or more than held); the whole hold when <see langword="null"/>.</param>
internal sealed record CaptureOrder(int Hold, long? Amount) : LedgerOperation;

/// <summary>Voids a hold.</summary>
/// <param name="Hold">Which hold (settled ones included).</param>
internal sealed record VoidOrder(int Hold) : LedgerOperation;

/// <summary>Moves the ledger's clock forward.</summary>
/// <param name="Minutes">How far.</param>
internal sealed record AdvanceClock(int Minutes) : LedgerOperation;

/// <summary>Runs the expiry (<see cref="ILoyaltyLedger.ExpireDueAsync"/>) as of the clock.</summary>
internal sealed record ExpireDue : LedgerOperation;
