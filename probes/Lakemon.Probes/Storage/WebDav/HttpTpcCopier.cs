using Lakemon.Probes.Configuration;

namespace Lakemon.Probes.Storage.WebDav;

/// <summary>
/// HTTP third-party copy as FTS drives it: pull = COPY to the destination with <c>Source:</c>, push = COPY to the
/// source with <c>Destination:</c>. The status only says the active server took the job; the streamed body carries
/// performance markers and the final success/failure line that alone decides (<see cref="HttpTpcMarkerParser"/>).
/// </summary>
internal sealed class HttpTpcCopier(WebDavClient client, WebDavTransport transport)
{
    private static readonly HttpMethod Copy = new("COPY");

    // Removing a leftover must not hang a probe whose own budget may be gone already.
    private static readonly TimeSpan CleanupBudget = TimeSpan.FromSeconds(5);

    public async Task<TransferResult> CopyAsync(Uri source, Uri destination, CopyOptions options, IProgress<TransferProgress>? progress, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        var (active, header, passive) = options.Mode switch
        {
            TpcMode.HttpPull => (destination, "Source", source),
            TpcMode.HttpPush => (source, "Destination", destination),
            _ => throw new ArgumentException($"the WebDAV client does not do {options.Mode} third-party copies", nameof(options)),
        };
        if (options.Mode == TpcMode.HttpPull)
        {
            // xrootd 5.5 does not create the parents of a pulled file (DESIGN.md §7); FTS makes them first too.
            await client.MakeDirectoryAsync(WebDavClient.Parent(destination), parents: true, phases, cancellationToken);
        }
        var what = $"COPY {active} ({header}: {passive})";
        using var request = new HttpRequestMessage(Copy, active);
        request.Headers.TryAddWithoutValidation(header, passive.AbsoluteUri);
        request.Headers.TryAddWithoutValidation("Overwrite", options.Overwrite ? "T" : "F");
        if (options.RemoteCredentials?.BearerToken is { } token)
        {
            // The active server presents this to the passive one; our own Authorization is for the active server.
            request.Headers.TryAddWithoutValidation("TransferHeaderAuthorization", $"Bearer {token}");
        }

        var accepted = false;
        long reported;
        try
        {
            using var response = await transport.SendAsync(request, phases, PhaseNames.Request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                // Refused before anything was written: a destination that exists is not ours to remove (e.g. 412
                // for Overwrite: F).
                var text = await WebDavTransport.ReadErrorTextAsync(response, cancellationToken);
                throw new StorageException(
                    WebDavFailureMap.FromCopyFailure((int)response.StatusCode, text),
                    $"{what}: {WebDavTransport.StatusLine(response)}{(text.Length > 0 ? ": " + text : "")}");
            }
            accepted = true;
            var parser = new HttpTpcMarkerParser();
            HttpTpcOutcome outcome;
            using (phases.Start(PhaseNames.TpcWait))
            {
                try
                {
                    await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                    outcome = await parser.ReadAsync(body, progress, cancellationToken);
                }
                catch (Exception exception) when (WebDavFailureMap.FromException(exception) is { } kind)
                {
                    throw new StorageException(kind, $"{what}: the progress stream broke after {parser.MarkerCount} markers: {WebDavTransport.Describe(exception)}", exception);
                }
            }
            if (outcome.Failure is { } failure)
            {
                throw new StorageException(failure, $"{what}: {WebDavTransport.StatusLine(response)}, then {outcome.Message}");
            }
            reported = parser.BytesTransferred;
        }
        catch (Exception) when (accepted)
        {
            await RemoveLeftoverAsync(destination);
            throw;
        }

        // Markers are sparse (xrootd sends one at the start and then every few seconds), so the bytes of a fast copy
        // come from the file's size. Asked of the active server, whose connection is open (push: the source, whose
        // content the destination now has), with HEAD: a PROPFIND would also parse XML, a stat of the passive server
        // would cost a TCP and TLS set-up. The copy has succeeded whatever this says.
        if (await SizeAsync(active, phases, cancellationToken) is { } size && size >= reported)
        {
            progress?.Report(new TransferProgress(size, size));
            return new TransferResult(size, null);
        }
        return new TransferResult(reported, null);
    }

    private async Task<long?> SizeAsync(Uri url, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, url);
            using var response = await transport.SendAsync(request, phases, PhaseNames.Stat, cancellationToken);
            return response.StatusCode == System.Net.HttpStatusCode.OK ? response.Content.Headers.ContentLength : null;
        }
        catch (StorageException)
        {
            // No rights to look at the file, say: the markers' count is all we know.
            return null;
        }
    }

    private async Task RemoveLeftoverAsync(Uri destination)
    {
        using var budget = new CancellationTokenSource(CleanupBudget);
        try
        {
            await client.DeleteAsync(destination, new PhaseRecorder(), budget.Token);
        }
        catch (Exception exception) when (exception is StorageException or OperationCanceledException)
        {
            // Best effort: nothing there (404), or no way to remove it; the copy's own failure is what counts.
        }
    }
}
