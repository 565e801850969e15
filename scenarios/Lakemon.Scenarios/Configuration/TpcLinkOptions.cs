namespace Lakemon.Scenarios.Configuration;

/// <summary>One link of the TPC matrix and the rate it must sustain, in bytes per second.</summary>
public sealed record TpcLinkOptions(string Source, string Destination, double TargetBytesPerSecond, int Line);
