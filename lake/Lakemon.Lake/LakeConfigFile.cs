using System.Text;

namespace Lakemon.Lake;

/// <summary>The lakemon configuration of a local lake, so that every other command can run on it with no set-up.</summary>
internal static class LakeConfigFile
{
    public const string CredentialsName = "local-lake";

    public static string Render(LakeState state, string lakeDirectory)
    {
        var text = new StringBuilder();
        text.AppendLine("# Written by `lakemon lake up` for the local lake in this directory; rewritten at every `lake up`.");
        text.AppendLine("# Every RSE is one XRootD server on loopback serving root:// and WebDAV (http and https on one port).");
        text.AppendLine("sites:");
        foreach (var rse in state.Rses)
        {
            text.AppendLine($"  - name: {rse.Site}");
            text.AppendLine($"    description: local lake site of {rse.Name}");
        }
        text.AppendLine("rses:");
        foreach (var rse in state.Rses)
        {
            text.AppendLine($"  - name: {rse.Name}");
            text.AppendLine($"    site: {rse.Site}");
            text.AppendLine("    protocols:");
            text.AppendLine("      - scheme: root");
            text.AppendLine($"        prefix: root://127.0.0.1:{rse.Port}/{LocalLake.PathPrefix}");
            text.AppendLine("      - scheme: https");
            text.AppendLine($"        prefix: https://127.0.0.1:{rse.Port}{LocalLake.PathPrefix}");
            text.AppendLine("    checksum: adler32");
            text.AppendLine("    tpc_modes: [root, http-pull, http-push]");
            text.AppendLine($"    credentials: {CredentialsName}");
        }
        text.AppendLine("credentials:");
        text.AppendLine($"  {CredentialsName}:");
        text.AppendLine($"    ca_dir: {Path.GetRelativePath(lakeDirectory, LakeCertificateAuthority.At(Path.Combine(lakeDirectory, "tls")).CertificateDirectory)}");
        return text.ToString();
    }
}
