using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using FtpProxy.Interop.Tests.Infrastructure;
using FtpProxy.Tests.Common;

namespace FtpProxy.Interop.Tests.Clients;

/// <summary>
/// ftp-ssl on a pseudo-terminal, typed at as a person would (RECIPES.md §3.6): `script -qfec` gives it the pty,
/// `TERM=dumb` and `-e` keep readline's escape sequences out. Each answer is typed only after its prompt is on
/// screen, because getpass() flushes type-ahead. Auto-login (no -n): "Name (host:user): ", "Password:", "ftp> ".
/// </summary>
internal sealed partial class FtpSslTerminal : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _screen = new();
    private readonly Lock _screenLock = new();
    private readonly Task _reader;
    private int _cursor;

    private FtpSslTerminal(Process process)
    {
        _process = process;
        // script's own complaints (there are none when all goes well) are drained so it can never block on them.
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _reader = ReadLoopAsync();
    }

    /// <summary>Everything the terminal showed so far, line ends normalised to \n.</summary>
    public string Screen
    {
        get
        {
            lock (_screenLock)
            {
                return _screen.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
            }
        }
    }

    /// <summary>Starts `ftp-ssl -z nossl -e -d HOST PORT` on a pty; -d so the screen shows the commands sent ("---> PORT").</summary>
    public static FtpSslTerminal Start(IPEndPoint server)
    {
        var ftp = string.Create(
            CultureInfo.InvariantCulture,
            $"{InteropProgram.FtpSslPath} -z nossl -e -d {server.Address} {server.Port}");
        var info = new ProcessStartInfo(InteropProgram.ScriptPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-qfec", ftp, "/dev/null" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["TERM"] = "dumb";
        return new FtpSslTerminal(Process.Start(info) ?? throw new InvalidOperationException("cannot start script"));
    }

    /// <summary>Waits until <paramref name="pattern"/> appears in output not yet consumed; returns that output up to the match's end.</summary>
    public async Task<string> ExpectAsync(Regex pattern, TimeSpan? timeout = null)
    {
        string? shown = null;
        await TestDeadline.UntilAsync(() => TryConsume(pattern, out shown) || _reader.IsCompleted, timeout ?? DefaultWait);
        if (shown is null && !TryConsume(pattern, out shown))
        {
            throw new TimeoutException($"the terminal never showed /{pattern}/; screen so far:\n{Screen}");
        }

        return shown!;
    }

    /// <summary>Consumes the unread output up to the first match of <paramref name="pattern"/>, if there is one.</summary>
    private bool TryConsume(Regex pattern, out string? shown)
    {
        lock (_screenLock)
        {
            var unread = _screen.ToString(_cursor, _screen.Length - _cursor);
            var match = pattern.Match(unread);
            shown = match.Success ? unread[..(match.Index + match.Length)] : null;
            if (match.Success)
            {
                _cursor += match.Index + match.Length;
            }

            return match.Success;
        }
    }

    public Task<string> ExpectPromptAsync() => ExpectAsync(Prompt());

    /// <summary>Answers the name and password prompts; returns the screen up to the first "ftp> " (the login's replies).</summary>
    public async Task<string> LogInAsync(string user, string password)
    {
        await ExpectAsync(NamePrompt());
        await TypeAsync(user);
        await ExpectAsync(PasswordPrompt());
        await TypeAsync(password);
        return await ExpectPromptAsync();
    }

    /// <summary>Types a command and waits for the next prompt; returns what the terminal showed meanwhile.</summary>
    public async Task<string> CommandAsync(string command)
    {
        await TypeAsync(command);
        return await ExpectPromptAsync();
    }

    /// <summary>Types <paramref name="line"/> key by key, then Enter.</summary>
    public async Task TypeAsync(string line)
    {
        foreach (var key in line)
        {
            await _process.StandardInput.WriteAsync(key);
            await _process.StandardInput.FlushAsync();
        }

        await _process.StandardInput.WriteAsync('\n');
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits for ftp-ssl (and script, which returns its exit code because of -e) to end.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout ?? DefaultWait);
        }
        catch (TimeoutException)
        {
            ChildProcesses.Kill(_process);
            throw new TimeoutException($"ftp-ssl on the terminal (script pid {_process.Id}) did not exit; it was killed. Screen:\n{Screen}");
        }

        await _reader.WaitAsync(TimeSpan.FromSeconds(5));
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        ChildProcesses.Kill(_process);
        try
        {
            await _reader.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            // The pipe stays open only if a grandchild holds it; the process itself is gone.
        }

        _process.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[4096];
        var chars = new char[4096 + 4];
        var stream = _process.StandardOutput.BaseStream;
        int read;
        while ((read = await stream.ReadAsync(bytes)) > 0)
        {
            var count = decoder.GetChars(bytes, 0, read, chars, 0);
            lock (_screenLock)
            {
                _screen.Append(chars, 0, count);
            }
        }
    }

    [GeneratedRegex(@"ftp> $", RegexOptions.Multiline)]
    private static partial Regex Prompt();

    // "Name (127.0.0.1:root): " — the part after ':' is the local user name.
    [GeneratedRegex(@"Name \([^)]*\): ")]
    private static partial Regex NamePrompt();

    [GeneratedRegex("Password:")]
    private static partial Regex PasswordPrompt();
}
