using Akinon.Loyalty.AspNetCore.Wire;

namespace Akinon.Loyalty.AspNetCore.Tests.Wire;

/// <summary>Every transaction kind the core posts has one `transaction_type` on the wire, read back as itself.</summary>
public sealed class TransactionTypesTests
{
    public static TheoryData<TransactionKind> Kinds()
    {
        var kinds = new TheoryData<TransactionKind>();
        foreach (var kind in Enum.GetValues<TransactionKind>())
        {
            kinds.Add(kind);
        }

        return kinds;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_has_a_wire_name_that_parses_back(TransactionKind kind)
    {
        var wire = TransactionTypes.ToWire(kind);
        TransactionTypes.TryParse(wire, out var parsed).Should().BeTrue();
        parsed.Should().Be(kind);
    }

    [Fact]
    public void Wire_names_are_distinct()
        => TransactionTypes.All.Should().OnlyHaveUniqueItems().And.HaveCount(Enum.GetValues<TransactionKind>().Length);
}
