using System.Data.Common;
using Lakemon.Probes.Results;

namespace Lakemon.Collector.Store;

/// <summary>
/// The SELECT both stores run for a <see cref="ResultQuery"/>: they keep the same column names and <c>started_at</c> in
/// whole milliseconds (see <see cref="ResultColumns.CeilingMilliseconds"/> for the bounds).
/// </summary>
internal static class ResultQuerySql
{
    /// <param name="time">Turns a bound in Unix milliseconds into the store's parameter value for <c>started_at</c>.</param>
    public static string Select(string table, string jsonColumn, ResultQuery query, DbCommand command, Func<long, object> time)
    {
        var conditions = new List<string>();
        void Add(string condition, string name, object value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
            conditions.Add(condition);
        }

        if (query.Rse is { } rse)
        {
            Add("(rse = @rse OR src_rse = @rse OR dst_rse = @rse)", "@rse", rse);
        }
        if (query.Site is { } site)
        {
            Add("(site = @site OR src_site = @site OR dst_site = @site)", "@site", site);
        }
        if (query.Operation is { } operation)
        {
            Add("operation = @operation", "@operation", operation.ToWire());
        }
        if (query.Kind is { } kind)
        {
            Add("kind = @kind", "@kind", kind.ToWire());
        }
        if (query.Since is { } since)
        {
            Add("started_at >= @since", "@since", time(ResultColumns.CeilingMilliseconds(since)));
        }
        if (query.Until is { } until)
        {
            Add("started_at < @until", "@until", time(ResultColumns.CeilingMilliseconds(until)));
        }
        var where = conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
        var sql = $"SELECT {jsonColumn} FROM {table}{where} ORDER BY started_at, seq";
        if (query.Limit is { } limit)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@limit";
            parameter.Value = (long)Math.Max(limit, 0);
            command.Parameters.Add(parameter);
            sql += " LIMIT @limit";
        }
        return sql;
    }
}
