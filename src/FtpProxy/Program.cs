using FtpProxy.Cli;

return await ProxyCommandLine.RunAsync(args);
