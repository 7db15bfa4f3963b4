using FastEndpoints;
using Tdmp.Generation.Constraints;

namespace Tdmp.Features.Constraints.UpdateConstraintSet;

public sealed class UpdateConstraintSetRequest : Mediator.ICommand<ConstraintSetResponse>
{
    public long ConstraintSetId { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    /// <summary>The new rules; they replace the old ones as a new version.</summary>
    public List<ConstraintRule> Rules { get; init; } = [];

    public sealed class Validator : Validator<UpdateConstraintSetRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200).When(r => r.Name is not null);
            RuleFor(r => r.Description).MaximumLength(2000);
            RuleFor(r => r.Rules).NotNull().Must(r => r.Count <= 1000).WithMessage("At most 1000 rules.");
            RuleForEach(r => r.Rules).ChildRules(rule => rule.RuleFor(x => x.Field).NotEmpty());
        }
    }
}
