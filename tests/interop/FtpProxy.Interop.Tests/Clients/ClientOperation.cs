namespace FtpProxy.Interop.Tests.Clients;

/// <summary>What one client run does after logging in.</summary>
internal enum ClientOperation
{
    /// <summary>LIST of the root directory.</summary>
    List,

    /// <summary>RETR of <see cref="ClientJob.RemoteName"/> into <see cref="ClientJob.LocalPath"/>.</summary>
    Retrieve,

    /// <summary>STOR of <see cref="ClientJob.LocalPath"/> as <see cref="ClientJob.RemoteName"/>.</summary>
    Store,
}
