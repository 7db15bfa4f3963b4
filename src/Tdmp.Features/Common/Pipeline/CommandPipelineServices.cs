using Microsoft.Extensions.DependencyInjection;

namespace Tdmp.Features.Common.Pipeline;

public static class CommandPipelineServices
{
    /// <summary>The behaviours' services: the unit of work of each scope and the validators of the commands, so that
    /// a command sent outside HTTP is validated with the validators FastEndpoints runs on a request.</summary>
    public static IServiceCollection AddCommandPipeline(this IServiceCollection services)
    {
        services.AddScoped<UnitOfWork>();
        foreach (var type in typeof(UnitOfWork).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }))
            foreach (var validated in type.GetInterfaces()
                         .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>))
                         .Select(i => i.GetGenericArguments()[0])
                         .Where(t => typeof(IBaseCommand).IsAssignableFrom(t)))
                services.AddSingleton(typeof(IValidator<>).MakeGenericType(validated), type);
        return services;
    }
}
