using System.Security.Cryptography;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Checksums;
using static Lakemon.IntegrationTests.Support.ProcessRunner;

namespace Lakemon.IntegrationTests.Lake;

/// <summary>
/// The lake must work with the standard WLCG tools, not just with lakemon: curl for WebDAV and HTTP-TPC over https
/// with the lake's CA, xrdcp/xrdfs for root:// and XRootD TPC. Every copy is checked byte for byte by adler32.
/// </summary>
public sealed class LakeInteropTests(LakeFixture fixture) : IClassFixture<LakeFixture>
{
    private readonly RunningLake _lake = fixture.Lake;

    [Fact]
    public async Task CurlUploadOverHttps_ThenHeadWantDigest_AnswersAdler32OfTheBytes()
    {
        var (file, adler) = RandomFile(300_000);
        var url = _lake.Rses[0].Https($"/curl-{Guid.NewGuid():N}/upload.bin");

        var code = await RunCheckedAsync("curl", "-sS", "--fail", "--capath", _lake.CaDirectory, "-T", file, "-o", "/dev/null", "-w", "%{http_code}", url);
        var head = await RunCheckedAsync("curl", "-sS", "--fail", "--capath", _lake.CaDirectory, "-I", "-H", "Want-Digest: adler32", url);

        Assert.Contains(code, new[] { "200", "201" });
        Assert.Contains($"Digest: adler32={adler}", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Content-Length: 300000", head, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CurlOverHttp_PlainHttpOnTheSamePort_ServesTheFile()
    {
        var (file, adler) = RandomFile(4096);
        var url = _lake.Rses[1].Http($"/plain-{Guid.NewGuid():N}.bin");

        await RunCheckedAsync("curl", "-sS", "--fail", "-T", file, url);
        var back = Path.Combine(Path.GetDirectoryName(file)!, "back.bin");
        await RunCheckedAsync("curl", "-sS", "--fail", "-o", back, url);

        Assert.Equal(adler, Adler32.Compute(await File.ReadAllBytesAsync(back)));
    }

    [Fact]
    public async Task CurlWithoutTheLakeCa_RefusesTheCertificate()
    {
        // Proves TLS is real: with the system trust store alone the lake's certificate is not trusted.
        var result = await RunAsync("curl", ["-sS", "-o", "/dev/null", _lake.Rses[0].Https("/")]);

        Assert.Equal(60, result.ExitCode); // CURLE_PEER_FAILED_VERIFICATION
    }

    [Fact]
    public async Task XrdcpUpload_ThenQueryChecksum_ServerAdler32MatchesOurs()
    {
        var (file, adler) = RandomFile(1_048_576);
        var path = $"/xrdcp-{Guid.NewGuid():N}/upload.bin";

        await RunCheckedAsync("xrdcp", "-s", "-f", file, _lake.Rses[0].Root(path));
        var sum = await RunCheckedAsync("xrdfs", _lake.Rses[0].Urls.Root, "query", "checksum", _lake.Rses[0].Prefix + path);

        Assert.Equal($"adler32 {adler}", sum.Trim());
    }

    [Fact]
    public async Task XrdcpTpcOnly_BetweenTwoRses_CopiesTheFileExactly()
    {
        var (file, adler) = RandomFile(2_000_000);
        var path = $"/tpc-{Guid.NewGuid():N}/file.bin";
        await RunCheckedAsync("xrdcp", "-s", "-f", file, _lake.Rses[0].Root(path));

        await RunCheckedAsync("xrdcp", "-s", "--tpc", "only", _lake.Rses[0].Root(path), _lake.Rses[1].Root(path));

        var sum = await RunCheckedAsync("xrdfs", _lake.Rses[1].Urls.Root, "query", "checksum", _lake.Rses[1].Prefix + path);
        Assert.Equal($"adler32 {adler}", sum.Trim());
    }

    [Fact]
    public async Task CurlCopyPull_DestinationPullsFromSourceOverHttps_CopiesTheFileExactly()
    {
        var (file, adler) = RandomFile(1_500_000);
        var name = Guid.NewGuid().ToString("N");
        var source = _lake.Rses[0].Https($"/pull-src-{name}.bin");
        var directory = _lake.Rses[2].Https($"/pull-{name}");
        var destination = directory + "/copy.bin";
        await RunCheckedAsync("curl", "-sS", "--fail", "--capath", _lake.CaDirectory, "-T", file, source);

        // Pull-TPC does not create parent directories on xrootd 5.5 (DESIGN.md §7): MKCOL first, as FTS does.
        await RunCheckedAsync("curl", "-sS", "--fail", "--capath", _lake.CaDirectory, "-X", "MKCOL", directory);
        var body = await RunCheckedAsync("curl", "-sS", "--fail", "--capath", _lake.CaDirectory, "-X", "COPY", "-H", $"Source: {source}", destination);

        Assert.StartsWith("success:", LastLine(body), StringComparison.Ordinal);
        await AssertDigestAsync(destination, adler);
    }

    [Fact]
    public async Task CurlCopyPush_SourcePushesToDestinationOverHttps_CopiesTheFileExactly()
    {
        var (file, adler) = RandomFile(1_500_000);
        var name = Guid.NewGuid().ToString("N");
        var source = _lake.Rses[1].Https($"/push-src-{name}.bin");
        var destination = _lake.Rses[2].Https($"/push-{name}/copy.bin");
        await RunCheckedAsync("curl", "-sS", "--fail", "--capath", _lake.CaDirectory, "-T", file, source);

        var body = await RunCheckedAsync("curl", "-sS", "--fail", "--capath", _lake.CaDirectory, "-X", "COPY", "-H", $"Destination: {destination}", source);

        Assert.StartsWith("success:", LastLine(body), StringComparison.Ordinal);
        await AssertDigestAsync(destination, adler);
    }

    [Fact]
    public async Task CurlCopyPull_FromAMissingSource_EndsWithAFailureLine()
    {
        // A failed HTTP-TPC may still answer 2xx: only the last line of the streamed body tells (DESIGN.md §1).
        var name = Guid.NewGuid().ToString("N");
        var result = await RunAsync("curl", ["-sS", "--capath", _lake.CaDirectory, "-X", "COPY", "-H", $"Source: {_lake.Rses[0].Https($"/missing-{name}")}", _lake.Rses[1].Https($"/missing-copy-{name}")]);

        Assert.DoesNotContain("success:", result.StandardOutput, StringComparison.Ordinal);
        Assert.Matches("(?i)failure|error|not found|no such", result.StandardOutput + result.StandardError);
    }

    private async Task AssertDigestAsync(string url, string adler)
    {
        var head = await RunCheckedAsync("curl", "-sS", "--fail", "--capath", _lake.CaDirectory, "-I", "-H", "Want-Digest: adler32", url);
        Assert.Contains($"Digest: adler32={adler}", head, StringComparison.OrdinalIgnoreCase);
    }

    private static string LastLine(string body) =>
        body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";

    private (string Path, string Adler) RandomFile(int size)
    {
        // Inside the lake directory, so that the fixture's wipe removes it.
        var directory = Path.Combine(_lake.Directory, "scratch", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "data.bin");
        var bytes = RandomNumberGenerator.GetBytes(size);
        File.WriteAllBytes(path, bytes);
        return (path, Adler32.Compute(bytes));
    }
}
