namespace Lakemon.Probes.Security;

/// <summary>
/// Finds a bearer token the way WLCG tools do (WLCG Bearer Token Discovery): $BEARER_TOKEN, then the file named by
/// $BEARER_TOKEN_FILE, then $XDG_RUNTIME_DIR/bt_u$UID, then /tmp/bt_u$UID. Tokens never come from the command line,
/// where `ps` would show them.
/// </summary>
public static class BearerTokenDiscovery
{
    public static string? Discover(Func<string, string?>? environment = null, int? uid = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var direct = environment("BEARER_TOKEN");
        if (!string.IsNullOrWhiteSpace(direct))
        {
            return direct.Trim();
        }
        var file = environment("BEARER_TOKEN_FILE");
        if (!string.IsNullOrWhiteSpace(file))
        {
            return ReadToken(file);
        }
        var user = uid ?? GetUid();
        var runtime = environment("XDG_RUNTIME_DIR");
        foreach (var candidate in new[] { runtime is null ? null : Path.Combine(runtime, $"bt_u{user}"), $"/tmp/bt_u{user}" })
        {
            if (candidate is not null && File.Exists(candidate))
            {
                return ReadToken(candidate);
            }
        }
        return null;
    }

    public static string? ReadToken(string path)
    {
        var token = File.ReadAllText(path).Trim();
        return token.Length == 0 ? null : token;
    }

    private static int GetUid()
    {
        // /proc/self/status "Uid: real effective saved fs"; the real uid names the token file.
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                return int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }
}
