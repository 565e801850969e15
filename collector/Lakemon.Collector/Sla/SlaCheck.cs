namespace Lakemon.Collector.Sla;

/// <summary>One storage check: results of the same RSE, protocol, operation and size follow each other in time.</summary>
internal readonly record struct SlaCheck(string Rse, string Protocol, string Operation, long? SizeBytes);
