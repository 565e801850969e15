using System.Globalization;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Probes.Storage;

namespace Lakemon.Probes.Campaigns;

/// <summary>
/// Runs one step of a check under its module (CONVENTIONS.md §5: one budget per step through a linked token, expiry
/// becomes `timeout`), retries as configured, and turns whatever happened into a status and failure kind. The
/// campaign's own cancellation is not a result: it propagates, and the check cleans up and reports nothing more.
/// </summary>
internal static class ProbeStep
{
    public static async Task<StepOutcome> RunAsync(ProbeContext context, ProbeOperation operation,
        Func<CancellationToken, Task<StepValue>> action, CancellationToken cancellationToken)
    {
        var module = context.Options.ModuleFor(operation);
        var startedAt = context.Time.GetUtcNow();
        var started = context.Time.GetTimestamp();
        StepOutcome? outcome = null;
        for (var attempt = 0; attempt <= module.Retries; attempt++)
        {
            outcome = await AttemptAsync(context, module, startedAt, started, action, cancellationToken);
            if (outcome.Succeeded || outcome.Status == ProbeStatus.Unknown)
            {
                break;
            }
        }
        var result = outcome!;
        if (result.Succeeded && module.Warn is { } warn && result.Duration > warn)
        {
            result = result with
            {
                Status = ProbeStatus.Warning,
                Message = Join(result.Message, $"took {Seconds(result.Duration)}, over the {Seconds(warn)} warning threshold"),
            };
        }
        if (module.Retries > 0 && !result.Succeeded)
        {
            result = result with { Message = Join(result.Message, $"failed {module.Retries + 1} attempts") };
        }
        return result;
    }

    private static async Task<StepOutcome> AttemptAsync(ProbeContext context, ProbeModuleOptions module, DateTimeOffset startedAt,
        long started, Func<CancellationToken, Task<StepValue>> action, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(module.Timeout);
        try
        {
            var value = await action(budget.Token);
            return new StepOutcome(startedAt, context.Time.GetElapsedTime(started), ProbeStatus.Ok, null, value.Message, value);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Failed(FailureKind.Timeout, $"no answer within {Seconds(module.Timeout)}");
        }
        catch (StorageException e)
        {
            return Failed(e.Kind, e.Message);
        }
        catch (ProbeStepFailure e)
        {
            return Failed(e.Kind, e.Message, new StepValue(Expected: e.Expected, Actual: e.Actual));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not the service's fault as far as we can tell: lakemon broke (a bug, a missing credential file...).
            return new StepOutcome(startedAt, context.Time.GetElapsedTime(started), ProbeStatus.Unknown, FailureKind.ProbeError,
                $"{e.GetType().Name}: {e.Message}", null);
        }

        StepOutcome Failed(FailureKind kind, string message, StepValue? value = null) =>
            new(startedAt, context.Time.GetElapsedTime(started), ProbeStatus.Critical, kind, message, value);
    }

    public static string Seconds(TimeSpan duration) =>
        string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.###} s");

    private static string Join(string? first, string second) => string.IsNullOrEmpty(first) ? second : $"{first}; {second}";
}
