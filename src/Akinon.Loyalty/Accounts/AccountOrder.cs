namespace Akinon.Loyalty;

/// <summary>The order of an account listing (<see cref="AccountQuery.Order"/>); equal keys are ordered by id, in the same direction.</summary>
public enum AccountOrder
{
    /// <summary>Ascending id, the default: oldest first.</summary>
    Id = 0,

    /// <summary>Descending id: newest first.</summary>
    IdDescending = 1,

    /// <summary>Ascending balance, as an amount in each account's currency (1.00 EUR before 100 JPY).</summary>
    Balance = 2,

    /// <summary>Descending balance.</summary>
    BalanceDescending = 3,

    /// <summary>Ascending creation time.</summary>
    Created = 4,

    /// <summary>Descending creation time.</summary>
    CreatedDescending = 5,

    /// <summary>Ascending time of the last change (<see cref="Account.ModifiedAt"/>).</summary>
    Modified = 6,

    /// <summary>Descending time of the last change.</summary>
    ModifiedDescending = 7,
}
