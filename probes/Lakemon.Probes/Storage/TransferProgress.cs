namespace Lakemon.Probes.Storage;

/// <summary>Progress of a transfer: bytes so far and, when known, the total. For HTTP-TPC this comes from the
/// performance markers the active server streams back.</summary>
public readonly record struct TransferProgress(long Bytes, long? Total);
