using FtpProxy.Bench;

// Usage: FtpProxy.Bench --variant NAME=PATH [--variant NAME=PATH ...] [--sessions N] [--pace-ms MS] [--load-seconds S]
//        [--upstream HOST:PORT] [--haproxy PATH] [--ftp-proxy PATH] [--dotnet-relay PATH]
// --haproxy, --ftp-proxy and --dotnet-relay name reference proxies to measure too (ReferenceProxy).
// A variant PATH is an ftpproxy executable (apphost) or an ftpproxy.dll (run with `dotnet`). See bench/run.sh.
var options = BenchOptions.Parse(args);
return await BenchRunner.RunAsync(options);
