using FluentValidation.Results;

namespace Tdmp.Features.Common.Pipeline;

// The cross-cutting work of every command, done once here instead of in each handler. Mediator runs the behaviours in
// the order Program.cs registers them: validation, then the transaction, then the audit, then the handler. Queries
// pass through all three untouched.

/// <summary>
/// Validates a command with the FluentValidation validators registered for its type, when it was sent outside an HTTP
/// request (a job, the worker, a test through <see cref="IMediator"/>), and throws <see cref="ValidationException"/>
/// naming the fields as a client does. HTTP requests are validated once, by FastEndpoints, before the endpoint sends
/// its command: with the same validators, into the 400/422 problem details clients know.
/// </summary>
public sealed class CommandValidation<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators, IHttpContextAccessor http)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
    {
        if (message is IBaseCommand && http.HttpContext is null)
        {
            var failures = new List<ValidationFailure>();
            foreach (var validator in validators)
                failures.AddRange((await validator.ValidateAsync(message, ct)).Errors);
            if (failures.Count > 0) throw new ValidationException(failures);
        }
        return await next(message, ct);
    }
}

/// <summary>Runs a command in its <see cref="UnitOfWork"/>: committed when the handler returns, rolled back when it
/// throws, then the actions it asked to run after the commit.</summary>
public sealed class CommandTransaction<TMessage, TResponse>(UnitOfWork work) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
        => message is IBaseCommand ? work.RunAsync(() => next(message, ct), ct) : next(message, ct);
}

/// <summary>Writes the audit entries the command's handler declared (<see cref="AuditTrail.Record"/>), in the command's
/// transaction, after the handler succeeded; a handler that throws leaves no audit row.</summary>
public sealed class CommandAudit<TMessage, TResponse>(AuditTrail audit, UnitOfWork work) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
    {
        if (message is not IBaseCommand) return await next(message, ct);
        TResponse response;
        try
        {
            response = await next(message, ct);
        }
        catch
        {
            audit.Discard();
            throw;
        }
        if (audit.HasDeclared)
        {
            var (connection, transaction) = await work.BeginAsync(ct);
            await audit.WriteDeclaredAsync(connection, transaction, ct);
        }
        return response;
    }
}
