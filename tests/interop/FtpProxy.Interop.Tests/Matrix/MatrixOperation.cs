namespace FtpProxy.Interop.Tests.Matrix;

/// <summary>What one matrix cell transfers.</summary>
public enum MatrixOperation
{
    List,
    Retrieve1MiB,
    Store1MiB,
    RetrieveEmpty,
    Retrieve20MiB,
}
