using Lakemon.Scenarios.Engine;

namespace Lakemon.Tests.Scenarios;

public sealed class SocketEventLoopTests
{
    [Theory]
    [InlineData(1, "1")]
    [InlineData(2, "1")]
    [InlineData(3, "1")]
    [InlineData(8, "4")]
    public void Defaults_NothingSet_InlineCompletionsOnHalfTheProcessors(int processors, string threads)
    {
        var set = SocketEventLoop.Defaults(_ => null, processors);

        Assert.Equal(
            [new(SocketEventLoop.InlineCompletionsVariable, "1"), new(SocketEventLoop.ThreadCountVariable, threads)],
            set);
    }

    [Fact]
    public void Defaults_UserChoseTheThreadPool_KeepsTheUsersChoiceAndSetsOnlyTheOther()
    {
        var environment = new Dictionary<string, string> { [SocketEventLoop.InlineCompletionsVariable] = "0" };

        var set = SocketEventLoop.Defaults(environment.GetValueOrDefault, 4);

        Assert.Equal([new(SocketEventLoop.ThreadCountVariable, "2")], set);
    }

    [Fact]
    public void Defaults_BothSet_SetsNothing()
    {
        var environment = new Dictionary<string, string>
        {
            [SocketEventLoop.InlineCompletionsVariable] = "1",
            [SocketEventLoop.ThreadCountVariable] = "3",
        };

        Assert.Empty(SocketEventLoop.Defaults(environment.GetValueOrDefault, 16));
    }
}
