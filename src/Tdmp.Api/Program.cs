using System.Text.Json;
using System.Text.Json.Serialization;
using FastEndpoints;
using FastEndpoints.Swagger;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Npgsql;
using Scalar.AspNetCore;
using Tdmp.Api.Hosting;
using Tdmp.Features.Common;
using Tdmp.Features.Common.Auth;
using Tdmp.Features.Common.Pipeline;
using Tdmp.Features.Common.Storage;
using Tdmp.Features.Datasets.Generation;
using Tdmp.Generation.Schema;

var builder = WebApplication.CreateBuilder(args);
var configuration = builder.Configuration;

var connectionString = configuration.GetConnectionString("Tdmp")
    ?? throw new InvalidOperationException("Set the connection string ConnectionStrings__Tdmp (see README).");
var authOptions = configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();

var services = builder.Services;
services.AddSingleton(authOptions);
// Read (or made) by the migrations below, after Build() and before the host starts; nothing resolves it earlier.
TokenSigningKey? signingKey = null;
services.AddSingleton(_ => signingKey ?? throw new InvalidOperationException("The signing key is read when the migrations have run."));
services.AddSingleton(TimeProvider.System);
// One pool per node, of Database__MaxPoolSize connections (30 by default); the change listener has its own connection.
var databaseOptions = configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
var poolConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
{
    MaxPoolSize = databaseOptions.MaxPoolSize, ApplicationName = "tdmp",
    // The same few statements run thousands of times (session check, dataset read): planned once per connection.
    MaxAutoPrepare = databaseOptions.MaxAutoPrepare,
};
services.AddSingleton(databaseOptions);
services.AddSingleton(poolConnectionString);
services.AddSingleton(NpgsqlDataSource.Create(poolConnectionString));
services.AddSingleton<RevocableCache>();
services.AddSingleton<Sessions>();
services.AddSingleton<Tdmp.Features.Datasets.DatasetWaiters>();
services.AddSingleton<Tdmp.Features.Datasets.DatasetReadCache>();
services.AddHostedService<ChangeFeed>();
services.AddHttpContextAccessor();
services.AddScoped<ICurrentUser, HttpCurrentUser>();
services.AddScoped<AuditTrail>();
services.AddScoped<Notifier>();
// Webhooks, S3 exports and mail (notification mails go through its outbox; without Mail__Host nothing is sent).
services.AddIntegrations(configuration);
services.AddSingleton<PasswordHasher>();
services.AddSingleton<TokenIssuer>();
services.AddSingleton(configuration.GetSection("Schemas").Get<SchemaReadLimits>() ?? SchemaReadLimits.Default);
var storageOptions = configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
services.AddSingleton(storageOptions);
// Dataset files in S3 when Storage__S3__Bucket is set (nodes then need no shared disk), else in the directory Storage__Root.
if (storageOptions.S3.IsConfigured) services.AddSingleton<IFileStorage, S3FileStorage>();
else services.AddSingleton<IFileStorage, DiskFileStorage>();
services.AddDatasetGeneration(configuration.GetSection("Datasets").Get<DatasetOptions>() ?? new DatasetOptions());
services.AddSingleton<TwoFactor>();
services.AddScoped<Tdmp.Features.Settings.AccountPassword>();
// The key file encrypts what the database keeps of the signing key and the Data Protection key ring (README: secrets).
services.AddSingleton(provider => KeyFile.LoadOrCreate(configuration, provider.GetRequiredService<ILogger<KeyFile>>()));
// TOTP secrets are encrypted with Data Protection; its key ring lives in the database so that every node shares it,
// each key encrypted with the key file.
services.AddDataProtection().SetApplicationName("tdmp");
services.AddOptions<KeyManagementOptions>()
    .Configure<NpgsqlDataSource, KeyFile>((options, db, key) =>
    {
        options.XmlRepository = new DatabaseXmlRepository(db);
        options.XmlEncryptor = new KeyFileXmlEncryptor(key);
    });
services.AddMediator(options =>
{
    options.ServiceLifetime = ServiceLifetime.Scoped;
    options.Assemblies = [typeof(ICurrentUser)];
    // Outermost first; each passes queries through (docs/ARCHITECTURE.md: the command pipeline).
    options.PipelineBehaviors = [typeof(CommandValidation<,>), typeof(CommandTransaction<,>), typeof(CommandAudit<,>)];
});
services.AddCommandPipeline();
services.AddTdmpAuthentication();
// Behind a load balancer the client address comes from X-Forwarded-For, trusted only from the proxies named in
// ForwardedHeaders__KnownProxies__0.. (loopback by default): rate limits and the audit log need the real address.
services.Configure<ForwardedHeadersOptions>(options =>
{
    options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
    foreach (var proxy in configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
        options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
});
services.AddExceptionHandler<ApiExceptionHandler>();
services.AddProblemDetails();
services.AddFastEndpoints(o => o.Assemblies = [typeof(ICurrentUser).Assembly, typeof(Program).Assembly]);
services.SwaggerDocument(o =>
{
    o.DocumentSettings = s =>
    {
        s.DocumentName = "v1";
        s.Title = "TDMP: Test Data Management Platform";
        s.Version = "v1";
        s.Description = "Upload XSD and JSON Schema files, narrow them with constraint sets, and generate valid synthetic datasets. "
            + "Log in with `POST /users/token` and send the token as `Authorization: Bearer <token>`, or create a personal "
            + "access token for CI with `POST /users/me/tokens` and send that (`Bearer tdmp_pat_...`). The create endpoints "
            + "take an optional `Idempotency-Key` header that makes retries safe.";
        s.OperationProcessors.Add(new IdempotencyKeyDocumentation());
    };
    o.ShortSchemaNames = true;
    o.AutoTagPathSegmentIndex = 1;
    o.SerializerSettings = s =>
    {
        s.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        s.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        UtcSecondsJson.AddTo(s);
    };
});

var app = builder.Build();

// Migrations, the signing key and the first superuser come before anything serves a request (app.Run starts serving).
// They run after Build(), so they see the host's whole configuration and services, also what a test host sets.
var keyFile = app.Services.GetRequiredService<KeyFile>();
await DatabaseMigrations.ApplyAsync(connectionString, app.Logger, async connection =>
{
    signingKey = await FirstRunSetup.SigningKeyAsync(connection, authOptions, keyFile);
    await FirstRunSetup.CreateFirstSuperuserAsync(connection, app.Configuration, app.Services.GetRequiredService<PasswordHasher>(), app.Logger);
});

app.UseForwardedHeaders();
app.UseExceptionHandler();
// Empty error responses (unknown route, wrong method) get the same problem body as every other error.
app.UseStatusCodePages(async context =>
{
    var http = context.HttpContext;
    if (http.Response.HasStarted || http.Response.ContentLength > 0 || !string.IsNullOrEmpty(http.Response.ContentType)) return;
    var status = http.Response.StatusCode;
    await ProblemResponses.WriteAsync(http, status, status switch
    {
        404 => $"No endpoint serves {http.Request.Method} {http.Request.Path}; see /api/reference.",
        405 => $"{http.Request.Method} is not allowed on {http.Request.Path}.",
        415 => RequestShapeCheck.UnsupportedContentType(http),
        _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
    });
});
// NUL characters and oversized forms: refused once here, for every endpoint (issue 13).
app.UseMiddleware<RequestInputGuard>();
app.UseAuthentication();
// Every response: no MIME sniffing; an authenticated one is also never stored by a browser or proxy cache.
app.Use((context, nextMiddleware) =>
{
    context.Response.OnStarting(() =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        if (context.User.Identity?.IsAuthenticated == true && string.IsNullOrEmpty(headers.CacheControl)) headers.CacheControl = "no-store";
        return Task.CompletedTask;
    });
    return nextMiddleware(context);
});
app.UseAuthorization();
app.UseMiddleware<RequestShapeCheck>();
// After authentication (keys belong to a user) and the request's shape check, before the endpoints it guards.
app.UseMiddleware<IdempotencyKeys>();
app.UseFastEndpoints(c =>
{
    c.Serializer.Options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
    c.Serializer.Options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
    UtcSecondsJson.AddTo(c.Serializer.Options);
    // A field the endpoint does not take is refused, never silently dropped (e.g. a role in a settings update).
    c.Serializer.Options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    c.Binding.UsePropertyNamingPolicy = true;
    c.Binding.JsonExceptionTransformer = JsonBodyErrors.ToFailure;
    c.Serializer.Options.Converters.Add(new JsonBodyErrors.FormFileConverter());
    c.Serializer.Options.TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver
    {
        Modifiers = { JsonBodyErrors.RequireNumbersWithoutDefault },
    };
    c.Binding.FailureMessage = (type, _, value) => $"'{value}' is not a valid {ProblemResponses.TypeName(type)}.";
    c.Security.RoleClaimType = TdmpClaims.Role;
    c.Errors.StatusCode = StatusCodes.Status422UnprocessableEntity;
    c.Errors.ContentType = ProblemResponses.ContentType;
    c.Errors.ProducesMetadataType = typeof(Microsoft.AspNetCore.Mvc.ProblemDetails);
    c.Errors.ResponseBuilder = ProblemResponses.FromValidationFailures;
});
// The document is NSwag's, made into the contract by OpenApiContract's conventions once, on the first request.
var openApiDocument = new Lazy<Task<string>>(async () => OpenApiContract.Process(
    (await app.Services.GetRequiredService<NSwag.Generation.IOpenApiDocumentGenerator>().GenerateAsync("v1")).ToJson(),
    OpenApiContract.EndpointTypes(typeof(ICurrentUser).Assembly, typeof(Program).Assembly)));
app.MapGet("/openapi/v1.json", async () => Results.Text(await openApiDocument.Value, "application/json"))
    .ExcludeFromDescription().AllowAnonymous();
// The reference works on a machine without internet: its script is served from this package, the fonts are the
// browser's own, and the controls that need an outside service (the AI agent, MCP, client SDK generation, the
// developer toolbar with sharing and deploying, telemetry) are off. "Try it" logs in with the OAuth2 password flow.
app.MapScalarApiReference("/api/reference", o => o
    .WithTitle("TDMP API reference")
    .WithOpenApiRoutePattern("/openapi/v1.json")
    .DisableDefaultFonts()
    .DisableTelemetry()
    .DisableAgent()
    .DisableMcp()
    .HideDeveloperTools()
    .HideClientButton()
    .AddPreferredSecuritySchemes(["OAuth2"]));

app.Run();

/// <summary>The host; public so that the integration tests can start it with WebApplicationFactory.</summary>
public partial class Program;
