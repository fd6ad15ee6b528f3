// Posts transactions on a PostgreSQL ledger from several tasks until it is killed, printing each committed
// transaction's UUID. The crash test kills it with SIGKILL mid-stream and checks that what was committed is whole.
// Arguments: <connection string> <schema> <comma-separated account ids> <currency>.
// Or, in dispatch mode, runs the event dispatcher until killed (see DispatchMode): dispatch <connection string> <schema> <file>.
using Akinon.Loyalty;
using Akinon.Loyalty.PostgreSql;
using Akinon.Loyalty.Storage;
using Npgsql;

if (args is ["dispatch", var connection, var schema, var deliveredFile])
{
    return await DispatchMode.RunAsync(connection, schema, deliveredFile);
}

if (args.Length != 4)
{
    Console.Error.WriteLine("usage: CrashWorker <connection string> <schema> <account ids> <currency>");
    return 2;
}

var dataSource = NpgsqlDataSource.Create(args[0]);
var store = new PostgreSqlLedgerStore(dataSource, new PostgreSqlLedgerOptions { Schema = args[1], RunMigrationsAtStartup = false });
var accounts = args[2].Split(',').Select(long.Parse).ToArray();
var currency = Currency.FromCode(args[3]);
var bank = (await store.FindAccountAsync(LoyaltyOptions.DefaultBankAccountNumber, currency, default))!.Id;
var output = Console.Out;
var gate = new object();

async Task Work(int worker)
{
    var random = new Random(worker);
    for (var i = 0; ; i++)
    {
        var from = accounts[random.Next(accounts.Length)];
        var to = accounts[random.Next(accounts.Length)];
        var draft = i % 5 == 0 || from == to
            // An adjustment from Bank onto a new account, created in the same step.
            ? null
            : new TransactionDraft
            {
                Uuid = Guid.NewGuid(),
                Kind = TransactionKind.Transfer,
                Currency = currency,
                CreatedAt = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(i),
                Legs = [new LegDraft(from, -random.Next(1, 500)), new LegDraft(to, 0)],
            };
        try
        {
            Guid posted;
            if (draft is null)
            {
                var amount = random.Next(1, 1000);
                var created = await store.CreateAccountAsync(
                    new NewAccount { Number = Guid.NewGuid().ToString("D"), Currency = currency, Kind = AccountKind.Customer, DebitAllowed = false, CreatedAt = DateTimeOffset.UnixEpoch },
                    new TransactionDraft
                    {
                        Uuid = Guid.NewGuid(),
                        Kind = TransactionKind.Adjustment,
                        Currency = currency,
                        CreatedAt = DateTimeOffset.UnixEpoch,
                        Legs = [new LegDraft(bank, -amount), new LegDraft(LegDraft.NewAccountId, amount)],
                    },
                    default);
                posted = created.Funding!.Uuid;
            }
            else
            {
                var legs = draft.Legs;
                draft = draft with { Legs = [legs[0], new LegDraft(to, -legs[0].Amount)] };
                posted = (await store.PostAsync(draft, default)).Transaction.Uuid;
            }

            lock (gate)
            {
                output.WriteLine(posted.ToString("D"));
                output.Flush();
            }
        }
        catch (LoyaltyException e) when (e.Code == LoyaltyErrorCode.InsufficientFunds)
        {
        }
    }
}

await Task.WhenAll(Enumerable.Range(1, 4).Select(w => Task.Run(() => Work(w))));
return 0;
