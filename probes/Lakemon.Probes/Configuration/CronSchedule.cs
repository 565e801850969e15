using System.Diagnostics.CodeAnalysis;

namespace Lakemon.Probes.Configuration;

/// <summary>A validated cron expression as written, plus its Quartz form for the scheduler.</summary>
/// <param name="Expression">Exactly as written in the configuration.</param>
/// <param name="QuartzExpression">
/// Quartz form: a 5-field Unix expression becomes <c>0 m h dom mon dow</c> with one of dom/dow as <c>?</c> and numeric
/// weekdays shifted to Quartz's 1-7 (1 = Sunday); 6/7-field Quartz expressions are kept, upper-cased.
/// </param>
public sealed record CronSchedule(string Expression, string QuartzExpression)
{
    public static bool TryParse(string expression, [NotNullWhen(true)] out CronSchedule? schedule, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (CronExpressionParser.TryConvert(expression, out var quartz, out error))
        {
            schedule = new CronSchedule(expression, quartz);
            return true;
        }
        schedule = null;
        return false;
    }

    public static CronSchedule Parse(string expression) =>
        TryParse(expression, out var schedule, out var error)
            ? schedule
            : throw new FormatException($"invalid cron expression '{expression}': {error}");
}
