using System.Runtime.InteropServices;

namespace Lakemon.Probes.Tls;

/// <summary>
/// The few libssl (OpenSSL 3) calls of <see cref="Storage.WebDav.LibSslTransfer"/>: a TLS client on a connected socket,
/// with OpenSSL's own certificate and host-name verification, as curl does it.
/// </summary>
internal static partial class LibSsl
{
    private const string Library = "libssl.so.3";

    public const int VerifyPeer = 1;
    public const int FileTypePem = 1;
    public const int X509VOk = 0;
    public const int ErrorWantRead = 2;
    public const int ErrorWantWrite = 3;
    public const int ErrorSyscall = 5;
    public const int ErrorZeroReturn = 6;
    private const int ControlSetTlsExtHostName = 55;
    private const int NameTypeHostName = 0;

    private static readonly Lazy<bool> Loaded = new(() =>
    {
        try
        {
            return TLS_client_method() != IntPtr.Zero;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    });

    /// <summary>Whether libssl 3 is on this host (Debian's libssl3; .NET itself needs it for TLS).</summary>
    public static bool Available => Loaded.Value;

    public static int SetServerName(IntPtr ssl, string name) => SSL_ctrl(ssl, ControlSetTlsExtHostName, NameTypeHostName, name);

    [LibraryImport(Library)]
    internal static partial IntPtr TLS_client_method();

    [LibraryImport(Library)]
    internal static partial IntPtr SSL_CTX_new(IntPtr method);

    [LibraryImport(Library)]
    internal static partial void SSL_CTX_free(IntPtr context);

    [LibraryImport(Library)]
    internal static partial void SSL_CTX_set_verify(IntPtr context, int mode, IntPtr callback);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SSL_CTX_load_verify_locations(IntPtr context, string? file, string? directory);

    [LibraryImport(Library)]
    internal static partial int SSL_CTX_set_default_verify_paths(IntPtr context);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SSL_CTX_use_certificate_chain_file(IntPtr context, string file);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SSL_CTX_use_PrivateKey_file(IntPtr context, string file, int type);

    [LibraryImport(Library)]
    internal static partial IntPtr SSL_new(IntPtr context);

    [LibraryImport(Library)]
    internal static partial void SSL_free(IntPtr ssl);

    [LibraryImport(Library)]
    internal static partial int SSL_set_fd(IntPtr ssl, int fd);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SSL_set1_host(IntPtr ssl, string host);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SSL_ctrl(IntPtr ssl, int command, long value, string parameter);

    [LibraryImport(Library)]
    internal static partial IntPtr SSL_get0_param(IntPtr ssl);

    [LibraryImport("libcrypto.so.3", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int X509_VERIFY_PARAM_set1_ip_asc(IntPtr parameters, string address);

    [LibraryImport(Library)]
    internal static partial int SSL_connect(IntPtr ssl);

    [LibraryImport(Library)]
    internal static partial long SSL_get_verify_result(IntPtr ssl);

    [LibraryImport(Library)]
    internal static partial int SSL_get_error(IntPtr ssl, int result);

    [LibraryImport(Library)]
    internal static partial int SSL_read(IntPtr ssl, ref byte buffer, int count);

    [LibraryImport(Library)]
    internal static partial int SSL_write(IntPtr ssl, ref byte buffer, int count);
}
