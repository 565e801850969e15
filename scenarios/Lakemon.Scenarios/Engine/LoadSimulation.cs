namespace Lakemon.Scenarios.Engine;

/// <summary>
/// One segment of a scenario's load, as data (NBomber's shape): the open model injects calls at a rate whatever the
/// system does (<see cref="Inject"/>, <see cref="RampingInject"/>), the closed model keeps a number of copies busy
/// (<see cref="KeepConstant"/>, <see cref="RampingConstant"/>). <see cref="LoadTimelineBuilder"/> turns a list of
/// them into a timeline.
/// </summary>
public abstract record LoadSimulation(TimeSpan During)
{
    public static Inject Inject(int rate, TimeSpan interval, TimeSpan during) => new(rate, interval, during);

    public static RampingInject RampingInject(int rate, TimeSpan interval, TimeSpan during) => new(rate, interval, during);

    public static KeepConstant KeepConstant(int copies, TimeSpan during) => new(copies, during);

    public static RampingConstant RampingConstant(int copies, TimeSpan during) => new(copies, during);

    public static Pause Pause(TimeSpan during) => new(during);
}
