using System.Net.Sockets;
using Akinon.Loyalty.PostgreSql.Internal;
using Npgsql;

namespace Akinon.Loyalty.PostgreSql.Tests.Faults;

/// <summary>How the store tells an outage (nothing written, or outcome unknown) from a refusal or a bug.</summary>
public sealed class StoreErrorsClassificationTests
{
    [Theory]
    [InlineData("08000")] // connection_exception
    [InlineData("08001")] // sqlclient_unable_to_establish_sqlconnection
    [InlineData("08006")] // connection_failure
    [InlineData("57P01")] // admin_shutdown
    [InlineData("57P02")] // crash_shutdown
    [InlineData("57P03")] // cannot_connect_now
    [InlineData("57P05")] // idle_session_timeout
    [InlineData("53300")] // too_many_connections
    [InlineData("53200")] // out_of_memory
    [InlineData("58030")] // io_error
    [InlineData("57014")] // query_canceled (statement_timeout)
    [InlineData("55P03")] // lock_not_available (lock_timeout)
    [InlineData("25006")] // read_only_sql_transaction (a standby after failover)
    public void These_SQLSTATEs_are_outages(string sqlState) => StoreErrors.IsOutageState(sqlState).Should().BeTrue();

    [Theory]
    [InlineData("LY008")] // insufficient funds: a refusal
    [InlineData("23505")] // unique_violation
    [InlineData("22003")] // numeric_value_out_of_range: overflow, a refusal
    [InlineData("40001")] // serialization_failure: retried by the store itself
    [InlineData("40P01")] // deadlock_detected: retried by the store itself
    [InlineData("42601")] // syntax_error: a bug, must not hide as an outage
    [InlineData("28P01")] // invalid_password: misconfiguration, retrying will not help
    public void These_SQLSTATEs_are_not_outages(string sqlState) => StoreErrors.IsOutageState(sqlState).Should().BeFalse();

    public static TheoryData<Exception> LostConnections() => new()
    {
        new IOException("Unable to read data from the transport connection: Connection reset by peer."),
        new EndOfStreamException("Attempted to read past the end of the stream."),
        new SocketException((int)SocketError.ConnectionRefused),
        new TimeoutException("Timeout during reading attempt"),
        new IOException("outer", new SocketException((int)SocketError.ConnectionReset)),
    };

    [Theory]
    [MemberData(nameof(LostConnections))]
    public void A_lost_connection_before_the_write_was_sent_is_store_unavailable(Exception cause)
    {
        var failure = new NpgsqlException("Exception while reading from stream", cause);

        var outage = StoreErrors.Outage(failure, sent: false);

        outage.Should().NotBeNull();
        outage!.Code.Should().Be(LoyaltyErrorCode.StoreUnavailable);
        outage.InnerException.Should().BeSameAs(failure);
    }

    [Theory]
    [MemberData(nameof(LostConnections))]
    public void A_lost_connection_after_the_write_was_sent_is_outcome_unknown(Exception cause)
    {
        var failure = new NpgsqlException("Exception while reading from stream", cause);

        var outage = StoreErrors.Outage(failure, sent: true);

        outage.Should().NotBeNull();
        outage!.Code.Should().Be(LoyaltyErrorCode.OutcomeUnknown);
        outage.InnerException.Should().BeSameAs(failure);
    }

    [Fact]
    public void An_exhausted_pool_is_store_unavailable()
    {
        // Npgsql's own shape: the pool wait timed out before a connection was handed out.
        var failure = new NpgsqlException("The connection pool has been exhausted, either raise 'Max Pool Size' (currently 1) or 'Timeout' (currently 1 seconds) in your connection string.", new TimeoutException());

        StoreErrors.Outage(failure, sent: false)!.Code.Should().Be(LoyaltyErrorCode.StoreUnavailable);
    }

    [Theory]
    [InlineData("57P01")]
    [InlineData("57P02")]
    [InlineData("08006")]
    public void A_server_that_ends_the_connection_is_unavailable_before_the_write_and_unknown_after(string sqlState)
    {
        var fatal = new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", sqlState);

        StoreErrors.Outage(fatal, sent: false)!.Code.Should().Be(LoyaltyErrorCode.StoreUnavailable);
        StoreErrors.Outage(fatal, sent: true)!.Code.Should().Be(LoyaltyErrorCode.OutcomeUnknown);
    }

    [Theory]
    [InlineData("57014")]
    [InlineData("55P03")]
    [InlineData("53200")]
    public void An_error_the_server_answered_aborted_the_write_so_nothing_was_written(string sqlState)
    {
        var aborted = new PostgresException("canceling statement due to statement timeout", "ERROR", "ERROR", sqlState);

        StoreErrors.Outage(aborted, sent: true)!.Code.Should().Be(LoyaltyErrorCode.StoreUnavailable);
    }

    [Fact]
    public void A_refusal_or_a_bug_is_not_an_outage()
    {
        StoreErrors.Outage(new PostgresException("1|2|3", "ERROR", "ERROR", "LY008"), sent: true).Should().BeNull();
        StoreErrors.Outage(new PostgresException("syntax error at or near \"SELEC\"", "ERROR", "ERROR", "42601"), sent: true).Should().BeNull();
        StoreErrors.Outage(new NpgsqlException("Received backend message CommandComplete while expecting ReadyForQuery."), sent: true).Should().BeNull();
    }
}
