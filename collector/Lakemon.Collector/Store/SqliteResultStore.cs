using System.Runtime.CompilerServices;
using Lakemon.Probes.Results;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Lakemon.Collector.Store;

/// <summary>
/// The default result store: one SQLite file in WAL mode, so that queries read while a batch is written. One writer
/// connection with a prepared insert adds a batch in one transaction; readers open their own connections.
/// </summary>
/// <remarks>
/// Durability: <c>synchronous=NORMAL</c> in WAL mode already survives a crash of the process (a commit is in the
/// kernel's page cache once written), but not a power loss or kernel crash, which may roll back the last commits. An
/// acknowledged batch lets an agent drop its disk buffer, so a lost acknowledged batch is lost for good:
/// <c>synchronous=FULL</c> syncs the WAL at every commit. With batched inserts that is one fsync per batch, not per
/// result.
/// </remarks>
public sealed class SqliteResultStore : IResultStore
{
    /// <summary>PRAGMA user_version of the schema below; a file from a newer lakemon is refused rather than misread.</summary>
    private const int SchemaVersion = 3;

    // seq is the rowid: an index on started_at then holds (started_at, rowid), the order of every query, without a
    // sort. The RSE indexes are partial because a result fills either rse or src_rse/dst_rse, so each result pays
    // only for the ones it uses.
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS results (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            started_at INTEGER NOT NULL,
            operation TEXT NOT NULL,
            kind TEXT NOT NULL,
            rse TEXT,
            src_rse TEXT,
            dst_rse TEXT,
            site TEXT,
            src_site TEXT,
            dst_site TEXT,
            json TEXT NOT NULL,
            protocol TEXT,
            tpc_mode TEXT,
            size_bytes INTEGER,
            status TEXT
        );
        CREATE INDEX IF NOT EXISTS results_started_at ON results (started_at);
        CREATE INDEX IF NOT EXISTS results_rse ON results (rse, started_at) WHERE rse IS NOT NULL;
        CREATE INDEX IF NOT EXISTS results_src_rse ON results (src_rse, started_at) WHERE src_rse IS NOT NULL;
        CREATE INDEX IF NOT EXISTS results_dst_rse ON results (dst_rse, started_at) WHERE dst_rse IS NOT NULL;
        DROP INDEX IF EXISTS results_operation;
        """ + SlaIndex;

    // The SLA engine reads a month of statuses (DESIGN.md §6); an index holding every column it needs answers that from
    // the index alone, without reading each row's JSON (about 10 times the bytes). Partial: data-challenge rehearsals
    // (kind challenge) are load, not monitoring, and never count in the SLA (schema 3; schema 2 indexed them too).
    private const string SlaIndex = $"""

        DROP INDEX IF EXISTS results_sla;
        CREATE INDEX IF NOT EXISTS results_sla_monitoring ON results ({StatusSamples.Columns}) WHERE {StatusSamples.MonitoringOnly};
        """;

    // Schema 1 had no status columns: they are added and filled from the JSON form once.
    private const string MigrateFrom1 = """
        ALTER TABLE results ADD COLUMN protocol TEXT;
        ALTER TABLE results ADD COLUMN tpc_mode TEXT;
        ALTER TABLE results ADD COLUMN size_bytes INTEGER;
        ALTER TABLE results ADD COLUMN status TEXT;
        UPDATE results SET protocol = json_extract(json, '$.protocol'), tpc_mode = json_extract(json, '$.tpc_mode'),
            size_bytes = json_extract(json, '$.size_bytes'), status = json_extract(json, '$.status');
        """;

    private const string Insert = """
        INSERT INTO results (id, started_at, operation, kind, rse, src_rse, dst_rse, site, src_site, dst_site, json, protocol, tpc_mode, size_bytes, status)
        VALUES (@id, @started_at, @operation, @kind, @rse, @src_rse, @dst_rse, @site, @src_site, @dst_site, @json, @protocol, @tpc_mode, @size_bytes, @status)
        ON CONFLICT (id) DO NOTHING
        """;

    /// <summary>Retention deletes in chunks, so that ingest waits for one chunk at most and the WAL stays small.</summary>
    private const int DeleteChunk = 10_000;

    private readonly string connectionString;
    private readonly SqliteConnection writer;
    // The insert runs on SQLite's own statement API, not a SqliteCommand: at 10^5 rows per second the command's
    // per-execution work (parameter objects, boxing, a UTF-8 copy of every string) cost more than the insert itself.
    private readonly sqlite3_stmt insert;
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly Lock pendingLock = new();
    private List<PendingBatch> pending = [];
    private bool writerRunning;

    private SqliteResultStore(string path, string connectionString, SqliteConnection writer)
    {
        Path = path;
        this.connectionString = connectionString;
        this.writer = writer;
        Check(raw.sqlite3_prepare_v2(writer.Handle, Insert, out insert));
    }

    /// <summary>The database file, as a full path.</summary>
    public string Path { get; }

    /// <summary>Opens (creating when missing) the database file and its directory, and the schema in it.</summary>
    public static async Task<SqliteResultStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        // No pooling: a disposed store has closed the file (and checkpointed and removed its WAL), nothing lingers.
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString();
        var writer = new SqliteConnection(connectionString);
        try
        {
            await writer.OpenAsync(cancellationToken);
            // Only a new file takes it (an existing one keeps its page size). Results are ~0.5 KiB rows appended in
            // time order: 16 KiB pages cost ~10 % less CPU per insert than the 4 KiB default (bench/store.sh).
            Execute(writer, "PRAGMA page_size = 16384");
            var mode = Scalar(writer, "PRAGMA journal_mode = WAL");
            if (!"wal".Equals(mode as string, StringComparison.OrdinalIgnoreCase))
            {
                throw new ResultStoreException($"{fullPath}: SQLite cannot use WAL mode there (journal mode stays '{mode}'); put the store on a local file system");
            }
            Execute(writer, "PRAGMA synchronous = FULL");
            // Index pages of a large table stay cached across batches (default is 2 MiB).
            Execute(writer, "PRAGMA cache_size = -65536");
            var version = Convert.ToInt32(Scalar(writer, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
            if (version > SchemaVersion)
            {
                throw new ResultStoreException($"{fullPath}: result store schema {version} was written by a newer lakemon (this one knows {SchemaVersion})");
            }
            using (var transaction = writer.BeginTransaction())
            {
                if (version == 1)
                {
                    Execute(writer, MigrateFrom1, transaction);
                }
                Execute(writer, Schema, transaction);
                Execute(writer, $"PRAGMA user_version = {SchemaVersion}", transaction);
                transaction.Commit();
            }
            return new SqliteResultStore(fullPath, connectionString, writer);
        }
        catch
        {
            await writer.DisposeAsync();
            throw;
        }
    }

    public async Task<int> AddAsync(IReadOnlyList<ProbeResult> results, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(results);
        cancellationToken.ThrowIfCancellationRequested();
        if (results.Count == 0)
        {
            return 0;
        }
        // Serialized before queueing: JSON writing is the costly part and needs no connection.
        var json = new JsonRows();
        var rows = new ResultColumns[results.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = ResultColumns.Of(results[i], json);
        }
        var batch = new PendingBatch(rows, json);
        bool startWriter;
        lock (pendingLock)
        {
            pending.Add(batch);
            startWriter = !writerRunning;
            writerRunning = true;
        }
        if (startWriter)
        {
            _ = Task.Run(WritePendingAsync, CancellationToken.None);
        }
        // Once queued the batch is written even if the caller gives up: a sender that resends adds nothing twice.
        return await batch.Completion.Task;
    }

    /// <summary>
    /// Group commit: batches that arrive while a transaction is being written are written together in the next one.
    /// A commit costs an fsync and rewrites every index page it touched, so under parallel ingest one commit per group
    /// instead of per batch is most of the store's throughput; a lone batch still commits at once.
    /// </summary>
    private async Task WritePendingAsync()
    {
        while (true)
        {
            List<PendingBatch> group;
            lock (pendingLock)
            {
                if (pending.Count == 0)
                {
                    writerRunning = false;
                    return;
                }
                group = pending;
                pending = [];
            }
            await writeLock.WaitAsync();
            try
            {
                try
                {
                    var added = WriteInOneTransaction(group);
                    for (var i = 0; i < group.Count; i++)
                    {
                        group[i].Completion.TrySetResult(added[i]);
                    }
                }
                catch (Exception) when (group.Count > 1)
                {
                    // Each batch is atomic on its own, not with strangers: retry them one by one so that a failure
                    // is answered to the batch that causes it.
                    foreach (var batch in group)
                    {
                        try
                        {
                            batch.Completion.TrySetResult(WriteInOneTransaction([batch])[0]);
                        }
                        catch (Exception e)
                        {
                            batch.Completion.TrySetException(e);
                        }
                    }
                }
                catch (Exception e)
                {
                    group[0].Completion.TrySetException(e);
                }
            }
            finally
            {
                writeLock.Release();
                foreach (var batch in group)
                {
                    batch.Json.Dispose();
                }
            }
        }
    }

    private int[] WriteInOneTransaction(List<PendingBatch> group)
    {
        var added = new int[group.Count];
        try
        {
            using var transaction = writer.BeginTransaction();
            for (var i = 0; i < group.Count; i++)
            {
                foreach (var row in group[i].Rows)
                {
                    Bind(row);
                    Check(raw.sqlite3_step(insert), raw.SQLITE_DONE);
                    added[i] += raw.sqlite3_changes(writer.Handle);
                    raw.sqlite3_reset(insert);
                }
            }
            transaction.Commit();
            return added;
        }
        finally
        {
            raw.sqlite3_reset(insert);
            raw.sqlite3_clear_bindings(insert);
        }
    }

    private sealed class PendingBatch(ResultColumns[] rows, JsonRows json)
    {
        public ResultColumns[] Rows { get; } = rows;

        /// <summary>Holds the rows' JSON forms: disposed (the memory given back) once the batch is answered.</summary>
        public JsonRows Json { get; } = json;

        public TaskCompletionSource<int> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async IAsyncEnumerable<ProbeResult> QueryAsync(ResultQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = ResultQuerySql.Select("results", "json", query, command, milliseconds => milliseconds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ResultColumns.Parse(reader.GetString(0));
        }
    }

    public async IAsyncEnumerable<StatusSample> QueryStatusesAsync(StatusQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = StatusSamples.Where(query, command, milliseconds => milliseconds);
        command.CommandText = $"SELECT {StatusSamples.Columns} FROM results INDEXED BY results_sla_monitoring WHERE {where} AND {StatusSamples.MonitoringOnly} ORDER BY started_at";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return StatusSamples.Read(reader, reader.GetInt64(0));
        }
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        return (long)Scalar(connection, "SELECT count(*) FROM results")!;
    }

    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var deleted = 0;
        while (true)
        {
            await writeLock.WaitAsync(cancellationToken);
            try
            {
                using var command = writer.CreateCommand();
                command.CommandText = $"DELETE FROM results WHERE seq IN (SELECT seq FROM results WHERE started_at < @cutoff LIMIT {DeleteChunk})";
                command.Parameters.AddWithValue("@cutoff", ResultColumns.CeilingMilliseconds(cutoff));
                var chunk = command.ExecuteNonQuery();
                deleted += chunk;
                if (chunk < DeleteChunk)
                {
                    return deleted;
                }
            }
            finally
            {
                writeLock.Release();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await writeLock.WaitAsync();
        try
        {
            insert.Dispose();
            await writer.DisposeAsync();
        }
        finally
        {
            writeLock.Release();
            writeLock.Dispose();
        }
    }

    private void Bind(in ResultColumns row)
    {
        // Parameter numbers are the positions in Insert's VALUES list.
        BindText(1, row.Id);
        Check(raw.sqlite3_bind_int64(insert, 2, row.StartedAtMilliseconds));
        BindText(3, row.Operation);
        BindText(4, row.Kind);
        BindText(5, row.Rse);
        BindText(6, row.SrcRse);
        BindText(7, row.DstRse);
        BindText(8, row.Site);
        BindText(9, row.SrcSite);
        BindText(10, row.DstSite);
        Check(raw.sqlite3_bind_text(insert, 11, row.Json.Span));
        BindText(12, row.Protocol);
        BindText(13, row.TpcMode);
        Check(row.SizeBytes is { } size ? raw.sqlite3_bind_int64(insert, 14, size) : raw.sqlite3_bind_null(insert, 14));
        BindText(15, row.Status);
    }

    // UTF-16 straight from the string: SQLite converts it to the database's UTF-8 itself, with no managed copy.
    private void BindText(int index, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(insert, index) : raw.sqlite3_bind_text16(insert, index, value.AsSpan()));

    private void Check(int code, int expected = raw.SQLITE_OK)
    {
        if (code != expected)
        {
            throw new SqliteException($"SQLite Error {code}: '{raw.sqlite3_errmsg(writer.Handle).utf8_to_string()}'.", code);
        }
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }
}
