using System.Net;
using System.Net.Sockets;

namespace Tdmp.Features.Integrations.Outbound;

/// <summary>
/// Which addresses an outbound request (webhook, S3 endpoint of an integration) may connect to. Refused unless the operator
/// allows private targets: loopback, private (10/8, 172.16/12, 192.168/16), link-local (169.254/16, with the cloud metadata
/// service 169.254.169.254), CGNAT (100.64/10), unspecified, multicast and reserved ranges, IPv6 loopback, unique-local
/// (fc00::/7), link-local (fe80::/10), site-local, multicast, local-use NAT64 and Teredo, and the IPv4 forms embedded in
/// IPv6 (mapped, NAT64, 6to4).
/// </summary>
public static class TargetAddresses
{
    /// <summary>Why the address is refused (e.g. "loopback"), or null for a public address.</summary>
    public static string? WhyRefused(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return WhyRefused(address.MapToIPv4());
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => WhyRefusedV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => WhyRefusedV6(address),
            _ => "non-IP",
        };
    }

    private static string? WhyRefusedV4(byte[] b) => b switch
    {
        [0, ..] => "unspecified",
        [127, ..] => "loopback",
        [10, ..] => "private",
        [172, >= 16 and <= 31, ..] => "private",
        [192, 168, ..] => "private",
        [169, 254, ..] => "link-local (cloud metadata)",
        [100, >= 64 and <= 127, ..] => "carrier-grade NAT",
        [192, 0, 0, _] => "IETF protocol assignment",
        [198, 18 or 19, ..] => "benchmarking",
        [>= 224 and <= 239, ..] => "multicast",
        [>= 240, ..] => "reserved",
        _ => null,
    };

    private static string? WhyRefusedV6(IPAddress address)
    {
        var b = address.GetAddressBytes();
        if (address.Equals(IPAddress.IPv6Any)) return "unspecified";
        if (address.Equals(IPAddress.IPv6Loopback)) return "loopback";
        if ((b[0] & 0xfe) == 0xfc) return "unique-local";
        if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return "link-local";
        if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return "site-local";
        if (b[0] == 0xff) return "multicast";
        // IPv4 inside IPv6: NAT64 (64:ff9b::/96), 6to4 (2002::/16) and the deprecated IPv4-compatible form (::a.b.c.d).
        if (b is [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, ..]) return WhyRefusedV4(b[12..]) is { } nat64 ? nat64 + " (NAT64)" : null;
        if (b is [0x20, 0x02, ..]) return WhyRefusedV4(b[2..6]) is { } sixToFour ? sixToFour + " (6to4)" : null;
        // Local-use NAT64 (64:ff9b:1::/48) translates into the operator's own network; Teredo (2001::/32) tunnels to
        // an IPv4 address that cannot be checked here. Neither is a place a webhook or S3 endpoint should live.
        if (b is [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01, ..]) return "local-use NAT64";
        if (b is [0x20, 0x01, 0x00, 0x00, ..]) return "Teredo tunnel";
        if (b[..12].All(x => x == 0)) return WhyRefusedV4(b[12..]) is { } compatible ? compatible + " (IPv4-compatible)" : "reserved";
        return null;
    }
}
