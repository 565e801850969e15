using System.Globalization;
using System.Text;
using System.Xml;
using Lakemon.Probes.Results;

namespace Lakemon.Probes.Reports;

/// <summary>
/// A campaign as JUnit XML, the format every CI server shows: one test suite per RSE (storage results) and one per
/// link "SRC -> DST" (transfers), one test case per result. CRITICAL is a failure and UNKNOWN an error, so that the
/// pipeline goes red in both cases as lakemon's exit code does (DESIGN.md §8); WARNING passes and says why on
/// system-out.
/// </summary>
public static class JUnitReport
{
    public static void Write(Stream stream, IReadOnlyList<ProbeResult> results, ReportHeader header)
    {
        using var xml = XmlWriter.Create(stream, Settings(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)));
        Write(xml, results, header);
    }

    /// <summary>Writes to a text writer; the XML declaration names the writer's encoding.</summary>
    public static void Write(TextWriter writer, IReadOnlyList<ProbeResult> results, ReportHeader header)
    {
        using var xml = XmlWriter.Create(writer, Settings(writer.Encoding));
        Write(xml, results, header);
    }

    private static XmlWriterSettings Settings(Encoding encoding) => new()
    {
        Encoding = encoding,
        Indent = true,
        NewLineChars = "\n",
    };

    private static void Write(XmlWriter xml, IReadOnlyList<ProbeResult> results, ReportHeader header)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(header);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "lakemon");
        WriteCounts(xml, results);
        xml.WriteAttributeString("time", Seconds(header.WallTime));

        foreach (var rse in ReportLayout.StorageByRse(results))
        {
            WriteSuite(xml, rse.Key, [.. rse], header,
                [("site", ReportLayout.FirstNamed(rse, r => r.Site))],
                rse.Key,
                r => [r.Protocol, r.Operation.ToWire(), ReportLayout.SizeOf(r)]);
        }
        foreach (var link in ReportLayout.TransfersByLink(results))
        {
            var (source, destination) = link.Key;
            WriteSuite(xml, $"{source} -> {destination}", [.. link], header,
                [("src_site", ReportLayout.FirstNamed(link, r => r.SrcSite)), ("dst_site", ReportLayout.FirstNamed(link, r => r.DstSite))],
                $"{source}->{destination}",
                r => [r.Mode, ReportLayout.SizeOf(r)]);
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    /// <param name="classSuffix">What follows "lakemon.&lt;kind&gt;." in a test case's class name: CI servers split
    /// class names at dots, so results group by run kind, then by RSE or link.</param>
    /// <param name="nameParts">The words of a test case's name; null ones are left out.</param>
    private static void WriteSuite(
        XmlWriter xml,
        string name,
        IReadOnlyList<ProbeResult> results,
        ReportHeader header,
        IReadOnlyList<(string Name, string? Value)> sites,
        string classSuffix,
        Func<ProbeResult, IEnumerable<string?>> nameParts)
    {
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", Clean(name));
        WriteCounts(xml, results);
        xml.WriteAttributeString("skipped", "0");
        xml.WriteAttributeString("time", Seconds(results.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Duration)));
        // The JUnit schema's timestamp has no zone designator; lakemon's times are always UTC.
        xml.WriteAttributeString("timestamp",
            results.Min(r => r.StartedAt).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));

        xml.WriteStartElement("properties");
        WriteProperty(xml, "run_id", header.RunId);
        WriteProperty(xml, "kind", header.Kind.ToWire());
        foreach (var (property, value) in sites)
        {
            if (value is not null)
            {
                WriteProperty(xml, property, value);
            }
        }
        xml.WriteEndElement();

        foreach (var result in results)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("name", Clean(string.Join(' ', nameParts(result).OfType<string>())));
            xml.WriteAttributeString("classname", Clean($"lakemon.{result.Kind.ToWire()}.{classSuffix}"));
            xml.WriteAttributeString("time", Seconds(result.Duration));
            WriteOutcome(xml, result);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private static void WriteOutcome(XmlWriter xml, ProbeResult result)
    {
        var element = result.Status switch
        {
            ProbeStatus.Critical => "failure",
            ProbeStatus.Unknown => "error",
            _ => null,
        };
        if (element is null)
        {
            if (result.Status == ProbeStatus.Warning)
            {
                xml.WriteElementString("system-out", Clean(Labelled(result.Status.ToWire(), result.Message)));
            }
            return;
        }
        var kind = result.FailureKind?.ToWire() ?? result.Status.ToWire();
        xml.WriteStartElement(element);
        xml.WriteAttributeString("type", kind);
        xml.WriteAttributeString("message", Clean(Labelled(kind, result.Message)));
        var details = new StringBuilder(result.Message ?? result.Status.ToWire());
        if (result.ChecksumExpected is not null || result.ChecksumActual is not null)
        {
            details.Append(CultureInfo.InvariantCulture, $"\nchecksum expected {result.ChecksumExpected ?? "-"}, got {result.ChecksumActual ?? "-"}");
        }
        xml.WriteString(Clean(details.ToString()));
        xml.WriteEndElement();
    }

    private static void WriteCounts(XmlWriter xml, IReadOnlyList<ProbeResult> results)
    {
        xml.WriteAttributeString("tests", results.Count.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", results.Count(r => r.Status == ProbeStatus.Critical).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", results.Count(r => r.Status == ProbeStatus.Unknown).ToString(CultureInfo.InvariantCulture));
    }

    private static void WriteProperty(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", Clean(value));
        xml.WriteEndElement();
    }

    private static string Labelled(string label, string? message) => message is null ? label : $"{label}: {message}";

    private static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>
    /// XML 1.0 (§2.2) cannot carry most control characters or unpaired surrogates even as character references, and
    /// XmlWriter throws on them; a server's error text may contain either, so they become U+FFFD.
    /// </summary>
    private static string Clean(string text)
    {
        StringBuilder? cleaned = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (XmlConvert.IsXmlChar(c))
            {
                cleaned?.Append(c);
            }
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c))
            {
                cleaned?.Append(c).Append(text[i + 1]);
                i++;
            }
            else
            {
                cleaned ??= new StringBuilder(text.Length).Append(text, 0, i);
                cleaned.Append('\uFFFD');
            }
        }
        return cleaned?.ToString() ?? text;
    }
}
