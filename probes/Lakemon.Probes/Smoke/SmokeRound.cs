using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Lakemon.Probes.Checksums;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Tls;

namespace Lakemon.Probes.Smoke;

/// <summary>
/// A first, small probe round over every RSE door of a configuration: write, checksum, read back, delete and check the
/// deletion over WebDAV; local writes for file://; an XRootD handshake for root://. It is the interim main job of
/// `lakemon run` until the probe engine (native clients, full lifecycle, TPC matrix) replaces it.
/// </summary>
public sealed class SmokeRound(LakemonOptions options, string runId)
{
    private const int FileSize = 1024;

    public async Task<IReadOnlyList<SmokeResult>> RunAsync(CancellationToken cancellationToken)
    {
        var results = new List<SmokeResult>();
        foreach (var rse in options.Rses.Where(r => r.Enabled))
        {
            foreach (var protocol in rse.Protocols)
            {
                using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                budget.CancelAfter(options.Probes.Timeout);
                results.AddRange(await RunDoorAsync(rse, protocol, budget.Token));
            }
        }
        return results;
    }

    private async Task<IReadOnlyList<SmokeResult>> RunDoorAsync(RseOptions rse, ProtocolOptions protocol, CancellationToken cancellationToken)
    {
        var steps = new StepRecorder(rse.Name, protocol.Scheme);
        try
        {
            switch (protocol.Scheme)
            {
                case ProtocolSchemes.Https or ProtocolSchemes.Http or ProtocolSchemes.Davs:
                    await WebDavAsync(rse, protocol, steps, cancellationToken);
                    break;
                case ProtocolSchemes.Root or ProtocolSchemes.Roots:
                    await steps.RunAsync("handshake", () => XRootDHandshakeAsync(protocol.Prefix, cancellationToken));
                    break;
                case ProtocolSchemes.File:
                    await FileAsync(protocol, steps, cancellationToken);
                    break;
                default:
                    steps.Skip("all", $"no client for {protocol.Scheme} yet");
                    break;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            steps.Fail("timeout", "timed out");
        }
        catch (StepFailedException)
        {
            // Already recorded; later steps of this door are not run.
        }
        return steps.Results;
    }

    private string ProbePath()
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        return $"lakemon-probes/{runId}/{stamp}-smoke-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.bin";
    }

    private async Task WebDavAsync(RseOptions rse, ProtocolOptions protocol, StepRecorder steps, CancellationToken cancellationToken)
    {
        var trust = CaTrust.From(rse.Credentials?.CaDirectory, rse.Credentials?.CaFile);
        using var handler = new SocketsHttpHandler();
        if (trust is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => trust.Validate(certificate, errors);
        }
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var prefix = protocol.Prefix.OriginalString.TrimEnd('/');
        if (prefix.StartsWith("davs://", StringComparison.Ordinal))
        {
            prefix = "https://" + prefix["davs://".Length..];
        }
        var url = new Uri($"{prefix}/{ProbePath()}");
        var content = RandomNumberGenerator.GetBytes(FileSize);
        var expected = Adler32.Compute(content);

        await steps.RunAsync("upload", async () =>
        {
            using var response = await client.PutAsync(url, new ByteArrayContent(content), cancellationToken);
            return Expect(response, "PUT", HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.NoContent);
        });
        await steps.RunAsync("checksum", async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, url);
            request.Headers.Add("Want-Digest", "adler32");
            using var response = await client.SendAsync(request, cancellationToken);
            Expect(response, "HEAD", HttpStatusCode.OK);
            var digest = response.Headers.TryGetValues("Digest", out var values) ? string.Join(',', values) : "";
            var actual = digest.Split(',').Select(d => d.Trim()).FirstOrDefault(d => d.StartsWith("adler32=", StringComparison.OrdinalIgnoreCase))?[8..];
            return actual == expected ? $"adler32={actual}" : throw new StepFailedException($"server adler32 '{actual ?? "none"}' != expected {expected}");
        });
        await steps.RunAsync("read", async () =>
        {
            var body = await client.GetByteArrayAsync(url, cancellationToken);
            var actual = Adler32.Compute(body);
            return actual == expected ? $"{body.Length} bytes, adler32 verified" : throw new StepFailedException($"read adler32 {actual} != {expected}");
        });
        await steps.RunAsync("delete", async () =>
        {
            using var response = await client.DeleteAsync(url, cancellationToken);
            return Expect(response, "DELETE", HttpStatusCode.OK, HttpStatusCode.NoContent);
        });
        await steps.RunAsync("stat-deleted", async () =>
        {
            using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url), cancellationToken);
            return response.StatusCode == HttpStatusCode.NotFound ? "gone (404)" : throw new StepFailedException($"HEAD after DELETE answered {(int)response.StatusCode}");
        });
        // The run directory is empty now; removing it is housekeeping, not a check.
        using var cleanup = await client.DeleteAsync(new Uri(url, "."), cancellationToken);
    }

    private async Task FileAsync(ProtocolOptions protocol, StepRecorder steps, CancellationToken cancellationToken)
    {
        var path = Path.Combine(protocol.Prefix.LocalPath, ProbePath());
        var content = RandomNumberGenerator.GetBytes(FileSize);
        await steps.RunAsync("upload", async () =>
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, content, cancellationToken);
            return $"{content.Length} bytes";
        });
        await steps.RunAsync("read", async () =>
        {
            var back = await File.ReadAllBytesAsync(path, cancellationToken);
            return Adler32.Compute(back) == Adler32.Compute(content) ? "adler32 verified" : throw new StepFailedException("read back different bytes");
        });
        await steps.RunAsync("delete", () =>
        {
            File.Delete(path);
            return Task.FromResult(File.Exists(path) ? throw new StepFailedException("still there") : "deleted");
        });
    }

    /// <summary>The 20-byte client handshake of the XRootD protocol (0,0,0,4,2012) and the server's 16-byte answer,
    /// whose last word says whether a data server or a redirector answered.</summary>
    private static async Task<string> XRootDHandshakeAsync(Uri prefix, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(prefix.Host, prefix.IsDefaultPort || prefix.Port < 0 ? 1094 : prefix.Port, cancellationToken);
        var stream = tcp.GetStream();
        var hello = new byte[20];
        BinaryPrimitives.WriteInt32BigEndian(hello.AsSpan(12), 4);
        BinaryPrimitives.WriteInt32BigEndian(hello.AsSpan(16), 2012);
        await stream.WriteAsync(hello, cancellationToken);
        var answer = new byte[16];
        await stream.ReadExactlyAsync(answer, cancellationToken);
        var status = BinaryPrimitives.ReadUInt16BigEndian(answer.AsSpan(2));
        var length = BinaryPrimitives.ReadInt32BigEndian(answer.AsSpan(4));
        if (status != 0 || length != 8)
        {
            throw new StepFailedException($"unexpected handshake answer (status {status}, length {length})");
        }
        var version = BinaryPrimitives.ReadInt32BigEndian(answer.AsSpan(8));
        var kind = BinaryPrimitives.ReadInt32BigEndian(answer.AsSpan(12)) == 1 ? "data server" : "redirector";
        return $"{kind}, protocol {version >> 8 & 0xf}.{version >> 4 & 0xf}.{version & 0xf} (full root:// checks come with the native client)";
    }

    private static string Expect(HttpResponseMessage response, string method, params HttpStatusCode[] accepted) =>
        accepted.Contains(response.StatusCode)
            ? $"{method} {(int)response.StatusCode}"
            : throw new StepFailedException($"{method} answered {(int)response.StatusCode} {response.ReasonPhrase}");

    private sealed class StepFailedException(string message) : Exception(message);

    private sealed class StepRecorder(string rse, string protocol)
    {
        public List<SmokeResult> Results { get; } = [];

        public async Task RunAsync(string operation, Func<Task<string>> step)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var message = await step();
                Results.Add(new SmokeResult(rse, protocol, operation, SmokeStatus.Ok, clock.Elapsed, message));
            }
            catch (Exception e) when (e is StepFailedException or HttpRequestException or SocketException or IOException)
            {
                Results.Add(new SmokeResult(rse, protocol, operation, SmokeStatus.Failed, clock.Elapsed, e.Message));
                throw new StepFailedException(e.Message);
            }
        }

        public void Fail(string operation, string message) =>
            Results.Add(new SmokeResult(rse, protocol, operation, SmokeStatus.Failed, TimeSpan.Zero, message));

        public void Skip(string operation, string message) =>
            Results.Add(new SmokeResult(rse, protocol, operation, SmokeStatus.Skipped, TimeSpan.Zero, message));
    }
}
