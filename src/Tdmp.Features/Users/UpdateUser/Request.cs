using FastEndpoints;

namespace Tdmp.Features.Users.UpdateUser;

/// <summary>The fields to change; a field left out (or null) stays as it is.</summary>
public sealed class UpdateUserRequest
{
    /// <summary>From the route.</summary>
    [RouteParam, BindFrom("user_id")] public long UserId { get; init; }
    /// <summary>tester, manager, admin or superuser (admins grant up to admin).</summary>
    public string? Role { get; init; }
    /// <summary>false deactivates the user (its tokens stop working at once); true reactivates.</summary>
    public bool? IsActive { get; init; }
    /// <summary>Display name; an empty string clears it.</summary>
    public string? FullName { get; init; }

    public sealed class Validator : Validator<UpdateUserRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Role).Must(role => TenantRoles.TryParse(role, out _)).When(r => r.Role is not null)
                .WithMessage("The role is one of " + string.Join(", ", TenantRoles.AllNames) + ".");
            RuleFor(r => r.FullName).MaximumLength(200);
        }
    }
}
