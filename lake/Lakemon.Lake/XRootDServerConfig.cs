using System.Text;

namespace Lakemon.Lake;

/// <summary>
/// The configuration file of one lake RSE. Facts measured on xrootd 5.5 (DESIGN.md §7): one port serves root://,
/// http and https; the HTTP-TPC handler loads only when TLS is configured; `xrootd.chksum adler32` makes the server
/// answer kXR_query checksum and `Want-Digest: adler32`; root TPC is executed by xrdcp --server.
/// </summary>
public sealed record XRootDServerConfig(
    int Port,
    string DataDirectory,
    string AdminDirectory,
    string HostCertificate,
    string HostKey,
    string CaDirectory)
{
    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine("# Written by `lakemon lake up`; regenerated at every start, edits are lost.");
        text.AppendLine("all.export /");
        text.AppendLine($"oss.localroot {DataDirectory}");
        text.AppendLine($"all.adminpath {AdminDirectory}");
        text.AppendLine($"all.pidpath {AdminDirectory}");
        text.AppendLine($"xrd.port {Port}");
        // Computes uncached checksums in a job thread (kXR_waitresp). Over XrdHttp that hand-off races in 5.5.3 and
        // can crash the server; no directive avoids it (lake/XROOTD-5.5-CRASH.md).
        text.AppendLine("xrootd.chksum adler32");
        text.AppendLine("ofs.tpc autorm xfr 10 pgm /usr/bin/xrdcp --server");
        text.AppendLine($"xrd.tls {HostCertificate} {HostKey}");
        text.AppendLine($"xrd.tlsca certdir {CaDirectory}");
        text.AppendLine($"xrd.protocol XrdHttp:{Port} libXrdHttp.so");
        text.AppendLine("http.exthandler xrdtpc libXrdHttpTPC.so");
        // Bearer tokens reach the authorisation layer as the `authz` CGI, the convention of WLCG HTTP-TPC.
        text.AppendLine("http.header2cgi Authorization authz");
        return text.ToString();
    }
}
