using System.Runtime.Versioning;

// The interop suite drives Debian's FTP servers and clients (RECIPES.md): Linux only, as root.
[assembly: SupportedOSPlatform("linux")]
