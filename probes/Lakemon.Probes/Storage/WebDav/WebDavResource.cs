namespace Lakemon.Probes.Storage.WebDav;

/// <summary>One &lt;D:response&gt; of a PROPFIND multistatus: the decoded path and the properties we use.</summary>
internal sealed record WebDavResource(string Path, bool IsCollection, long? Length, DateTimeOffset? Modified);
