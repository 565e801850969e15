using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Probes.Security;
using Lakemon.Probes.Storage;

namespace Lakemon.Cli.Commands;

/// <summary>
/// `lakemon fs`: a small gfal-style tool over lakemon's own clients. Exit 0 on success, 1 when the storage
/// operation failed (stderr: `lakemon fs CMD: FAILURE_KIND: message`), 2 for bad usage (bad URL, unknown scheme).
/// </summary>
public static class FsCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private sealed record Common(
        Option<string?> CaDirectory, Option<string?> CaFile, Option<string?> TokenFile, Option<string?> TokenEnv,
        Option<string?> Certificate, Option<string?> Key, Option<string?> Timeout, Option<bool> Json);

    public static Command Build()
    {
        var common = new Common(
            new Option<string?>("--ca-dir") { Description = "Directory of trusted CA certificates (OpenSSL hashed). Default: $X509_CERT_DIR, else the system store.", Recursive = true },
            new Option<string?>("--ca-file") { Description = "A PEM bundle of trusted CA certificates.", Recursive = true },
            new Option<string?>("--token-file") { Description = "File holding a bearer token. Default: WLCG token discovery ($BEARER_TOKEN, $BEARER_TOKEN_FILE, $XDG_RUNTIME_DIR/bt_u$UID, /tmp/bt_u$UID).", Recursive = true },
            new Option<string?>("--token-env") { Description = "Environment variable holding a bearer token.", Recursive = true },
            new Option<string?>("--cert") { Description = "X.509 client certificate (PEM).", Recursive = true },
            new Option<string?>("--key") { Description = "Private key of --cert (PEM).", Recursive = true },
            new Option<string?>("--timeout") { Description = "Give up after this long (e.g. 30s, 10m); the failure is reported as timeout.", Recursive = true },
            new Option<bool>("--json") { Description = "Machine-readable result on stdout.", Recursive = true });

        var fs = new Command("fs", "gfal-style storage commands over lakemon's native clients (root://, roots://, http(s)://, davs://, file://).")
        {
            common.CaDirectory, common.CaFile, common.TokenFile, common.TokenEnv, common.Certificate, common.Key, common.Timeout, common.Json,
        };
        fs.Subcommands.Add(BuildCopy(common));
        fs.Subcommands.Add(BuildStat(common));
        fs.Subcommands.Add(BuildSum(common));
        fs.Subcommands.Add(BuildList(common));
        fs.Subcommands.Add(BuildRemove(common));
        fs.Subcommands.Add(BuildMakeDirectory(common));
        return fs;
    }

    private static Command BuildCopy(Common common)
    {
        var source = new Argument<string>("SRC") { Description = "Source URL or local path." };
        var destination = new Argument<string>("DST") { Description = "Destination URL or local path." };
        var mode = new Option<string?>("--tpc-mode")
        {
            Description = "Remote→remote: root, pull (http-pull), push (http-push), or stream (through lakemon, no TPC). Default: root for root→root, pull for WebDAV→WebDAV, else stream.",
        };
        mode.AcceptOnlyFromAmong("root", "pull", "push", "http-pull", "http-push", "stream");
        var noVerify = new Option<bool>("--no-verify") { Description = "Skip the adler32 comparison of source and destination." };
        var cp = new Command("cp", "Copy a file: upload, download, or third-party copy between two storage endpoints.") { source, destination, mode, noVerify };
        cp.SetAction((parse, ct) => RunAsync("cp", parse, common, ct, async (credentials, phases, token) =>
        {
            var src = StorageUrl.Parse(parse.GetValue(source)!);
            var dst = StorageUrl.Parse(parse.GetValue(destination)!);
            var requested = parse.GetValue(mode);
            TpcMode? tpc = requested switch
            {
                "root" => TpcMode.Root,
                "pull" or "http-pull" => TpcMode.HttpPull,
                "push" or "http-push" => TpcMode.HttpPush,
                _ => null,
            };
            using var display = ConsoleProgress.CreateIfTerminal() as ConsoleProgress;
            var outcome = await new StorageCopier(_ => credentials).CopyAsync(src, dst, tpc, requested == "stream", !parse.GetValue(noVerify), display, phases, token);
            display?.Dispose();
            var seconds = outcome.Elapsed.TotalSeconds;
            var rate = seconds > 0 ? outcome.Bytes / seconds : 0;
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"copied {outcome.Bytes} bytes in {seconds:0.000} s ({rate / 1e6:0.0} MB/s) by {Describe(outcome)}{(outcome.Verified ? $", adler32 {outcome.Adler32} verified" : "")}"));
            return new JsonObject
            {
                ["source"] = SecretRedactor.Redact(src.OriginalString),
                ["destination"] = SecretRedactor.Redact(dst.OriginalString),
                ["route"] = outcome.Route.ToString().ToLowerInvariant(),
                ["tpc_mode"] = outcome.Mode is { } m ? TpcModeNames.ToWire(m) : null,
                ["bytes"] = outcome.Bytes,
                ["duration_seconds"] = seconds,
                ["throughput_bytes_per_second"] = rate,
                ["adler32"] = outcome.Adler32,
                ["verified"] = outcome.Verified,
            };
        }));
        return cp;
    }

    private static Command BuildStat(Common common)
    {
        var url = new Argument<string>("URL");
        var stat = new Command("stat", "Show size, modification time and type; exit 1 (not_found) when the path does not exist.") { url };
        stat.SetAction((parse, ct) => RunAsync("stat", parse, common, ct, async (credentials, phases, token) =>
        {
            var target = StorageUrl.Parse(parse.GetValue(url)!);
            var result = await StorageClientRegistry.For(target, credentials).StatAsync(target, phases, token);
            if (!result.Exists)
            {
                throw new StorageException(FailureKind.NotFound, $"{target}: no such file or directory");
            }
            if (!parse.GetValue(common.Json))
            {
                await Console.Out.WriteLineAsync($"type: {(result.IsDirectory ? "directory" : "file")}\nsize: {result.Size}\nmodified: {result.Modified?.ToString("O", CultureInfo.InvariantCulture) ?? "unknown"}");
            }
            return new JsonObject
            {
                ["url"] = SecretRedactor.Redact(target.OriginalString),
                ["type"] = result.IsDirectory ? "directory" : "file",
                ["size_bytes"] = result.Size,
                ["modified"] = result.Modified?.ToString("O", CultureInfo.InvariantCulture),
            };
        }));
        return stat;
    }

    private static Command BuildSum(Common common)
    {
        var url = new Argument<string>("URL");
        var algorithm = new Argument<string>("ALGORITHM") { Description = "Checksum algorithm (adler32).", DefaultValueFactory = _ => "adler32" };
        var sum = new Command("sum", "Print the checksum the storage computes for a file: URL CHECKSUM.") { url, algorithm };
        sum.SetAction((parse, ct) => RunAsync("sum", parse, common, ct, async (credentials, phases, token) =>
        {
            var target = StorageUrl.Parse(parse.GetValue(url)!);
            var value = await StorageClientRegistry.For(target, credentials).ChecksumAsync(target, parse.GetValue(algorithm)!, phases, token);
            if (!parse.GetValue(common.Json))
            {
                await Console.Out.WriteLineAsync($"{SecretRedactor.Redact(target.OriginalString)} {value}");
            }
            return new JsonObject { ["url"] = SecretRedactor.Redact(target.OriginalString), ["algorithm"] = parse.GetValue(algorithm), ["checksum"] = value };
        }));
        return sum;
    }

    private static Command BuildList(Common common)
    {
        var url = new Argument<string>("URL");
        var longFormat = new Option<bool>("-l") { Description = "Long format: type, size, modification time, name." };
        var ls = new Command("ls", "List a directory.") { url, longFormat };
        ls.SetAction((parse, ct) => RunAsync("ls", parse, common, ct, async (credentials, phases, token) =>
        {
            var target = StorageUrl.Parse(parse.GetValue(url)!);
            var entries = await StorageClientRegistry.For(target, credentials).ListAsync(target, phases, token);
            if (!parse.GetValue(common.Json))
            {
                foreach (var e in entries)
                {
                    await Console.Out.WriteLineAsync(parse.GetValue(longFormat)
                        ? string.Create(CultureInfo.InvariantCulture, $"{(e.IsDirectory ? 'd' : '-')} {e.Size ?? 0,14} {e.Modified?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-",19} {e.Name}")
                        : e.Name);
                }
            }
            return new JsonObject
            {
                ["url"] = SecretRedactor.Redact(target.OriginalString),
                ["entries"] = new JsonArray([.. entries.Select(e => (JsonNode)new JsonObject
                {
                    ["name"] = e.Name,
                    ["type"] = e.IsDirectory ? "directory" : "file",
                    ["size_bytes"] = e.Size,
                    ["modified"] = e.Modified?.ToString("O", CultureInfo.InvariantCulture),
                })]),
            };
        }));
        return ls;
    }

    private static Command BuildRemove(Common common)
    {
        var url = new Argument<string>("URL");
        var rm = new Command("rm", "Delete a file (or an empty directory).") { url };
        rm.SetAction((parse, ct) => RunAsync("rm", parse, common, ct, async (credentials, phases, token) =>
        {
            var target = StorageUrl.Parse(parse.GetValue(url)!);
            await StorageClientRegistry.For(target, credentials).DeleteAsync(target, phases, token);
            return new JsonObject { ["url"] = SecretRedactor.Redact(target.OriginalString), ["deleted"] = true };
        }));
        return rm;
    }

    private static Command BuildMakeDirectory(Common common)
    {
        var url = new Argument<string>("URL");
        var parents = new Option<bool>("-p") { Description = "Create missing parents too; an existing directory is not an error." };
        var mkdir = new Command("mkdir", "Create a directory.") { url, parents };
        mkdir.SetAction((parse, ct) => RunAsync("mkdir", parse, common, ct, async (credentials, phases, token) =>
        {
            var target = StorageUrl.Parse(parse.GetValue(url)!);
            await StorageClientRegistry.For(target, credentials).MakeDirectoryAsync(target, parse.GetValue(parents), phases, token);
            return new JsonObject { ["url"] = SecretRedactor.Redact(target.OriginalString), ["created"] = true };
        }));
        return mkdir;
    }

    private static string Describe(CopyOutcome outcome) => outcome.Route switch
    {
        CopyRoute.ThirdParty => $"third-party copy ({TpcModeNames.ToWire(outcome.Mode!.Value)})",
        CopyRoute.Streamed => "streaming through lakemon",
        _ => outcome.Route.ToString().ToLowerInvariant(),
    };

    /// <summary>Runs one fs operation with credentials, a timeout budget and the fs exit-code contract.</summary>
    private static async Task<int> RunAsync(string name, ParseResult parse, Common common, CancellationToken cancellationToken,
        Func<StorageCredentials, PhaseRecorder, CancellationToken, Task<JsonObject>> operation)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var phases = new PhaseRecorder();
        // A one-transfer tool: https bytes through libssl, as curl moves them (see LibSslTransfers).
        Lakemon.Probes.Storage.WebDav.LibSslTransfers.Enable();
        try
        {
            var timeout = parse.GetValue(common.Timeout);
            if (timeout is not null)
            {
                if (!DurationParser.TryParse(timeout, out var span, out var error))
                {
                    await Console.Error.WriteLineAsync($"lakemon fs {name}: --timeout: {error}");
                    return ExitCodes.BadUsage;
                }
                budget.CancelAfter(span);
            }
            var credentials = Credentials(parse, common);
            var result = await operation(credentials, phases, budget.Token);
            if (parse.GetValue(common.Json))
            {
                result["phases"] = new JsonObject(phases.Snapshot().Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value.TotalSeconds)));
                await Console.Out.WriteLineAsync(result.ToJsonString(Json));
            }
            return ExitCodes.Ok;
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return await FailAsync(name, FailureKind.Timeout, $"gave up after {parse.GetValue(common.Timeout)}");
        }
        catch (UriFormatException e)
        {
            await Console.Error.WriteLineAsync($"lakemon fs {name}: {e.Message}");
            return ExitCodes.BadUsage;
        }
        catch (StorageException e)
        {
            return await FailAsync(name, e.Kind, e.Message);
        }
        catch (Exception e) when (NetworkFailures.Classify(e) is { } kind)
        {
            return await FailAsync(name, kind, e.Message);
        }
        catch (IOException e)
        {
            return await FailAsync(name, FailureKind.ProbeError, e.Message);
        }
    }

    private static async Task<int> FailAsync(string name, FailureKind kind, string message)
    {
        await Console.Error.WriteLineAsync($"lakemon fs {name}: {kind.ToWire()}: {SecretRedactor.Redact(message)}");
        return ExitCodes.Unhealthy;
    }

    private static StorageCredentials Credentials(ParseResult parse, Common common)
    {
        var tokenFile = parse.GetValue(common.TokenFile);
        var tokenEnv = parse.GetValue(common.TokenEnv);
        var token = tokenFile is not null ? BearerTokenDiscovery.ReadToken(tokenFile)
            : tokenEnv is not null ? Environment.GetEnvironmentVariable(tokenEnv)
            : BearerTokenDiscovery.Discover();
        var caDirectory = parse.GetValue(common.CaDirectory) ?? Environment.GetEnvironmentVariable("X509_CERT_DIR");
        return new StorageCredentials(
            string.IsNullOrEmpty(caDirectory) ? null : caDirectory,
            parse.GetValue(common.CaFile),
            string.IsNullOrWhiteSpace(token) ? null : token.Trim(),
            parse.GetValue(common.Certificate),
            parse.GetValue(common.Key));
    }
}
