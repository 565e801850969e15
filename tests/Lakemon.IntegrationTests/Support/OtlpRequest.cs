namespace Lakemon.IntegrationTests.Support;

/// <summary>One export request as it arrived.</summary>
internal sealed record OtlpRequest<T>(IReadOnlyDictionary<string, string> Headers, byte[] Body, T Message);
