using Lakemon.Collector.Spooling;

namespace Lakemon.Collector.Sinks.Influx;

/// <summary>Writes one spooled segment of line-protocol points to InfluxDB, in the dialect of one server version.</summary>
internal interface IInfluxWriter : IDisposable
{
    Task<SegmentDelivery> WriteAsync(byte[] points, CancellationToken cancellationToken);
}
