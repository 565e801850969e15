using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lakemon.IntegrationTests.Support;

/// <summary>
/// Debian's chromium, headless, driven over the DevTools protocol (a ClientWebSocket to the page target): load a page,
/// collect what it reports as errors (uncaught exceptions, console.error, log entries of level error), evaluate
/// JavaScript and take screenshots. Its own user-data-dir in the test's directory; killed by PID on dispose.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ClientWebSocket _socket = new();
    private readonly List<string> _errors = [];
    private readonly List<string> _events = [];
    private readonly Dictionary<int, TaskCompletionSource<JsonNode>> _pending = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _reader = Task.CompletedTask;
    private int _nextId;

    private HeadlessChromium(Process process)
    {
        _process = process;
    }

    /// <summary>Errors the loaded pages reported, in the order they came.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_lock)
            {
                return [.. _errors];
            }
        }
    }

    public static async Task<HeadlessChromium> StartAsync(string directory)
    {
        await TestPackages.EnsureInstalledAsync("chromium");
        var profile = Path.Combine(directory, "chromium-profile");
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo("chromium") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        // --no-sandbox: the tests run as root, where Chromium refuses its sandbox. Port 0: Chromium picks a free one
        // and writes it to DevToolsActivePort in the profile.
        foreach (var argument in new[]
        {
            "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--hide-scrollbars", "--window-size=1400,1000",
            $"--user-data-dir={profile}", "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var browser = new HeadlessChromium(process);
        try
        {
            var portFile = Path.Combine(profile, "DevToolsActivePort");
            var port = await Polling.UntilAsync(
                async () => File.Exists(portFile) ? (await File.ReadAllLinesAsync(portFile)).FirstOrDefault() ?? "" : "",
                text => text.Length > 0 || process.HasExited, TimeSpan.FromSeconds(60));
            if (process.HasExited)
            {
                throw new InvalidOperationException($"chromium exited with {process.ExitCode} before listening");
            }
            using var http = new HttpClient();
            var page = await Polling.UntilAsync(
                async () => JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list"))!.AsArray()
                    .FirstOrDefault(t => (string?)t!["type"] == "page"),
                target => target is not null, TimeSpan.FromSeconds(30));
            await browser._socket.ConnectAsync(new Uri((string)page!["webSocketDebuggerUrl"]!), CancellationToken.None);
            browser._reader = Task.Run(browser.ReadAsync);
            await browser.SendAsync("Runtime.enable");
            await browser.SendAsync("Log.enable");
            await browser.SendAsync("Page.enable");
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Navigates and waits for the load event.</summary>
    public async Task LoadAsync(string url)
    {
        int seen;
        lock (_lock)
        {
            seen = _events.Count;
        }
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        await Polling.UntilAsync(() =>
        {
            lock (_lock)
            {
                return Task.FromResult(_events.Skip(seen).Contains("Page.loadEventFired"));
            }
        }, loaded => loaded, TimeSpan.FromSeconds(30));
    }

    /// <summary>Evaluates an expression in the page and answers its value (returnByValue).</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        if (result["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException($"evaluation failed: {exception.ToJsonString()}");
        }
        return result["result"]?["value"];
    }

    public async Task<byte[]> ScreenshotAsync()
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        return Convert.FromBase64String((string)result["data"]!);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        try
        {
            await _reader;
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        _socket.Dispose();
        _process.Dispose();
        _stop.Dispose();
    }

    private async Task<JsonNode> SendAsync(string method, JsonObject? parameters = null)
    {
        var completion = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        int id;
        lock (_lock)
        {
            id = ++_nextId;
            _pending[id] = completion;
        }
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        return await completion.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
        {
            var received = await _socket.ReceiveAsync(buffer, _stop.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }
            var node = JsonNode.Parse(message.ToArray())!;
            message.SetLength(0);
            Handle(node);
        }
    }

    private void Handle(JsonNode node)
    {
        lock (_lock)
        {
            if (node["id"] is { } idNode && _pending.Remove((int)idNode, out var completion))
            {
                if (node["error"] is { } error)
                {
                    completion.SetException(new InvalidOperationException($"DevTools error: {error.ToJsonString()}"));
                }
                else
                {
                    completion.SetResult(node["result"] ?? new JsonObject());
                }
                return;
            }
            var method = (string?)node["method"] ?? "";
            _events.Add(method);
            var parameters = node["params"];
            switch (method)
            {
                case "Runtime.exceptionThrown":
                    var details = Child(parameters, "exceptionDetails");
                    _errors.Add("exception: " + (Text(Child(details, "exception"), "description") ?? Text(details, "text")));
                    break;
                case "Runtime.consoleAPICalled" when Text(parameters, "type") is "error" or "assert":
                    _errors.Add("console.error: " + Child(parameters, "args")?.ToJsonString());
                    break;
                case "Log.entryAdded" when Text(Child(parameters, "entry"), "level") == "error":
                    var entry = Child(parameters, "entry");
                    _errors.Add($"log ({Text(entry, "source")}): {Text(entry, "text")} {Text(entry, "url")}");
                    break;
            }
        }
    }

    private static JsonNode? Child(JsonNode? node, string name) => node is JsonObject o && o.TryGetPropertyValue(name, out var child) ? child : null;

    private static string? Text(JsonNode? node, string name) => Child(node, name) is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
}
