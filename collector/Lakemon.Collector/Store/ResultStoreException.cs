namespace Lakemon.Collector.Store;

/// <summary>The configured store cannot be opened for a reason the user must fix in the configuration or its
/// environment (an unset variable, an unreadable file, a database file of a newer lakemon).</summary>
public sealed class ResultStoreException : Exception
{
    public ResultStoreException()
    {
    }

    public ResultStoreException(string message)
        : base(message)
    {
    }

    public ResultStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
