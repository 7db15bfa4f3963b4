using FastEndpoints;
using Tdmp.Features.Common.Auth;

namespace Tdmp.Features.Users.CreateUser;

public sealed class CreateUserRequest
{
    /// <summary>Login name, unique across all tenants regardless of case: letters, digits, <c>. _ - @</c>.</summary>
    public string Username { get; init; } = "";
    public string Email { get; init; } = "";
    /// <summary>tester, manager, admin or superuser; at most the caller's own grant (see the description).</summary>
    public string Role { get; init; } = "";
    public string? FullName { get; init; }
    /// <summary>Set the password now; leave it out to invite the user with a single-use token instead.</summary>
    public string? Password { get; init; }
    /// <summary>Superusers only: the tenant of the new user (default: the caller's).</summary>
    public long? TenantId { get; init; }

    public sealed class Validator : Validator<CreateUserRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Username).NotEmpty().MaximumLength(150)
                .Matches("^[A-Za-z0-9._@-]+$").WithMessage("A username has letters, digits and . _ - @ only.");
            RuleFor(r => r.Email).NotEmpty().MaximumLength(254).EmailAddress();
            RuleFor(r => r.Role).Must(role => TenantRoles.TryParse(role, out _))
                .WithMessage("The role is one of " + string.Join(", ", TenantRoles.AllNames) + ".");
            RuleFor(r => r.FullName).MaximumLength(200);
            RuleFor(r => r.Password).MeetsPasswordPolicy(r => r.Username).When(r => r.Password is not null);
            RuleFor(r => r.TenantId).GreaterThan(0);
        }
    }
}

/// <summary>The new user; for an invitation also the token (shown this once) and when it expires.</summary>
public sealed record CreatedUser : UserView
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? InvitationToken { get; init; }
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? InvitationExpiresAt { get; init; }
}
