using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Lakemon.Probes.Configuration;

/// <summary>Reads and validates a lakemon YAML configuration, reporting every problem with file, line and key.</summary>
public static class ConfigLoader
{
    /// <summary>Loads <paramref name="path"/>; errors name the file exactly as given. Relative paths inside resolve against the file's directory.</summary>
    public static ConfigLoadResult Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reason = ex switch
            {
                FileNotFoundException or DirectoryNotFoundException => "file not found",
                UnauthorizedAccessException => "permission denied",
                _ => Sentence(ex.Message),
            };
            return new ConfigLoadResult(null, [new ConfigError(path, 0, "file", $"cannot read: {reason}")]);
        }
        return Parse(text, path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>Validates YAML text; <paramref name="displayPath"/> names the file in errors.</summary>
    /// <param name="baseDirectory">Directory relative paths (CA files, tokens) resolve against; null keeps them as written.</param>
    public static ConfigLoadResult Parse(string yamlText, string displayPath, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(displayPath);
        var binder = new ConfigBinder(displayPath, baseDirectory);
        var options = Bind(yamlText, binder);
        var errors = binder.Errors.OrderBy(error => error.Line).ToList();
        return new ConfigLoadResult(errors.Count == 0 ? options : null, errors);
    }

    private static LakemonOptions? Bind(string yamlText, ConfigBinder binder)
    {
        using var reader = new StringReader(yamlText);
        var parser = new DuplicateKeyFilteringParser(new Parser(reader));
        var stream = new YamlStream();
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            ReportDuplicates(parser, binder);
            binder.Add((int)ex.Start.Line, "yaml", Sentence(StripMarks(ex.Message)));
            return null;
        }
        ReportDuplicates(parser, binder);

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            binder.Add(1, "yaml", "the document is empty");
            return null;
        }
        if (stream.Documents.Count > 1)
        {
            binder.Add(ConfigBinder.LineOf(stream.Documents[1].RootNode), "yaml", $"expected one YAML document, found {stream.Documents.Count}");
        }
        var root = stream.Documents[0].RootNode;
        if (root is not YamlMappingNode mapping)
        {
            var actual = root is YamlSequenceNode ? "a list" : "a scalar";
            binder.Add(ConfigBinder.LineOf(root), "yaml", $"expected a mapping at the top level, got {actual}");
            return null;
        }
        return binder.Bind(mapping);
    }

    private static void ReportDuplicates(DuplicateKeyFilteringParser parser, ConfigBinder binder)
    {
        foreach (var (line, path, message) in parser.Duplicates)
        {
            binder.Add((int)line, path, message);
        }
    }

    /// <summary>YamlDotNet prefixes messages with "(Line: 3, Col: 1, Idx: 20) - (Line: ...): "; the line is reported separately.</summary>
    private static string StripMarks(string message)
    {
        var index = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && index >= 0 ? message[(index + 3)..] : message;
    }

    /// <summary>Our messages start lower-case and have no trailing period, whoever wrote the original.</summary>
    private static string Sentence(string message)
    {
        var trimmed = message.Trim().TrimEnd('.');
        return trimmed.Length == 0 ? trimmed : char.ToLowerInvariant(trimmed[0]) + trimmed[1..];
    }
}
