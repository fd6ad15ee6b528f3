namespace Akinon.Loyalty.Storage;

/// <summary>What a store did when asked to create an account.</summary>
/// <param name="Account">The account: new, or the original for a replay.</param>
/// <param name="Funding">The funding transaction posted with it, when one was asked for.</param>
/// <param name="Replayed"><see langword="true"/> when the account's idempotency key had already created the same account and nothing was written.</param>
public readonly record struct AccountCreation(Account Account, Transaction? Funding, bool Replayed);
