using System.Runtime.CompilerServices;
using Lakemon.Probes.Results;
using Npgsql;
using NpgsqlTypes;

namespace Lakemon.Collector.Store;

/// <summary>
/// The result store on PostgreSQL, for a collector that should not keep its history on its own disk or several
/// collectors sharing one. Same semantics as <see cref="SqliteResultStore"/>; the table (<c>lakemon_results</c>) and
/// its indexes are created on open when missing. A committed batch is durable by PostgreSQL's default
/// <c>synchronous_commit = on</c>.
/// </summary>
public sealed class PostgresResultStore : IResultStore
{
    private const string Table = "lakemon_results";

    // The JSON form is kept as json, not jsonb: jsonb reorders object keys, and the order of "phases" is part of the
    // contract (the order the phases were entered). SQL users can still read it with ->> in Grafana.
    private const string Schema = $"""
        CREATE TABLE IF NOT EXISTS {Table} (
            seq bigint GENERATED ALWAYS AS IDENTITY,
            id text NOT NULL PRIMARY KEY,
            started_at timestamptz NOT NULL,
            operation text NOT NULL,
            kind text NOT NULL,
            rse text,
            src_rse text,
            dst_rse text,
            site text,
            src_site text,
            dst_site text,
            result json NOT NULL
        );
        CREATE INDEX IF NOT EXISTS {Table}_started_at ON {Table} (started_at, seq);
        CREATE INDEX IF NOT EXISTS {Table}_rse ON {Table} (rse, started_at) WHERE rse IS NOT NULL;
        CREATE INDEX IF NOT EXISTS {Table}_src_rse ON {Table} (src_rse, started_at) WHERE src_rse IS NOT NULL;
        CREATE INDEX IF NOT EXISTS {Table}_dst_rse ON {Table} (dst_rse, started_at) WHERE dst_rse IS NOT NULL;
        CREATE INDEX IF NOT EXISTS {Table}_operation ON {Table} (operation, started_at);
        """;

    // One statement per batch whatever its size: the columns travel as arrays and unnest turns them back into rows.
    private const string Insert = $"""
        INSERT INTO {Table} (id, started_at, operation, kind, rse, src_rse, dst_rse, site, src_site, dst_site, result)
        SELECT * FROM unnest(@id, @started_at, @operation, @kind, @rse, @src_rse, @dst_rse, @site, @src_site, @dst_site, @result)
        ON CONFLICT (id) DO NOTHING
        """;

    /// <summary>Two stores opening one empty database at once would both try to create the table; CREATE ... IF NOT
    /// EXISTS is not safe against that, so creation is serialized by a transaction-scoped advisory lock.</summary>
    private const long SchemaLockKey = 0x6c616b656d6f6e; // "lakemon"

    private const int DeleteChunk = 10_000;

    private readonly NpgsqlDataSource dataSource;

    private PostgresResultStore(NpgsqlDataSource dataSource) => this.dataSource = dataSource;

    /// <summary>Connects with <paramref name="connectionString"/> and creates the schema when missing.</summary>
    public static async Task<PostgresResultStore> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaLockKey}); {Schema}", connection, transaction))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            return new PostgresResultStore(dataSource);
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }

    public async Task<int> AddAsync(IReadOnlyList<ProbeResult> results, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            return 0;
        }
        var rows = results.Select(ResultColumns.Of).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Insert, connection);
        var parameters = command.Parameters;
        parameters.Add(Array("id", NpgsqlDbType.Text, rows, r => r.Id));
        parameters.Add(Array("started_at", NpgsqlDbType.TimestampTz, rows, r => ResultColumns.UtcFromMilliseconds(r.StartedAtMilliseconds)));
        parameters.Add(Array("operation", NpgsqlDbType.Text, rows, r => r.Operation));
        parameters.Add(Array("kind", NpgsqlDbType.Text, rows, r => r.Kind));
        parameters.Add(Array("rse", NpgsqlDbType.Text, rows, r => r.Rse));
        parameters.Add(Array("src_rse", NpgsqlDbType.Text, rows, r => r.SrcRse));
        parameters.Add(Array("dst_rse", NpgsqlDbType.Text, rows, r => r.DstRse));
        parameters.Add(Array("site", NpgsqlDbType.Text, rows, r => r.Site));
        parameters.Add(Array("src_site", NpgsqlDbType.Text, rows, r => r.SrcSite));
        parameters.Add(Array("dst_site", NpgsqlDbType.Text, rows, r => r.DstSite));
        parameters.Add(Array("result", NpgsqlDbType.Json, rows, r => r.Json));
        // One statement is one transaction: the batch is stored whole or not at all.
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async IAsyncEnumerable<ProbeResult> QueryAsync(ResultQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = ResultQuerySql.Select(Table, "result", query, command, milliseconds => ResultColumns.UtcFromMilliseconds(milliseconds));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ResultColumns.Parse(reader.GetString(0));
        }
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM {Table}");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var deleted = 0;
        while (true)
        {
            await using var command = dataSource.CreateCommand(
                $"DELETE FROM {Table} WHERE id IN (SELECT id FROM {Table} WHERE started_at < @cutoff LIMIT {DeleteChunk})");
            command.Parameters.AddWithValue("cutoff", NpgsqlDbType.TimestampTz, ResultColumns.UtcFromMilliseconds(ResultColumns.CeilingMilliseconds(cutoff)));
            var chunk = await command.ExecuteNonQueryAsync(cancellationToken);
            deleted += chunk;
            if (chunk < DeleteChunk)
            {
                return deleted;
            }
        }
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType type, ResultColumns[] rows, Func<ResultColumns, T> column) =>
        new(name, NpgsqlDbType.Array | type) { Value = System.Array.ConvertAll(rows, row => column(row)) };
}
