using System.Text.Json;
using System.Text.Json.Nodes;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Probes.Security;

namespace Lakemon.Tests.Results;

public class ProbeResultJsonTests
{
    private const string Jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJsYWtlbW9uIiwic2NvcGUiOiJzdG9yYWdlLnJlYWQ6LyJ9.c2lnbmF0dXJlLWJ5dGVz";

    private static readonly IReadOnlyList<KeyValuePair<string, TimeSpan>> NoPhases = [];

    [Fact]
    public void Serialize_FullResult_WritesTheContractFieldsInOrderOnOneLine()
    {
        var json = ProbeResultJson.Serialize(SampleResults.Full());

        // The public contract of DESIGN.md §2, spelled out: a change here breaks every client of the ingest API.
        var expected = """
            {"id":"0196f7c2a1b34c5d8e9f0a1b2c3d4e5f","run_id":"20261129T042351Z-3fa91c","kind":"nightly","operation":"read",
            "rse":"LAKE-A","site":"LOCAL-1","protocol":"root","size_bytes":1024,"started_at":"2026-11-29T04:23:51.123Z",
            "duration_seconds":0.1234567,"phases":{"connect":0.0012345,"transfer":0.1,"checksum":3E-07},"bytes":1024,
            "throughput_bytes_per_second":10240.5,"status":"CRITICAL","failure_kind":"checksum_mismatch",
            "message":"adler32 mismatch: 11e60398 != 024d0127","checksum_expected":"11e60398","checksum_actual":"024d0127"}
            """.ReplaceLineEndings("");
        Assert.Equal(expected, json);
    }

    [Fact]
    public void Serialize_Transfer_WritesPairsAndTpcModeInsteadOfRse()
    {
        var json = ProbeResultJson.Serialize(SampleResults.Transfer(mode: TpcMode.HttpPull));

        Assert.Equal(
            ["id", "run_id", "kind", "operation", "src_rse", "dst_rse", "src_site", "dst_site", "protocol", "tpc_mode",
                "size_bytes", "started_at", "duration_seconds", "phases", "status"],
            FieldNames(json));
        Assert.Contains("\"tpc_mode\":\"http-pull\"", json, StringComparison.Ordinal);
        Assert.Contains("\"operation\":\"tpc\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_NullFields_LeavesThemOut()
    {
        var result = SampleResults.Storage(size: null, site: null);

        Assert.Equal(
            ["id", "run_id", "kind", "operation", "rse", "protocol", "started_at", "duration_seconds", "phases", "status"],
            FieldNames(ProbeResultJson.Serialize(result)));
    }

    [Fact]
    public void Serialize_OkResult_HasNoFailureKind()
    {
        var json = ProbeResultJson.Serialize(SampleResults.Storage(status: ProbeStatus.Ok));

        Assert.DoesNotContain("failure_kind", json, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"OK\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00.007Z", "0001-01-01T00:00:00.007Z")]
    [InlineData("0999-12-31T23:59:59.999Z", "0999-12-31T23:59:59.999Z")]
    [InlineData("2026-11-29T06:23:51.1239999+02:00", "2026-11-29T04:23:51.123Z")]
    [InlineData("2026-11-28T23:23:51-05:00", "2026-11-29T04:23:51.000Z")]
    [InlineData("2026-11-29T04:23:51.5Z", "2026-11-29T04:23:51.500Z")]
    public void Serialize_StartedAt_IsUtcWithMillisecondsAndZ(string startedAt, string expected)
    {
        var result = SampleResults.Storage() with { StartedAt = DateTimeOffset.Parse(startedAt, System.Globalization.CultureInfo.InvariantCulture) };

        using var document = JsonDocument.Parse(ProbeResultJson.Serialize(result));

        Assert.Equal(expected, document.RootElement.GetProperty("started_at").GetString());
    }

    [Theory]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    public void Serialize_ThroughputNotFinite_LeavesItOut(double throughput)
    {
        var json = ProbeResultJson.Serialize(SampleResults.Storage() with { ThroughputBytesPerSecond = throughput });

        Assert.DoesNotContain("throughput_bytes_per_second", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_MessageWithQuotesAndControlCharacters_StaysOneLineOfValidJson()
    {
        const string message = "server said \"no\"\r\n\tat line 2 \u001b[31m → retry \\ later <b>";
        var json = ProbeResultJson.Serialize(SampleResults.Storage(status: ProbeStatus.Critical, message: message));

        Assert.DoesNotContain('\n', json);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(message, document.RootElement.GetProperty("message").GetString());
        // Readable for people tailing the JSON lines: no HTML-safe \uXXXX for ordinary characters.
        Assert.Contains("→ retry", json, StringComparison.Ordinal);
        Assert.Contains("<b>", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_MessageWithUnpairedSurrogate_WritesAReplacementCharacter()
    {
        // Built in code: an attribute argument cannot hold an unpaired surrogate.
        var json = ProbeResultJson.Serialize(SampleResults.Storage(status: ProbeStatus.Critical, message: "cut \ud800 here"));

        Assert.True(ProbeResultJson.TryParse(json, out var parsed, out var error), error);
        Assert.Equal("cut \uFFFD here", parsed.Message);
    }

    [Theory]
    [InlineData("PUT https://se.example.org/f answered 401; Authorization: Bearer abcdefghijklmnop", "abcdefghijklmnop")]
    [InlineData("GET https://se.example.org/lake/f?authz=" + Jwt + " timed out", Jwt)]
    [InlineData("PUT https://s3.example.org/b/k?X-Amz-Credential=AKIA123&X-Amz-Signature=deadbeefcafe answered 403", "deadbeefcafe")]
    [InlineData("COPY davs://alice:s3cr3tpass@host.example.org/path failed", "s3cr3tpass")]
    public void Serialize_MessageWithSecret_NeverContainsTheSecret(string message, string secret)
    {
        var json = ProbeResultJson.Serialize(SampleResults.Storage(status: ProbeStatus.Critical, failure: FailureKind.Auth, message: message));

        Assert.DoesNotContain(secret, json, StringComparison.Ordinal);
        Assert.Contains(SecretRedactor.Mask, json, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_IntoAnArray_WritesOneObjectPerResult()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            ProbeResultJson.Write(writer, SampleResults.Storage());
            ProbeResultJson.Write(writer, SampleResults.Transfer());
            writer.WriteEndArray();
        }

        using var document = JsonDocument.Parse(stream.ToArray());
        Assert.Equal(2, document.RootElement.GetArrayLength());
        Assert.Equal("LAKE-A", document.RootElement[0].GetProperty("rse").GetString());
        Assert.Equal("LAKE-B", document.RootElement[1].GetProperty("dst_rse").GetString());
    }

    public static TheoryData<string> RoundTripCases => new()
    {
        { "full" }, { "minimal" }, { "transfer" }, { "warning" }, { "unknown" },
    };

    [Theory]
    [MemberData(nameof(RoundTripCases))]
    public void TryParse_SerializedResult_RoundTripsFieldByField(string name)
    {
        var original = name switch
        {
            "full" => SampleResults.Full(),
            "minimal" => SampleResults.Storage(size: null, site: null),
            "transfer" => SampleResults.Transfer(mode: TpcMode.HttpPush, status: ProbeStatus.Critical, failure: FailureKind.TpcFailed, message: "failure: 500"),
            "warning" => SampleResults.Storage(status: ProbeStatus.Warning, message: "slower than 5 s") with { Kind = RunKind.Challenge, Bytes = 0 },
            _ => SampleResults.Storage(operation: ProbeOperation.StatDeleted, status: ProbeStatus.Unknown, failure: FailureKind.PrerequisiteFailed) with { Kind = RunKind.Adhoc },
        };

        Assert.True(ProbeResultJson.TryParse(ProbeResultJson.Serialize(original), out var parsed, out var error), error);

        AssertSameResult(original, parsed);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(9_999_999L)]
    [InlineData(123_456_789_012L)]
    [InlineData(864_000_000_000_123L)]
    public void TryParse_DurationInTicks_RoundTripsExactly(long ticks)
    {
        var original = SampleResults.Storage() with
        {
            Duration = TimeSpan.FromTicks(ticks),
            Phases = [new("transfer", TimeSpan.FromTicks(ticks))],
        };

        Assert.True(ProbeResultJson.TryParse(ProbeResultJson.Serialize(original), out var parsed, out var error), error);

        Assert.Equal(ticks, parsed.Duration.Ticks);
        Assert.Equal(ticks, parsed.Phases[0].Value.Ticks);
    }

    [Theory]
    [InlineData("2026-11-29T04:23:51Z", 0)]
    [InlineData("2026-11-29T04:23:51.5Z", 5_000_000)]
    [InlineData("2026-11-29T04:23:51.1234567Z", 1_234_567)]
    [InlineData("2026-11-29T04:23:51.123Z", 1_230_000)]
    [InlineData("2026-11-29T04:23:51.007Z", 70_000)]
    public void TryParse_StartedAtWithAnyFraction_IsAccepted(string startedAt, long fractionTicks)
    {
        var json = Mutate(o => o["started_at"] = startedAt);

        Assert.True(ProbeResultJson.TryParse(json, out var parsed, out var error), error);

        Assert.Equal(new DateTimeOffset(2026, 11, 29, 4, 23, 51, TimeSpan.Zero).AddTicks(fractionTicks), parsed.StartedAt);
        Assert.Equal(TimeSpan.Zero, parsed.StartedAt.Offset);
    }

    [Fact]
    public void TryParse_OptionalFieldsNull_CountAsAbsent()
    {
        var json = Mutate(o =>
        {
            o["site"] = null;
            o["size_bytes"] = null;
            o["failure_kind"] = null;
            o["message"] = null;
            o["phases"] = null;
        });

        Assert.True(ProbeResultJson.TryParse(json, out var parsed, out var error), error);

        Assert.Null(parsed.Site);
        Assert.Null(parsed.SizeBytes);
        Assert.Null(parsed.FailureKind);
        Assert.Null(parsed.Message);
        Assert.Empty(parsed.Phases);
    }

    [Fact]
    public void TryParse_MessageWithSecret_RedactsItOnTheWayIn()
    {
        var json = Mutate(o => o["message"] = "GET https://se.example.org/f?authz=" + Jwt);

        Assert.True(ProbeResultJson.TryParse(json, out var parsed, out var error), error);

        Assert.DoesNotContain(Jwt, parsed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_PhasesInAnyOrder_KeepsTheirOrder()
    {
        var json = Mutate(o => o["phases"] = new JsonObject { ["transfer"] = 0.5, ["connect"] = 0.25, ["tls"] = 0 });

        Assert.True(ProbeResultJson.TryParse(json, out var parsed, out var error), error);

        Assert.Equal(["transfer", "connect", "tls"], parsed.Phases.Select(p => p.Key));
        Assert.Equal(TimeSpan.FromMilliseconds(250), parsed.Phases[1].Value);
    }

    /// <summary>(field, raw JSON value or null to remove the field, exact error).</summary>
    public static TheoryData<string, string?, string> InvalidFields => new()
    {
        { "extra", "1", "unknown field 'extra'" },
        { "Status", "\"OK\"", "unknown field 'Status'" },
        { "id", null, "missing required field 'id'" },
        { "run_id", null, "missing required field 'run_id'" },
        { "kind", null, "missing required field 'kind'" },
        { "operation", null, "missing required field 'operation'" },
        { "protocol", null, "missing required field 'protocol'" },
        { "started_at", null, "missing required field 'started_at'" },
        { "duration_seconds", null, "missing required field 'duration_seconds'" },
        { "status", null, "missing required field 'status'" },
        { "id", "null", "missing required field 'id'" },
        { "id", "\"\"", "field 'id' must not be empty" },
        { "id", "42", "field 'id' must be a string, got 42" },
        { "rse", "true", "field 'rse' must be a string, got a boolean" },
        { "message", "{}", "field 'message' must be a string, got an object" },
        { "kind", "\"weekly\"", "field 'kind' has unknown value 'weekly' (known: scheduled, nightly, challenge, adhoc)" },
        { "status", "\"ok\"", "field 'status' has unknown value 'ok' (known: OK, WARNING, CRITICAL, UNKNOWN)" },
        { "tpc_mode", "\"http\"", "field 'tpc_mode' has unknown value 'http' (known: root, http-pull, http-push)" },
        { "status", "3", "field 'status' must be a string, got 3" },
        { "size_bytes", "\"1024\"", "field 'size_bytes' must be a whole number, got a string" },
        { "size_bytes", "1.5", "field 'size_bytes' must be a whole number, got 1.5" },
        { "size_bytes", "-1", "field 'size_bytes' must not be negative, got -1" },
        { "bytes", "-5", "field 'bytes' must not be negative, got -5" },
        { "bytes", "1e400", "field 'bytes' must be a whole number, got 1e400" },
        { "throughput_bytes_per_second", "-0.5", "field 'throughput_bytes_per_second' must not be negative, got -0.5" },
        { "throughput_bytes_per_second", "[]", "field 'throughput_bytes_per_second' must be a number, got an array" },
        { "duration_seconds", "-0.001", "field 'duration_seconds' must not be negative, got -0.001" },
        { "duration_seconds", "\"1s\"", "field 'duration_seconds' must be a number of seconds, got a string" },
        { "duration_seconds", "1e300", "field 'duration_seconds' is out of range, got 1e300" },
        { "started_at", "\"2026-11-29T06:23:51.123+02:00\"", "field 'started_at' must be an ISO 8601 UTC time such as 2026-11-29T04:23:51.123Z, got '2026-11-29T06:23:51.123+02:00'" },
        { "started_at", "\"2026-11-29T04:23:51.123\"", "field 'started_at' must be an ISO 8601 UTC time such as 2026-11-29T04:23:51.123Z, got '2026-11-29T04:23:51.123'" },
        { "started_at", "\"2026-11-29 04:23:51Z\"", "field 'started_at' must be an ISO 8601 UTC time such as 2026-11-29T04:23:51.123Z, got '2026-11-29 04:23:51Z'" },
        { "started_at", "\"2026-02-30T04:23:51Z\"", "field 'started_at' must be an ISO 8601 UTC time such as 2026-11-29T04:23:51.123Z, got '2026-02-30T04:23:51Z'" },
        { "started_at", "\"2026-02-29T04:23:51.000Z\"", "field 'started_at' must be an ISO 8601 UTC time such as 2026-11-29T04:23:51.123Z, got '2026-02-29T04:23:51.000Z'" },
        { "started_at", "\"2026-11-29T24:00:00.000Z\"", "field 'started_at' must be an ISO 8601 UTC time such as 2026-11-29T04:23:51.123Z, got '2026-11-29T24:00:00.000Z'" },
        { "started_at", "\"2026-11-29T04:60:51.000Z\"", "field 'started_at' must be an ISO 8601 UTC time such as 2026-11-29T04:23:51.123Z, got '2026-11-29T04:60:51.000Z'" },
        { "started_at", "\"2026-13-29T04:23:51.000Z\"", "field 'started_at' must be an ISO 8601 UTC time such as 2026-11-29T04:23:51.123Z, got '2026-13-29T04:23:51.000Z'" },
        { "started_at", "\"2026-11-29T04:23:5x.000Z\"", "field 'started_at' must be an ISO 8601 UTC time such as 2026-11-29T04:23:51.123Z, got '2026-11-29T04:23:5x.000Z'" },
        { "started_at", "\"0000-11-29T04:23:51.000Z\"", "field 'started_at' must be an ISO 8601 UTC time such as 2026-11-29T04:23:51.123Z, got '0000-11-29T04:23:51.000Z'" },
        { "started_at", "1764390231", "field 'started_at' must be a string, got 1764390231" },
        { "phases", "[]", "field 'phases' must be an object of phase name → seconds, got an array" },
        { "phases", "{\"connect\":\"fast\"}", "phase 'connect' must be a number of seconds, got a string" },
        { "phases", "{\"connect\":null}", "phase 'connect' must be a number of seconds, got null" },
        { "phases", "{\"connect\":-1}", "phase 'connect' must not be negative, got -1" },
        { "phases", "{\"\":1}", "field 'phases' has a phase without a name" },
        { "failure_kind", "\"connect\"", "field 'failure_kind' must be absent when status is OK" },
        { "rse", null, "a result needs 'rse', or both 'src_rse' and 'dst_rse'" },
        { "src_rse", "\"LAKE-B\"", "'rse' names a storage result and 'src_rse'/'dst_rse' a transfer: give one or the other" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public void TryParse_InvalidField_FailsNamingTheProblem(string field, string? rawValue, string expected)
    {
        var json = Mutate(o => o[field] = rawValue is null ? null : JsonNode.Parse(rawValue), remove: rawValue is null ? field : null);

        Assert.False(ProbeResultJson.TryParse(json, out var parsed, out var error));

        Assert.Null(parsed);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryParse_UnknownFailureKind_ListsTheKnownOnes()
    {
        var json = Mutate(o =>
        {
            o["status"] = "CRITICAL";
            o["failure_kind"] = "oops";
        });

        Assert.False(ProbeResultJson.TryParse(json, out _, out var error));

        Assert.StartsWith("field 'failure_kind' has unknown value 'oops' (known: ", error, StringComparison.Ordinal);
        Assert.All(FailureKinds.All, kind => Assert.Contains(kind, error, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("src_rse")]
    [InlineData("dst_rse")]
    public void TryParse_TransferWithOneEnd_FailsNamingBoth(string end)
    {
        var json = Mutate(o =>
        {
            o.Remove("rse");
            o[end] = "LAKE-B";
        });

        Assert.False(ProbeResultJson.TryParse(json, out _, out var error));

        Assert.Equal("a result needs 'rse', or both 'src_rse' and 'dst_rse'", error);
    }

    [Fact]
    public void TryParse_RepeatedField_Fails()
    {
        var json = ProbeResultJson.Serialize(SampleResults.Storage()).Replace("{\"id\":", "{\"rse\":\"LAKE-Z\",\"id\":", StringComparison.Ordinal);

        Assert.False(ProbeResultJson.TryParse(json, out _, out var error));

        Assert.Equal("field 'rse' appears twice", error);
    }

    [Fact]
    public void TryParse_RepeatedPhase_Fails()
    {
        // JsonObject cannot hold a repeated key, so the repetition is spliced into the text.
        var json = ProbeResultJson.Serialize(SampleResults.Full()).Replace("\"phases\":{", "\"phases\":{\"transfer\":1,", StringComparison.Ordinal);

        Assert.False(ProbeResultJson.TryParse(json, out _, out var error));

        Assert.Equal("phase 'transfer' appears twice", error);
    }

    [Theory]
    [InlineData("[]", "expected a JSON object, got an array")]
    [InlineData("\"result\"", "expected a JSON object, got a string")]
    [InlineData("null", "expected a JSON object, got null")]
    public void TryParse_NotAnObject_Fails(string json, string expected)
    {
        Assert.False(ProbeResultJson.TryParse(json, out _, out var error));

        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"id\":\"a\",}")]
    [InlineData("{} {}")]
    [InlineData("{\"id\":'a'}")]
    public void TryParse_MalformedJson_FailsAsInvalidJson(string json)
    {
        Assert.False(ProbeResultJson.TryParse(json, out _, out var error));

        Assert.StartsWith("not valid JSON: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_EscapedSpellings_ReadLikeThePlainOnes()
    {
        var original = SampleResults.Full();
        var plain = ProbeResultJson.Serialize(original);
        // JSON lets any character be written as \uXXXX: a field name, a wire value, an RSE name, a phase name and the
        // timestamp mean the same in either spelling.
        var escaped = plain
            .Replace("\"rse\":", $"\"{Escaped("rse")}\":", StringComparison.Ordinal)
            .Replace($"\"status\":\"{original.Status.ToWire()}\"", $"\"status\":\"{Escaped(original.Status.ToWire())}\"", StringComparison.Ordinal)
            .Replace($"\"rse\":\"{original.Rse}\"", $"\"rse\":\"{Escaped(original.Rse!)}\"", StringComparison.Ordinal)
            .Replace($"\"{Escaped("rse")}\":\"{original.Rse}\"", $"\"{Escaped("rse")}\":\"{Escaped(original.Rse!)}\"", StringComparison.Ordinal)
            .Replace("{\"connect\":", $"{{\"{Escaped("connect")}\":", StringComparison.Ordinal)
            .Replace("\"started_at\":\"2", "\"started_at\":\"\\u0032", StringComparison.Ordinal);
        foreach (var spelling in new[] { Escaped("rse"), Escaped(original.Status.ToWire()), Escaped(original.Rse!), Escaped("connect"), "\\u0032" })
        {
            Assert.Contains(spelling, escaped, StringComparison.Ordinal);
        }

        Assert.True(ProbeResultJson.TryParse(escaped, out var parsed, out var error), error + " in " + escaped);

        AssertSameResult(original, parsed);

        static string Escaped(string text) => $"\\u{(int)text[0]:x4}{text[1..]}";
    }

    [Fact]
    public void TryParse_SameNamesInTwoResults_ShareOneString()
    {
        var json = ProbeResultJson.Serialize(SampleResults.Full());

        Assert.True(ProbeResultJson.TryParse(json, out var first, out _));
        Assert.True(ProbeResultJson.TryParse(json, out var second, out _));

        Assert.Same(first.Rse, second.Rse);
        Assert.Same(first.Protocol, second.Protocol);
        Assert.Same(first.Phases[0].Key, second.Phases[0].Key);
        Assert.NotSame(first.Id, second.Id);
    }

    [Theory]
    [InlineData("rse")]
    [InlineData("run_id")]
    [InlineData("status")]
    public void TryRead_InvalidUtf8InAString_IsRefusedNotCrashed(string field)
    {
        var json = Mutate(o => o[field] = "PLACEHOLDER");
        var bytes = System.Text.Encoding.UTF8.GetBytes(json).ToList();
        var at = System.Text.Encoding.UTF8.GetBytes(json).AsSpan().IndexOf("PLACEHOLDER"u8);
        bytes[at] = 0xff;
        bytes[at + 1] = 0xfe;
        using var document = JsonDocument.Parse(bytes.ToArray());

        Assert.False(ProbeResultJson.TryRead(document.RootElement, out _, out var error));

        Assert.False(string.IsNullOrEmpty(error));
    }

    private static IEnumerable<string> FieldNames(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateObject().Select(p => p.Name)];
    }

    /// <summary>A valid OK storage result as JSON, changed by <paramref name="change"/>.</summary>
    private static string Mutate(Action<JsonObject> change, string? remove = null)
    {
        var json = JsonNode.Parse(ProbeResultJson.Serialize(SampleResults.Storage()))!.AsObject();
        change(json);
        if (remove is not null)
        {
            json.Remove(remove);
        }
        return json.ToJsonString();
    }

    private static void AssertSameResult(ProbeResult expected, ProbeResult actual)
    {
        // Records compare lists by reference, so the phases are compared on their own.
        Assert.Equal(expected with { Phases = NoPhases }, actual with { Phases = NoPhases });
        Assert.Equal(expected.Phases, actual.Phases);
    }
}
