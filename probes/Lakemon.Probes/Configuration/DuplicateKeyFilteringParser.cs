using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Lakemon.Probes.Configuration;

/// <summary>
/// Wraps a YAML parser and drops the second and later occurrences of a scalar key in one mapping, remembering each
/// as an error. YamlDotNet's representation model throws on the first duplicate key, which would end validation
/// after one problem; this way the rest of the file is still checked and the first occurrence wins.
/// </summary>
internal sealed class DuplicateKeyFilteringParser(IParser inner) : IParser
{
    private sealed class Frame(bool isMapping)
    {
        public bool IsMapping { get; } = isMapping;
        public bool ExpectingKey { get; set; } = true;
        public string CurrentKey { get; set; } = "?";
        public int Index { get; set; }
        public Dictionary<string, long> SeenKeys { get; } = new(StringComparer.Ordinal);
    }

    private readonly List<Frame> frames = [];

    public List<(long Line, string Path, string Message)> Duplicates { get; } = [];

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        while (inner.MoveNext())
        {
            var parsingEvent = inner.Current!;
            if (frames.Count > 0 && frames[^1] is { IsMapping: true, ExpectingKey: true } mapping && parsingEvent is Scalar key)
            {
                if (mapping.SeenKeys.TryGetValue(key.Value, out var firstLine))
                {
                    Duplicates.Add((key.Start.Line, PathTo(key.Value), $"duplicate key '{key.Value}' (first at line {firstLine})"));
                    SkipNode();
                    continue;
                }
                mapping.SeenKeys[key.Value] = key.Start.Line;
                mapping.CurrentKey = key.Value;
            }
            Track(parsingEvent);
            return true;
        }
        return false;
    }

    private void Track(ParsingEvent parsingEvent)
    {
        switch (parsingEvent)
        {
            case DocumentStart:
                frames.Clear();
                break;
            case MappingStart:
                frames.Add(new Frame(isMapping: true));
                break;
            case SequenceStart:
                frames.Add(new Frame(isMapping: false));
                break;
            case MappingEnd or SequenceEnd:
                frames.RemoveAt(frames.Count - 1);
                NodeCompleted();
                break;
            case Scalar or AnchorAlias:
                NodeCompleted();
                break;
        }
    }

    private void NodeCompleted()
    {
        if (frames.Count == 0)
        {
            return;
        }
        var parent = frames[^1];
        if (parent.IsMapping)
        {
            parent.ExpectingKey = !parent.ExpectingKey;
        }
        else
        {
            parent.Index++;
        }
    }

    /// <summary>Consumes the value of a dropped key, however deep it is.</summary>
    private void SkipNode()
    {
        var depth = 0;
        do
        {
            if (!inner.MoveNext())
            {
                return;
            }
            switch (inner.Current)
            {
                case MappingStart or SequenceStart:
                    depth++;
                    break;
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }
        }
        while (depth > 0);
    }

    private string PathTo(string key)
    {
        var path = new System.Text.StringBuilder();
        for (var i = 0; i < frames.Count - 1; i++)
        {
            if (frames[i].IsMapping)
            {
                if (path.Length > 0)
                {
                    path.Append('.');
                }
                path.Append(frames[i].CurrentKey);
            }
            else
            {
                path.Append('[').Append(frames[i].Index).Append(']');
            }
        }
        if (path.Length > 0)
        {
            path.Append('.');
        }
        return path.Append(key).ToString();
    }
}
