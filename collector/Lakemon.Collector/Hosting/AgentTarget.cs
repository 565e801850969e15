namespace Lakemon.Collector.Hosting;

/// <summary>The collector an agent ships to, the token it presents, and the directory it buffers in meanwhile.</summary>
public sealed record AgentTarget(Uri Collector, string Token, string SpoolDirectory)
{
    public override string ToString() => $"AgentTarget {{ Collector = {Collector}, SpoolDirectory = {SpoolDirectory} }}";
}
