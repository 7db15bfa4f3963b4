using FastEndpoints;
using Tdmp.Generation.Constraints;

namespace Tdmp.Features.Constraints.CreateConstraintSet;

public sealed class CreateConstraintSetRequest : Mediator.ICommand<ConstraintSetResponse>
{
    public string Name { get; init; } = "";
    public long SchemaId { get; init; }
    public string? Description { get; init; }
    public List<ConstraintRule> Rules { get; init; } = [];

    public sealed class Validator : Validator<CreateConstraintSetRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.SchemaId).GreaterThan(0);
            RuleFor(r => r.Description).MaximumLength(2000);
            RuleFor(r => r.Rules).NotNull().Must(r => r.Count <= 1000).WithMessage("At most 1000 rules.");
            RuleForEach(r => r.Rules).ChildRules(rule => rule.RuleFor(x => x.Field).NotEmpty());
        }
    }
}
