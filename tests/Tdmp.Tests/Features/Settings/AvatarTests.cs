namespace Tdmp.Tests.Features.Settings;

[Collection(IdentityApiCollection.Name)]
public sealed class AvatarTests(TdmpApi api) : IAsyncLifetime
{
    private TestTenant tenant = null!;
    private TestUser user = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        tenant = await api.CreateTenantAsync();
        user = await tenant.CreateUserAsync(TenantRole.Tester);
        client = await user.LoginAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<JsonElement> RefusedAsync(byte[] content, string fileName, string contentType)
    {
        var problem = await (await client.PostAsync("/settings/avatar", TestImages.Form(content, fileName, contentType)))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _));
        return problem;
    }

    [Fact]
    public async Task Png_is_stored_and_served_with_its_type_and_nosniff()
    {
        var png = TestImages.Png(32, 16);
        var info = await (await client.PostAsync("/settings/avatar", TestImages.Form(png, "me.jpg", "image/jpeg"))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("image/png", info.GetProperty("content_type").GetString());
        Assert.Equal(32, info.GetProperty("width").GetInt32());
        Assert.Equal(16, info.GetProperty("height").GetInt32());

        // Any user of the tenant sees it.
        var colleague = await (await tenant.CreateUserAsync(TenantRole.Tester)).LoginAsync();
        var response = await colleague.GetAsync($"/users/{user.Id}/avatar");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(png, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, await Users.IdentityKit.AuditCountAsync(api, "user.avatar_changed", user.Id.ToString()));
    }

    [Theory]
    [InlineData("jpeg", "image/jpeg")]
    [InlineData("gif", "image/gif")]
    [InlineData("webp", "image/webp")]
    public async Task Jpeg_gif_and_webp_are_recognised_by_their_magic_bytes(string format, string expectedType)
    {
        var bytes = format switch
        {
            "jpeg" => TestImages.JpegHeader(640, 480),
            "gif" => TestImages.GifHeader(640, 480),
            _ => TestImages.WebPLosslessHeader(640, 480),
        };
        var info = await (await client.PostAsync("/settings/avatar", TestImages.Form(bytes, "x.bin", "application/octet-stream")))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(expectedType, info.GetProperty("content_type").GetString());
        Assert.Equal(640, info.GetProperty("width").GetInt32());
        Assert.Equal(480, info.GetProperty("height").GetInt32());
        var served = await client.GetAsync($"/users/{user.Id}/avatar");
        Assert.Equal(expectedType, served.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Svg_is_422_even_when_it_claims_to_be_a_png()
    {
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><rect width=\"10\" height=\"10\"/></svg>"u8.ToArray();
        await RefusedAsync(svg, "avatar.png", "image/png");
        await RefusedAsync(svg, "avatar.svg", "image/svg+xml");
    }

    [Fact]
    public async Task File_over_1_MiB_is_422()
    {
        var png = TestImages.Png(8, 8);
        var padded = new byte[1024 * 1024 + 1];
        png.CopyTo(padded, 0);
        var problem = await RefusedAsync(padded, "big.png", "image/png");
        Assert.Contains("1 MiB", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Picture_over_2048_pixels_either_way_is_422()
    {
        await RefusedAsync(TestImages.PngHeader(2049, 10), "wide.png", "image/png");
        await RefusedAsync(TestImages.PngHeader(10, 100_000), "tall.png", "image/png");
        await RefusedAsync(TestImages.JpegHeader(4096, 4096), "huge.jpg", "image/jpeg");
        await (await client.PostAsync("/settings/avatar", TestImages.Form(TestImages.PngHeader(2048, 2048)))).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Missing_file_field_is_422()
    {
        var form = new MultipartFormDataContent { { new StringContent("x"), "other" } };
        await (await client.PostAsync("/settings/avatar", form)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task User_without_a_picture_is_404()
    {
        var other = await tenant.CreateUserAsync(TenantRole.Tester);
        await (await client.GetAsync($"/users/{other.Id}/avatar")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}
