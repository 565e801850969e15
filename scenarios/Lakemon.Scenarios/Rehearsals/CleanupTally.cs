namespace Lakemon.Scenarios.Rehearsals;

/// <summary>What the cleanup of one door did: files registered, deleted, already absent, and deletions that failed
/// (files or directories).</summary>
public sealed record CleanupTally(string Door, int Registered, int Deleted, int Missing, int Failed);
