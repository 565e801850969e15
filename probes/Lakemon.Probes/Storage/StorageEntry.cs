namespace Lakemon.Probes.Storage;

/// <summary>One entry of a directory listing; <see cref="Name"/> is the last path segment.</summary>
public sealed record StorageEntry(string Name, bool IsDirectory, long? Size, DateTimeOffset? Modified);
