using System.Runtime.CompilerServices;

namespace Lakemon.Collector.Store;

/// <summary>Status samples of a store that has no column-only path (see <see cref="IResultStore.QueryStatusesAsync"/>).</summary>
internal static class StatusSamples
{
    public static async IAsyncEnumerable<StatusSample> FromResultsAsync(IResultStore store, StatusQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var results = store.QueryAsync(new ResultQuery(Rse: query.Rse, Site: query.Site, Since: query.Since, Until: query.Until), cancellationToken);
        await foreach (var result in results)
        {
            yield return StatusSample.Of(result);
        }
    }

    /// <summary>The WHERE clause both stores use for a status query (same parameter names as <see cref="ResultQuerySql"/>).</summary>
    public static string Where(StatusQuery query, System.Data.Common.DbCommand command, Func<long, object> time)
    {
        void Add(string name, object value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        Add("@since", time(ResultColumns.CeilingMilliseconds(query.Since)));
        Add("@until", time(ResultColumns.CeilingMilliseconds(query.Until)));
        var where = "started_at >= @since AND started_at < @until";
        if (query.Rse is { } rse)
        {
            Add("@rse", rse);
            where += " AND (rse = @rse OR src_rse = @rse OR dst_rse = @rse)";
        }
        if (query.Site is { } site)
        {
            Add("@site", site);
            where += " AND (site = @site OR src_site = @site OR dst_site = @site)";
        }
        return where;
    }

    /// <summary>One row of <see cref="Columns"/>; the caller reads started_at, whose type differs between stores.</summary>
    public static StatusSample Read(System.Data.Common.DbDataReader reader, long startedAtMilliseconds)
    {
        string? Text(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
        var statusName = reader.GetString(9);
        if (!Lakemon.Probes.Results.ProbeStatuses.TryParse(statusName, out var status))
        {
            throw new InvalidDataException($"a stored result has an unknown status '{statusName}'");
        }
        return new StatusSample(startedAtMilliseconds, Text(1), Text(2), Text(3), Text(4), reader.GetString(5), reader.GetString(6),
            Text(7), reader.IsDBNull(8) ? null : reader.GetInt64(8), status);
    }

    /// <summary>The SLA reads monitoring results only: a data-challenge rehearsal (kind challenge) loads the lake on
    /// purpose, and its failures are the rehearsal's findings, not the site's availability.</summary>
    public const string MonitoringOnly = "kind <> 'challenge'";

    public const string Columns = "started_at, rse, site, src_rse, dst_rse, protocol, operation, tpc_mode, size_bytes, status";
}
