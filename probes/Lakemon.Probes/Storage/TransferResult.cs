namespace Lakemon.Probes.Storage;

/// <summary>Bytes moved and, for uploads and reads, our own adler32 of exactly those bytes (8 lower-case hex digits);
/// null for third-party copies, where the bytes never pass through lakemon.</summary>
public sealed record TransferResult(long Bytes, string? Adler32);
