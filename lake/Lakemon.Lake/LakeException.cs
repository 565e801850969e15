namespace Lakemon.Lake;

/// <summary>A lake operation that could not be done; <see cref="IsUsageError"/> separates "you asked for something
/// that conflicts" (a taken port, a running lake of another size) from "the servers did not come up".</summary>
public sealed class LakeException : Exception
{
    public LakeException(string message, bool isUsageError) : base(message) => IsUsageError = isUsageError;

    public LakeException() : this("lake operation failed", false)
    {
    }

    public LakeException(string message) : this(message, false)
    {
    }

    public LakeException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public bool IsUsageError { get; }
}
