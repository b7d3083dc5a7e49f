// The daemon is Linux-only: fd passing (SCM_RIGHTS), socketpair and signals are POSIX.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
