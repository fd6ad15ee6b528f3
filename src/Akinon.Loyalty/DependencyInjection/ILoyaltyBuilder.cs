using Microsoft.Extensions.DependencyInjection;

namespace Akinon.Loyalty;

/// <summary>What <see cref="LoyaltyServiceCollectionExtensions.AddLoyalty(IServiceCollection, Action{LoyaltyOptions}?)"/> returns: store packages plug in here (<c>UsePostgreSql(...)</c>).</summary>
public interface ILoyaltyBuilder
{
    /// <summary>The service collection the ledger is registered in.</summary>
    IServiceCollection Services { get; }
}
