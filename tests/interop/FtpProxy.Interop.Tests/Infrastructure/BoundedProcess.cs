using System.Diagnostics;
using System.Text;

namespace FtpProxy.Interop.Tests.Infrastructure;

/// <summary>Runs a program to completion within a deadline; on timeout it is killed by its pid and the run fails.</summary>
internal static class BoundedProcess
{
    public static async Task<ProcessRun> RunAsync(ProcessCommand command, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = command.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in command.Environment)
        {
            info.Environment[name] = value;
        }

        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {command.FileName}");
        var pid = process.Id;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            if (command.StandardInput is { } input)
            {
                await process.StandardInput.WriteAsync(input).WaitAsync(timeout);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program exited before reading all of its input; its transcript says why.
        }

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            await Task.WhenAll(stdout, stderr).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            ChildProcesses.Kill(process);
            var partialOut = await Completed(stdout);
            var partialErr = await Completed(stderr);
            throw new TimeoutException(
                $"{command} (pid {pid}) did not finish within {timeout.TotalSeconds:F0} s and was killed.\n"
                + $"--- stdout so far ---\n{partialOut}\n--- stderr so far ---\n{partialErr}");
        }

        return new ProcessRun(command, pid, process.ExitCode, await stdout, await stderr, Stopwatch.GetElapsedTime(started));
    }

    private static async Task<string> Completed(Task<string> read)
    {
        try
        {
            return await read.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            return "(output still open)";
        }
    }
}
