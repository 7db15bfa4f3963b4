using Tdmp.Features.Integrations;
using Tdmp.Features.Integrations.Outbound;
using Tdmp.Features.Integrations.Webhooks;

namespace Tdmp.Tests.Features.Integrations;

/// <summary>SSRF protection: the address classifier (no traffic to any of these addresses) and the connect-time check.</summary>
public sealed class TargetAddressTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.8.9.10", "loopback")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.254", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("169.254.169.254", "link-local (cloud metadata)")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("100.127.255.255", "carrier-grade NAT")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("255.255.255.255", "reserved")]
    [InlineData("::", "unspecified")]
    [InlineData("::1", "loopback")]
    [InlineData("fc00::1", "unique-local")]
    [InlineData("fd12:3456::1", "unique-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("febf::1", "link-local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:10.0.0.1", "private")]
    [InlineData("::ffff:169.254.169.254", "link-local (cloud metadata)")]
    [InlineData("64:ff9b::a9fe:a9fe", "link-local (cloud metadata) (NAT64)")]
    [InlineData("2002:c0a8:0101::1", "private (6to4)")]
    [InlineData("64:ff9b:1::a00:1", "local-use NAT64")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo tunnel")]
    public void Private_loopback_link_local_and_reserved_addresses_are_refused(string address, string why)
        => Assert.Equal(why, TargetAddresses.WhyRefused(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("169.255.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void Public_addresses_are_allowed(string address)
        => Assert.Null(TargetAddresses.WhyRefused(IPAddress.Parse(address)));

    [Fact]
    public async Task A_receiver_that_does_not_answer_in_time_is_reported_as_timed_out()
    {
        using var silent = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        silent.Start(); // accepts connections (the kernel does) and never answers
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var http = new OutboundHttp(new IntegrationOptions { AllowPrivateTargets = true, RequestTimeout = TimeSpan.FromMilliseconds(300) });
        var body = new WebhookBody("ping", Guid.NewGuid(), DateTime.UtcNow, 1, JsonSerializer.SerializeToElement(new { }));
        var attempt = await new WebhookSender(http).SendAsync($"http://127.0.0.1:{port}/hook", "secret", body, CancellationToken.None);
        Assert.False(attempt.Ok);
        Assert.Equal("timed out", attempt.Error);
        Assert.Null(attempt.StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task A_webhook_on_loopback_is_refused_at_connect_time_unless_allowed(string host)
    {
        using var receiver = new WebhookReceiver();
        var url = receiver.Url.Replace("127.0.0.1", host);
        var body = new WebhookBody("ping", Guid.NewGuid(), DateTime.UtcNow, 1, JsonSerializer.SerializeToElement(new { }));

        using (var guarded = new OutboundHttp(new IntegrationOptions { AllowPrivateTargets = false }))
        {
            var refused = await new WebhookSender(guarded).SendAsync(url, "secret", body, CancellationToken.None);
            Assert.False(refused.Ok);
            Assert.Null(refused.StatusCode);
            Assert.StartsWith("target refused: ", refused.Error);
            Assert.Contains("loopback", refused.Error);
        }
        Assert.Empty(receiver.Requests);

        // (The listener answers only for its own Host, 127.0.0.1.)
        using var allowed = new OutboundHttp(new IntegrationOptions { AllowPrivateTargets = true });
        Assert.True((await new WebhookSender(allowed).SendAsync(receiver.Url, "secret", body, CancellationToken.None)).Ok);
        Assert.Single(receiver.Requests);
    }
}
