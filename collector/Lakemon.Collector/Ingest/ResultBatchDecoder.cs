using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Lakemon.Probes.Results;

namespace Lakemon.Collector.Ingest;

/// <summary>
/// Reads an ingest batch: a JSON array of results in the form of DESIGN.md §2. A batch is accepted or refused whole,
/// and the refusal names the first bad element and field, so an agent's bug shows up as one precise 400 instead of
/// a store with half a batch in it.
/// </summary>
public static class ResultBatchDecoder
{
    /// <summary>Results per batch; agents send smaller batches, so more is a bug or an attack.</summary>
    public const int MaxResults = 10_000;

    /// <summary>Bytes per batch (a result is ~0.5 KiB; 10 000 of them fit well within).</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 8 };

    public static bool TryDecode(ReadOnlyMemory<byte> body, [NotNullWhen(true)] out IReadOnlyList<ProbeResult>? results, [NotNullWhen(false)] out string? error)
    {
        results = null;
        if (body.Length > MaxBytes)
        {
            error = $"batch of {body.Length} bytes exceeds the limit of {MaxBytes} bytes";
            return false;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Options);
        }
        catch (JsonException e)
        {
            error = $"not valid JSON: {e.Message}";
            return false;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                error = $"expected a JSON array of results, got {root.ValueKind.ToString().ToLowerInvariant()}";
                return false;
            }
            var count = root.GetArrayLength();
            if (count > MaxResults)
            {
                error = $"batch of {count} results exceeds the limit of {MaxResults}";
                return false;
            }
            var decoded = new List<ProbeResult>(count);
            var index = 0;
            foreach (var element in root.EnumerateArray())
            {
                if (!ProbeResultJson.TryRead(element, out var result, out var problem))
                {
                    error = $"results[{index}]: {problem}";
                    return false;
                }
                decoded.Add(result);
                index++;
            }
            results = decoded;
            error = null;
            return true;
        }
    }
}
