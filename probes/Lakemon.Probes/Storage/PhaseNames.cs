namespace Lakemon.Probes.Storage;

/// <summary>Phase names of DESIGN.md §2 (keys of a result's `phases` object), shared by every client.</summary>
public static class PhaseNames
{
    public const string Connect = "connect";
    public const string Tls = "tls";
    public const string Login = "login";
    public const string Redirect = "redirect";
    public const string Open = "open";
    public const string Request = "request";
    public const string Transfer = "transfer";
    public const string Close = "close";
    public const string TpcWait = "tpc_wait";
    public const string Checksum = "checksum";
    public const string Delete = "delete";
    public const string Stat = "stat";
    public const string List = "list";
    public const string Mkdir = "mkdir";
}
