namespace Lakemon.Probes.Configuration;

/// <summary>How one operation is judged (blackbox_exporter's "module"): its budget, the duration above which a
/// working operation is only WARNING, and how many times a failed attempt is retried (0: failures are reported as
/// they happen, which is what a monitor wants).</summary>
public sealed record ProbeModuleOptions(TimeSpan Timeout, TimeSpan? Warn, int Retries)
{
    /// <summary>More would let a flapping service look healthy and stretch one probe far past its schedule slot.</summary>
    public const int MaxRetries = 10;
}
