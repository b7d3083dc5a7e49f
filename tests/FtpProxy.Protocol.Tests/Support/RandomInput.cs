using System.Text;

namespace FtpProxy.Protocol.Tests.Support;

/// <summary>Seeded random input that leans towards the bytes parsers care about, so random tests reach deep states.</summary>
internal sealed class RandomInput(int seed)
{
    private static readonly byte[] InterestingBytes =
        [0xFF, 0xFF, 0xFE, 0xFD, 0xFC, 0xFB, 0xFA, 0xF0, 0xF2, 0xF4, (byte)'\r', (byte)'\n', (byte)'\n', 0, (byte)' ', (byte)'-',
         (byte)',', (byte)'|', (byte)'(', (byte)')', (byte)'.', (byte)':', (byte)'%', (byte)'0', (byte)'1', (byte)'2', (byte)'5', (byte)'9'];

    private static readonly string[] Verbs =
        ["USER", "PASS", "ACCT", "QUIT", "PORT", "EPRT", "PASV", "EPSV", "LPRT", "LPSV", "SPSV", "ABOR", "FEAT", "REST", "RETR",
         "STOR", "STOU", "APPE", "LIST", "NLST", "MLSD", "AUTH", "PBSZ", "PROT", "CCC", "TYPE", "PWD", "NOOP", "SITE", "retr", "epsv"];

    public Random Random { get; } = new(seed);

    public int Next(int maxExclusive) => Random.Next(maxExclusive);

    public int Next(int minInclusive, int maxExclusive) => Random.Next(minInclusive, maxExclusive);

    public bool Chance(int percent) => Random.Next(100) < percent;

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];

    /// <summary>Bytes that are half noise, half Telnet and FTP punctuation.</summary>
    public byte[] Bytes(int maxLength)
    {
        var bytes = new byte[Random.Next(maxLength + 1)];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = Chance(50) ? Pick(InterestingBytes) : (byte)Random.Next(256);
        }

        return bytes;
    }

    /// <summary>A Latin-1 string of random bytes; optionally without line ends (what a framer can hand over).</summary>
    public string Text(int maxLength, bool allowLineEnd = false)
    {
        var bytes = Bytes(maxLength);
        if (!allowLineEnd)
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    bytes[i] = (byte)'x';
                }
            }
        }

        return Encoding.Latin1.GetString(bytes);
    }

    /// <summary>Six comma-separated numbers, mostly in range, sometimes not.</summary>
    public string SixNumbers() =>
        string.Join(',', Enumerable.Range(0, Chance(90) ? 6 : Next(1, 9)).Select(_ => Number()));

    public string Number() => Next(10) switch
    {
        0 => Next(256, 100000).ToString(),
        1 => "0" + Next(100),
        2 => Text(3),
        _ => Next(256).ToString(),
    };

    public string EprtArgument()
    {
        var delimiter = Chance(80) ? '|' : (char)Next(32, 128);
        var protocol = Next(5) switch { 0 => Text(2), 1 => "2", _ => "1" };
        var address = protocol == "2"
            ? Pick(new[] { "::1", "::ffff:192.0.2.7", "2001:db8::7", "fe80::1%2", "[::1]", Text(12) })
            : Pick(new[] { "192.0.2.7", "192.0.2.8", "256.1.1.1", "1.2.3", Text(12), string.Join('.', Enumerable.Range(0, 4).Select(_ => Number())) });
        var port = Chance(80) ? Next(0, 70000).ToString() : Text(6);
        return $"{delimiter}{protocol}{delimiter}{address}{delimiter}{port}{delimiter}" + (Chance(10) ? Text(3) : string.Empty);
    }

    /// <summary>A client line: usually a known verb with a plausible or random argument, sometimes pure noise.</summary>
    public string ClientLine()
    {
        if (Chance(10))
        {
            return Text(Chance(5) ? FtpLimits.MaxLineLength : 40);
        }

        if (Chance(30))
        {
            // The well-formed data set-ups and transfers, so sessions reach transfers often.
            return Next(7) switch
            {
                0 => "PASV",
                1 => "EPSV",
                2 => $"PORT 192,0,2,7,{Next(4, 256)},{Next(256)}",
                3 => $"EPRT |1|192.0.2.7|{Next(1024, 65536)}|",
                4 => "STOR up.bin",
                5 => "LIST",
                _ => "RETR file.bin",
            };
        }

        var verb = Pick(Verbs);
        var argument = verb.ToUpperInvariant() switch
        {
            "PORT" => Chance(50) ? $"192,0,2,7,{Next(256)},{Next(256)}" : SixNumbers(),
            "EPRT" => EprtArgument(),
            "EPSV" => Pick(new[] { string.Empty, string.Empty, "ALL", "1", "2", Text(4) }),
            "RETR" or "STOR" or "LIST" => Chance(80) ? "file name.txt" : Text(60),
            _ => Chance(50) ? string.Empty : Text(30),
        };
        return argument.Length == 0 && Chance(80) ? verb : $"{verb} {argument}";
    }

    /// <summary>
    /// What a well-behaved server would answer to <paramref name="sent"/> (a line the proxy sent upstream),
    /// so random sessions get past the data set-up into transfers and aborts: one array of lines per reply.
    /// </summary>
    public IEnumerable<string[]> PlausibleReplies(string sent)
    {
        var verb = sent.Split(' ')[0];
        switch (verb)
        {
            case "EPSV":
                yield return Chance(85) ? [$"229 Entering Extended Passive Mode (|||{Next(1024, 65536)}|)"] : ["500 EPSV not understood"];
                break;
            case "PASV":
                yield return Chance(85) ? [$"227 Entering Passive Mode (10,0,0,{Next(256)},{Next(4, 256)},{Next(256)})."] : ["502 No"];
                break;
            case "EPRT" or "PORT":
                yield return Chance(80) ? ["200 OK"] : ["500 Not understood"];
                break;
            case "RETR" or "STOR" or "STOU" or "APPE" or "LIST" or "NLST" or "MLSD":
                if (Chance(15))
                {
                    yield return ["550 No such file"];
                    break;
                }

                yield return [Chance(80) ? "150 Opening data connection" : "125 Transfer starting"];
                yield return Chance(80) ? ["226 Transfer complete"] : Chance(50) ? ["226-Done", "226 0.1 seconds"] : ["451 Local error"];
                break;
            case "ABOR":
                yield return ["426 Transfer aborted"];
                yield return ["226 ABOR successful"];
                break;
            case "USER":
                yield return ["331 Password"];
                break;
            case "PASS":
                yield return Chance(80) ? ["230-Welcome", " banner", "230 Logged in"] : ["530 Login incorrect"];
                break;
            case "FEAT":
                yield return ["211-Features:", " AUTH TLS", " PBSZ", " MDTM", "211 End"];
                break;
            case "QUIT":
                yield return ["221 Goodbye"];
                break;
            default:
                yield return [Chance(90) ? "200 OK" : "500 Unknown"];
                break;
        }
    }

    /// <summary>The lines of one server reply: single or multi-line, with codes and texts a data setup or transfer meets.</summary>
    public string[] ReplyLines(int maxTextLength = 3000)
    {
        var code = Next(10) switch
        {
            0 => 150,
            1 => 226,
            2 => 227,
            3 => 229,
            4 => Chance(20) ? 421 : 200,
            5 => Pick(new[] { 425, 426, 451, 500, 502, 550 }),
            6 => Pick(new[] { 110, 120, 125, 200, 211, 220, 221, 225, 230, 250, 257, 331, 332, 350 }),
            _ => Next(100, 600),
        };
        var text = code switch
        {
            227 => Chance(80) ? $"Entering Passive Mode ({SixNumbers()})." : Text(40),
            229 => Chance(80) ? $"Entering Extended Passive Mode (|||{Next(0, 70000)}|)" : Text(40),
            _ => Text(Chance(3) ? maxTextLength : 40),
        };

        if (Chance(80))
        {
            return [$"{code} {text}"];
        }

        var lines = new List<string> { $"{code}-{text}" };
        for (var i = Next(4); i > 0; i--)
        {
            lines.Add(Chance(30) ? $"{Next(100, 600)}-{Text(20)}" : Text(40));
        }

        lines.Add(Chance(20) ? code.ToString() : $"{code} End");
        return lines.ToArray();
    }
}
