using System.Globalization;

namespace FtpProxy.Bench;

/// <summary>The harness's command line.</summary>
internal sealed record BenchOptions(IReadOnlyList<(string Name, string Path)> Variants, int Sessions, int PaceMs, int LoadSeconds, int LoadConcurrency, System.Net.IPEndPoint? Upstream, string? Haproxy, string? FtpProxySuite, string? DotnetRelay)
{
    public static BenchOptions Parse(string[] args)
    {
        var variants = new List<(string, string)>();
        var sessions = 100;
        var pace = 400;
        var load = 10;
        var concurrency = 4;
        System.Net.IPEndPoint? upstream = null;
        string? haproxy = null;
        string? ftpProxySuite = null;
        string? dotnetRelay = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--variant":
                    var parts = args[++i].Split('=', 2);
                    variants.Add((parts[0], parts[1]));
                    break;
                case "--sessions":
                    sessions = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--pace-ms":
                    pace = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--load-seconds":
                    load = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--load-concurrency":
                    concurrency = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--haproxy":
                    haproxy = args[++i];
                    break;
                case "--ftp-proxy":
                    ftpProxySuite = args[++i];
                    break;
                case "--dotnet-relay":
                    dotnetRelay = args[++i];
                    break;
                case "--upstream":
                    upstream = System.Net.IPEndPoint.Parse(args[++i]);
                    break;
                default:
                    throw new ArgumentException($"unknown argument {args[i]}");
            }
        }

        return new BenchOptions(variants, sessions, pace, load, concurrency, upstream, haproxy, ftpProxySuite, dotnetRelay);
    }
}
