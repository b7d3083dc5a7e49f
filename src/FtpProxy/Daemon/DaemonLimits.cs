namespace FtpProxy.Daemon;

/// <summary>Admission limits and the prefork size.</summary>
internal sealed record DaemonLimits(int MaxSessions = 500, int MaxPerIp = 50, int SpareWorkers = 2);
