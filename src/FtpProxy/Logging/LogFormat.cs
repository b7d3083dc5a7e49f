namespace FtpProxy.Logging;

internal enum LogFormat
{
    Text,
    Json,
}
