using System.Text;
using Lakemon.Collector.Ingest;
using Lakemon.Probes.Results;
using Xunit;

namespace Lakemon.Tests.Collector;

public sealed class ResultBatchDecoderTests
{
    internal const string Valid = """{"id":"a1","run_id":"r1","kind":"nightly","operation":"upload","rse":"LAKE-A","site":"S","protocol":"root","started_at":"2026-11-29T04:00:00.000Z","duration_seconds":0.5,"status":"OK"}""";

    [Fact]
    public void TryDecode_ArrayOfValidResults_DecodesEveryOne()
    {
        var body = $"[{Valid},{Valid.Replace("\"a1\"", "\"a2\"", StringComparison.Ordinal)}]";

        Assert.True(ResultBatchDecoder.TryDecode(Encoding.UTF8.GetBytes(body), out var results, out var error), error);

        Assert.Equal(["a1", "a2"], results.Select(r => r.Id));
        Assert.Equal(ProbeOperation.Upload, results[0].Operation);
    }

    [Theory]
    [InlineData("", "not valid JSON: ")]
    [InlineData("{\"id\":\"x\"}", "expected a JSON array of results, got object")]
    [InlineData("[1]", "results[0]: expected a JSON object, got ")]
    [InlineData("[" + Valid + ",{\"id\":\"b\"}]", "results[1]: ")]
    [InlineData("[[[[[[[[[[[[1]]]]]]]]]]]]", "not valid JSON: ")]
    public void TryDecode_MalformedBatch_RefusedWholeWithAPreciseMessage(string body, string expectedStart)
    {
        Assert.False(ResultBatchDecoder.TryDecode(Encoding.UTF8.GetBytes(body), out var results, out var error));

        Assert.Null(results);
        Assert.StartsWith(expectedStart, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_WrongTypedField_NamesTheElementAndField()
    {
        var body = "[" + Valid.Replace("\"duration_seconds\":0.5", "\"duration_seconds\":\"slow\"", StringComparison.Ordinal) + "]";

        Assert.False(ResultBatchDecoder.TryDecode(Encoding.UTF8.GetBytes(body), out _, out var error));

        Assert.StartsWith("results[0]: ", error, StringComparison.Ordinal);
        Assert.Contains("duration_seconds", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_TooManyResultsOrBytes_Refused()
    {
        var many = "[" + string.Join(",", Enumerable.Repeat(Valid, ResultBatchDecoder.MaxResults + 1)) + "]";
        var huge = new byte[ResultBatchDecoder.MaxBytes + 1];

        Assert.False(ResultBatchDecoder.TryDecode(Encoding.UTF8.GetBytes(many), out _, out var countError));
        Assert.False(ResultBatchDecoder.TryDecode(huge, out _, out var sizeError));

        Assert.Equal($"batch of {ResultBatchDecoder.MaxResults + 1} results exceeds the limit of {ResultBatchDecoder.MaxResults}", countError);
        Assert.Equal($"batch of {huge.Length} bytes exceeds the limit of {ResultBatchDecoder.MaxBytes} bytes", sizeError);
    }

    [Fact]
    public void TryDecode_RandomAndTruncatedInput_NeverThrows()
    {
        var random = new Random(4711);
        var seed = Encoding.UTF8.GetBytes($"[{Valid},{Valid}]");
        for (var i = 0; i < 20_000; i++)
        {
            byte[] body;
            if (i % 3 == 0)
            {
                body = seed[..random.Next(seed.Length)];
            }
            else
            {
                body = (byte[])seed.Clone();
                for (var k = random.Next(1, 6); k > 0; k--)
                {
                    body[random.Next(body.Length)] = (byte)random.Next(256);
                }
            }

            var accepted = ResultBatchDecoder.TryDecode(body, out var results, out var error);

            Assert.True(accepted ? results is not null && error is null : results is null && !string.IsNullOrEmpty(error));
        }
    }
}
