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
            result json NOT NULL,
            protocol text,
            tpc_mode text,
            size_bytes bigint,
            status text
        );
        DO $$ BEGIN
            -- Tables of lakemon before the SLA engine lack the status columns: added and filled from the JSON once.
            IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = '{Table}' AND column_name = 'status'
                           AND table_schema = current_schema()) THEN
                ALTER TABLE {Table} ADD COLUMN protocol text, ADD COLUMN tpc_mode text, ADD COLUMN size_bytes bigint, ADD COLUMN status text;
                UPDATE {Table} SET protocol = result->>'protocol', tpc_mode = result->>'tpc_mode',
                    size_bytes = (result->>'size_bytes')::bigint, status = result->>'status';
            END IF;
        END $$;
        CREATE INDEX IF NOT EXISTS {Table}_started_at ON {Table} (started_at, seq);
        CREATE INDEX IF NOT EXISTS {Table}_rse ON {Table} (rse, started_at) WHERE rse IS NOT NULL;
        CREATE INDEX IF NOT EXISTS {Table}_src_rse ON {Table} (src_rse, started_at) WHERE src_rse IS NOT NULL;
        CREATE INDEX IF NOT EXISTS {Table}_dst_rse ON {Table} (dst_rse, started_at) WHERE dst_rse IS NOT NULL;
        DROP INDEX IF EXISTS {Table}_operation;
        DROP INDEX IF EXISTS {Table}_sla;
        CREATE INDEX IF NOT EXISTS {Table}_sla_monitoring ON {Table} (started_at) INCLUDE (rse, site, src_rse, dst_rse, src_site, dst_site, protocol, operation, tpc_mode, size_bytes, status) WHERE {StatusSamples.MonitoringOnly};
        """;

    private const string Columns = "id, started_at, operation, kind, rse, src_rse, dst_rse, site, src_site, dst_site, result, protocol, tpc_mode, size_bytes, status";

    // A small batch (an agent's campaign) goes as one statement: the columns travel as arrays and unnest turns them
    // back into rows.
    private const string Insert = $"""
        INSERT INTO {Table} ({Columns})
        SELECT * FROM unnest(@id, @started_at, @operation, @kind, @rse, @src_rse, @dst_rse, @site, @src_site, @dst_site, @result, @protocol, @tpc_mode, @size_bytes, @status)
        ON CONFLICT (id) DO NOTHING
        """;

    // A large one (a backfill, a burst of resends) is streamed with binary COPY into a temporary table, then moved with
    // the same conflict rule: COPY cannot skip duplicates itself. About 20 % faster than unnest at 10 000 rows; below
    // ~1000 the temporary table's creation costs more than it saves.
    private const string CreateIncoming = """
        CREATE TEMP TABLE lakemon_incoming (
            id text, started_at timestamptz, operation text, kind text, rse text, src_rse text, dst_rse text,
            site text, src_site text, dst_site text, result json, protocol text, tpc_mode text, size_bytes bigint, status text
        ) ON COMMIT DROP
        """;

    private const string CopyIncoming = $"COPY lakemon_incoming ({Columns}) FROM STDIN (FORMAT BINARY)";

    private const string MoveIncoming = $"INSERT INTO {Table} ({Columns}) SELECT {Columns} FROM lakemon_incoming ON CONFLICT (id) DO NOTHING";

    /// <summary>Batches of at least this many results go through COPY.</summary>
    internal const int DefaultCopyThreshold = 1000;

    /// <summary>Two stores opening one empty database at once would both try to create the table; CREATE ... IF NOT
    /// EXISTS is not safe against that, so creation is serialized by a transaction-scoped advisory lock.</summary>
    private const long SchemaLockKey = 0x6c616b656d6f6e; // "lakemon"

    private const int DeleteChunk = 10_000;

    private readonly NpgsqlDataSource dataSource;
    private readonly int copyThreshold;

    private PostgresResultStore(NpgsqlDataSource dataSource, int copyThreshold)
    {
        this.dataSource = dataSource;
        this.copyThreshold = copyThreshold;
    }

    /// <summary>Connects with <paramref name="connectionString"/> and creates the schema when missing.</summary>
    public static Task<PostgresResultStore> OpenAsync(string connectionString, CancellationToken cancellationToken) =>
        OpenAsync(connectionString, DefaultCopyThreshold, cancellationToken);

    /// <param name="copyThreshold">Tests run the whole contract through either insert path with it.</param>
    internal static async Task<PostgresResultStore> OpenAsync(string connectionString, int copyThreshold, CancellationToken cancellationToken)
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
            return new PostgresResultStore(dataSource, copyThreshold);
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
        return rows.Length >= copyThreshold
            ? await CopyAsync(connection, rows, cancellationToken)
            : await InsertAsync(connection, rows, cancellationToken);
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

    public async IAsyncEnumerable<StatusSample> QueryStatusesAsync(StatusQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = StatusSamples.Where(query, command, milliseconds => ResultColumns.UtcFromMilliseconds(milliseconds));
        command.CommandText = $"SELECT {StatusSamples.Columns} FROM {Table} WHERE {where} AND {StatusSamples.MonitoringOnly} ORDER BY started_at";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var startedAt = new DateTimeOffset(reader.GetFieldValue<DateTime>(0), TimeSpan.Zero);
            yield return StatusSamples.Read(reader, startedAt.ToUnixTimeMilliseconds());
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

    private static async Task<int> InsertAsync(NpgsqlConnection connection, ResultColumns[] rows, CancellationToken cancellationToken)
    {
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
        parameters.Add(Array("result", NpgsqlDbType.Json, rows, r => r.JsonText));
        parameters.Add(Array("protocol", NpgsqlDbType.Text, rows, r => r.Protocol));
        parameters.Add(Array("tpc_mode", NpgsqlDbType.Text, rows, r => r.TpcMode));
        parameters.Add(Array("size_bytes", NpgsqlDbType.Bigint, rows, r => r.SizeBytes));
        parameters.Add(Array("status", NpgsqlDbType.Text, rows, r => r.Status));
        // One statement is one transaction: the batch is stored whole or not at all.
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<int> CopyAsync(NpgsqlConnection connection, ResultColumns[] rows, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand(CreateIncoming, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var importer = await connection.BeginBinaryImportAsync(CopyIncoming, cancellationToken))
        {
            // The synchronous writes fill a local buffer; awaiting each of the 11 fields of every row costs more than
            // the rare flush to the socket that may block.
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                importer.StartRow();
                importer.Write(row.Id, NpgsqlDbType.Text);
                importer.Write(ResultColumns.UtcFromMilliseconds(row.StartedAtMilliseconds), NpgsqlDbType.TimestampTz);
                importer.Write(row.Operation, NpgsqlDbType.Text);
                importer.Write(row.Kind, NpgsqlDbType.Text);
                foreach (var text in (ReadOnlySpan<string?>)[row.Rse, row.SrcRse, row.DstRse, row.Site, row.SrcSite, row.DstSite])
                {
                    if (text is null)
                    {
                        importer.WriteNull();
                    }
                    else
                    {
                        importer.Write(text, NpgsqlDbType.Text);
                    }
                }
                importer.Write(row.JsonText, NpgsqlDbType.Json);
                importer.Write(row.Protocol, NpgsqlDbType.Text);
                if (row.TpcMode is null)
                {
                    importer.WriteNull();
                }
                else
                {
                    importer.Write(row.TpcMode, NpgsqlDbType.Text);
                }
                if (row.SizeBytes is { } size)
                {
                    importer.Write(size, NpgsqlDbType.Bigint);
                }
                else
                {
                    importer.WriteNull();
                }
                importer.Write(row.Status, NpgsqlDbType.Text);
            }
            await importer.CompleteAsync(cancellationToken);
        }
        int added;
        await using (var move = new NpgsqlCommand(MoveIncoming, connection, transaction))
        {
            added = await move.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType type, ResultColumns[] rows, Func<ResultColumns, T> column) =>
        new(name, NpgsqlDbType.Array | type) { Value = System.Array.ConvertAll(rows, row => column(row)) };
}
