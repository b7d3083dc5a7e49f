using FtpProxy.Bench;

// Usage: FtpProxy.Bench --variant NAME=PATH [--variant NAME=PATH ...] [--sessions N] [--pace-ms MS] [--load-seconds S]
//        [--upstream HOST:PORT] [--haproxy PATH]
// PATH is an ftpproxy executable (apphost) or an ftpproxy.dll (run with `dotnet`). See bench/run.sh.
var options = BenchOptions.Parse(args);
return await BenchRunner.RunAsync(options);
