using System.Buffers;
using System.Text.Json;
using Lakemon.Collector.Spooling;
using Lakemon.Probes.Results;

namespace Lakemon.Collector.Agent;

/// <summary>
/// The agent's on-disk buffer: each batch of results becomes one <see cref="SegmentSpool"/> segment holding exactly the
/// JSON array the ingest API takes. Segments are shipped oldest first and deleted only once the collector acknowledged
/// them. Unbounded: the agent's results are the record itself, not a copy of it.
/// </summary>
public sealed class ResultSpool(string directory)
{
    internal SegmentSpool Storage { get; } = new(directory, ".json");

    /// <summary>Where segments the collector refused as malformed go: kept for a human, never resent.</summary>
    public string RejectedDirectory => Storage.RejectedDirectory;

    public Task AppendAsync(IReadOnlyList<ProbeResult> results, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (results.Count == 0)
        {
            return Task.CompletedTask;
        }
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var result in results)
            {
                ProbeResultJson.Write(writer, result);
            }
            writer.WriteEndArray();
        }
        Storage.Append(buffer.WrittenSpan);
        return Task.CompletedTask;
    }

    /// <summary>Segment files, oldest first.</summary>
    public IReadOnlyList<string> Segments() => Storage.Segments();

    public void Acknowledge(string segment) => Storage.Acknowledge(segment);

    public void Reject(string segment) => Storage.Reject(segment);
}
