using Npgsql;

namespace Lakemon.Collector.Scheduling;

/// <summary>
/// Makes "each scheduled time runs once" hold across a cluster, whatever Quartz's bookkeeping does. Quartz marks a
/// trigger, not a fire, as acquired; when a trigger is reset under a node that holds it (a node taken for dead while it
/// was only slow: its check-in came late under load), a second node can acquire the same fire, and the first one later
/// fires it too. So before a job runs it claims its (job, scheduled time) with one row in a table beside Quartz's in
/// the job store's database; the primary key lets exactly one node win, and the others skip the fire and say so.
/// </summary>
internal sealed class FireClaims : IAsyncDisposable
{
    /// <summary>Claims are kept this long, then pruned by later claims of the same job: long enough for any stale
    /// fire to have been tried, short enough that the table stays small (a claim per second is 600k rows a week).</summary>
    public static TimeSpan Retention { get; } = TimeSpan.FromDays(1);

    private const long SchemaLockKey = 0x6c616b656d6f6f; // next to the result store's "lakemon"

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS lakemon_fire_claims (
            job text NOT NULL,
            scheduled_at timestamptz NOT NULL,
            fire_instance_id text NOT NULL,
            claimed_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (job, scheduled_at));
        """;

    private readonly NpgsqlDataSource dataSource;
    private readonly SemaphoreSlim schemaGate = new(1, 1);
    private bool schemaReady;

    public FireClaims(string connectionString)
    {
        dataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>Claims one fire: true when this caller is the first, false when <paramref name="fire"/>'s time was
    /// claimed already (<paramref name="holder"/> names the firing that has it).</summary>
    public async Task<(bool Claimed, string? Holder)> TryClaimAsync(string job, ScheduledFire fire, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var claim = new NpgsqlCommand(
            """
            WITH pruned AS (DELETE FROM lakemon_fire_claims WHERE job = $1 AND scheduled_at < $2 - $4::interval)
            INSERT INTO lakemon_fire_claims (job, scheduled_at, fire_instance_id) VALUES ($1, $2, $3)
            ON CONFLICT (job, scheduled_at) DO NOTHING
            """, connection))
        {
            claim.Parameters.Add(new NpgsqlParameter { Value = job });
            claim.Parameters.Add(new NpgsqlParameter { Value = fire.ScheduledAt.UtcDateTime });
            claim.Parameters.Add(new NpgsqlParameter { Value = fire.FireInstanceId });
            claim.Parameters.Add(new NpgsqlParameter { Value = Retention });
            if (await claim.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                return (true, null);
            }
        }
        await using var holder = new NpgsqlCommand("SELECT fire_instance_id FROM lakemon_fire_claims WHERE job = $1 AND scheduled_at = $2", connection);
        holder.Parameters.Add(new NpgsqlParameter { Value = job });
        holder.Parameters.Add(new NpgsqlParameter { Value = fire.ScheduledAt.UtcDateTime });
        return (false, await holder.ExecuteScalarAsync(cancellationToken) as string);
    }

    public async ValueTask DisposeAsync()
    {
        await dataSource.DisposeAsync();
        schemaGate.Dispose();
    }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref schemaReady))
        {
            return;
        }
        await schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (schemaReady)
            {
                return;
            }
            // Under a transaction-scoped advisory lock: two nodes creating the table at once would otherwise collide on
            // PostgreSQL's catalog even with IF NOT EXISTS.
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaLockKey}); {Schema}", connection, transaction))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            Volatile.Write(ref schemaReady, true);
        }
        finally
        {
            schemaGate.Release();
        }
    }
}
