using NJsonSchema;
using NSwag;
using NSwag.Generation.AspNetCore;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;
using Tdmp.Features.Common;

namespace Tdmp.Api.Hosting;

/// <summary>Documents the optional <c>Idempotency-Key</c> header on every endpoint marked with <see cref="AcceptsIdempotencyKey"/>.</summary>
public sealed class IdempotencyKeyDocumentation : IOperationProcessor
{
    public bool Process(OperationProcessorContext context)
    {
        if (context is AspNetCoreOperationProcessorContext aspNet
            && aspNet.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<AcceptsIdempotencyKey>().Any())
            context.OperationDescription.Operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyKeys.Header,
                Kind = OpenApiParameterKind.Header,
                IsRequired = false,
                Description = "Makes a retry safe: the same key and request from the same user within 24 hours answers the first "
                    + "(successful) response again, with the header `Idempotent-Replayed: true`, and creates nothing twice, also when "
                    + "both requests arrive at once on different nodes. The same key with another body or endpoint is `422`. "
                    + "1 to 255 characters, e.g. a UUID per logical request. Failed requests are not remembered.",
                Schema = new JsonSchema { Type = JsonObjectType.String, MinLength = 1, MaxLength = IdempotencyKeys.MaxKeyLength },
                Example = "8e0f6a52-3c1d-4b7e-9f2a-5d6c7b8a9e01",
            });
        return true;
    }
}
