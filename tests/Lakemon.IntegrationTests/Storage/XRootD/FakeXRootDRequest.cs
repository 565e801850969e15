using System.Text;

namespace Lakemon.IntegrationTests.Storage.XRootD;

/// <summary>A request as the fake server received it.</summary>
public sealed record FakeXRootDRequest(ushort StreamId, ushort RequestId, byte[] Data)
{
    public string Text => Encoding.UTF8.GetString(Data).TrimEnd('\0');
}
