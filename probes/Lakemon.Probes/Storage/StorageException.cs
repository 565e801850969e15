using Lakemon.Probes.Results;
using Lakemon.Probes.Security;

namespace Lakemon.Probes.Storage;

/// <summary>A storage operation failed for a reason named by <see cref="Kind"/>; the message is already redacted.</summary>
public sealed class StorageException : Exception
{
    public StorageException(FailureKind kind, string message, Exception? innerException = null)
        : base(SecretRedactor.Redact(message), innerException) => Kind = kind;

    public StorageException() : this(FailureKind.ProbeError, "storage operation failed")
    {
    }

    public StorageException(string message) : this(FailureKind.ProbeError, message)
    {
    }

    public StorageException(string message, Exception innerException) : this(FailureKind.ProbeError, message, innerException)
    {
    }

    public FailureKind Kind { get; }
}
