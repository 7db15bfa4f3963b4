using FastEndpoints;

namespace Tdmp.Features.Settings.UpdateSettings;

/// <summary>The settings to change; a field left out (or null) stays as it is.</summary>
public sealed class UpdateSettingsRequest
{
    /// <summary>Display name; an empty string clears it.</summary>
    public string? FullName { get; init; }
    /// <summary>The same as <c>full_name</c> (the overview's word); send one of the two.</summary>
    public string? Name { get; init; }
    /// <summary>light, dark or system.</summary>
    public string? Theme { get; init; }

    public sealed class Validator : Validator<UpdateSettingsRequest>
    {
        public Validator()
        {
            RuleFor(r => r.FullName).MaximumLength(200);
            RuleFor(r => r.Name).MaximumLength(200);
            RuleFor(r => r.Name).Null().When(r => r.FullName is not null && r.FullName != r.Name)
                .WithMessage("Send the display name as name or as full_name, not both with different values.");
            RuleFor(r => r.Theme).Must(theme => SettingsView.Themes.Contains(theme)).When(r => r.Theme is not null)
                .WithMessage("The theme is light, dark or system.");
        }
    }
}
