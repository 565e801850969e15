using System.Diagnostics;
using System.Globalization;
using Lakemon.Probes.Storage;

namespace Lakemon.Cli;

/// <summary>A one-line progress display on stderr, only when stderr is a terminal (scripts and CI get clean logs).</summary>
internal sealed class ConsoleProgress : IProgress<TransferProgress>, IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private TimeSpan _last = TimeSpan.MinValue;
    private bool _drawn;

    public static IProgress<TransferProgress>? CreateIfTerminal() => Console.IsErrorRedirected ? null : new ConsoleProgress();

    public void Report(TransferProgress value)
    {
        lock (_gate)
        {
            var now = _clock.Elapsed;
            if (now - _last < Interval)
            {
                return;
            }
            _last = now;
            var rate = now.TotalSeconds > 0 ? value.Bytes / now.TotalSeconds : 0;
            var done = value.Total is > 0 ? string.Create(CultureInfo.InvariantCulture, $" / {Mib(value.Total.Value)}  {100.0 * value.Bytes / value.Total.Value,3:0}%") : "";
            Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\r  {Mib(value.Bytes)}{done}  {rate / 1e6,8:0.0} MB/s   "));
            _drawn = true;
        }
    }

    public void Dispose()
    {
        if (_drawn)
        {
            Console.Error.Write("\r" + new string(' ', 60) + "\r");
        }
    }

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MiB");
}
