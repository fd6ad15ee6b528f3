using Microsoft.Extensions.DependencyInjection;

namespace Akinon.Loyalty;

internal sealed class LoyaltyBuilder(IServiceCollection services) : ILoyaltyBuilder
{
    public IServiceCollection Services { get; } = services;
}
