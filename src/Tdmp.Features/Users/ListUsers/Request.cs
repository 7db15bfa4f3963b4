using FastEndpoints;

namespace Tdmp.Features.Users.ListUsers;

public sealed class ListUsersRequest : PageRequest
{
    /// <summary>Part of the username or full name (and, for admins and superusers, the e-mail address), case-insensitive.</summary>
    [QueryParam] public string? Q { get; init; }
    /// <summary>Only users with this role: tester, manager, admin or superuser.</summary>
    [QueryParam] public string? Role { get; init; }
    /// <summary>Only active (true) or only inactive (false) users.</summary>
    [QueryParam] public bool? IsActive { get; init; }
    /// <summary>Only users of this tenant; for anyone but a superuser only the caller's own tenant has users to list.</summary>
    [QueryParam] public long? TenantId { get; init; }

    public sealed class Validator : Validator<ListUsersRequest>
    {
        public Validator()
        {
            Include(new PageRequestRules());
            RuleFor(r => r.Q).MaximumLength(200);
            RuleFor(r => r.Role).Must(role => TenantRoles.TryParse(role, out _)).When(r => r.Role is not null)
                .WithMessage("The role is one of " + string.Join(", ", TenantRoles.AllNames) + ".");
        }
    }
}
