using Tdmp.Generation.Values;

namespace Tdmp.Generation.Engine;

/// <summary>
/// Makes records (and file envelopes) of a plan into a worker's <see cref="GenerationScope"/>.
/// One engine per worker thread; record <c>i</c> depends only on the plan, the seed and <c>i</c>.
/// </summary>
public sealed partial class RecordEngine
{
    private readonly GenerationPlan _plan;
    private readonly GenerationScope _scope;
    private readonly int[] _occurrences;
    private readonly List<int> _touched = [];
    private readonly List<int> _deferred = [];
    private readonly IndexPermutation?[] _permutations;
    // Per node: the key of its value stream (seed and path) and how many values it has made in this record.
    private readonly ulong[] _fieldKeys;
    private readonly int[] _fieldOccurrences;
    private readonly List<int> _fieldTouched = [];
    // The stream the record's country is drawn from: its own, so adding a field changes no record's country.
    private readonly ulong _countryKey;
    // Back-edges the current chain may still follow, and how many object levels deeper than compiled the content being
    // made lies (the shifts of the back-edges followed): what bounds recursion while a record is made.
    private int _remaining;
    private int _depthOffset;
    private readonly int _depthLimit;
    // Per unique slot counted within a scope (PlanNode.UniqueCountedIn): the fields made so far in the scope's current instance.
    private readonly int[] _countsInScope;
    private readonly bool _xsd;

    public RecordEngine(GenerationPlan plan, long seed, bool german)
    {
        _plan = plan;
        _scope = new GenerationScope(plan, seed) { German = german };
        _occurrences = new int[plan.Nodes.Count];
        _permutations = new IndexPermutation?[plan.UniqueSlots];
        _countsInScope = new int[plan.UniqueSlots];
        _scope.Permutations = _permutations;
        _fieldKeys = new ulong[plan.Nodes.Count];
        _fieldOccurrences = new int[plan.Nodes.Count];
        foreach (var node in plan.Nodes) _fieldKeys[node.Id] = RecordRandom.FieldKey(seed, node.PathHash);
        _countryKey = RecordRandom.FieldKey(seed, RecordRandom.PathHash("#country"));
        _depthLimit = plan.DepthLimit ?? int.MaxValue / 2; // above any DepthCut below Endless plus a shift
        _xsd = plan.Language == Schema.SchemaLanguage.Xsd;
        _remadeElsewhere = new bool[plan.Nodes.Count];
        _keyTargets = new bool[plan.Nodes.Count];
        foreach (var node in plan.Nodes)
        {
            foreach (var b in (NodeBehavior[])[node.Behavior, .. node.Variants?.Select(v => v.Behavior) ?? []])
            {
                if (b.Generator is ReferenceValueGenerator { ReadsOtherRecords: true, Target: { } target }) _remadeElsewhere[target.Id] = true;
                if (b.Generator is ReferenceValueGenerator { Keyref: { } keyref }) foreach (var t in keyref.Targets) _keyTargets[t.Id] = true;
            }
            Prepare(node.Behavior, node.Id);
            if (node.Variants is { } variants) foreach (var v in variants) Prepare(v.Behavior, node.Id);
        }
        void Prepare(NodeBehavior b, int nodeId)
        {
            if (b.UniqueSlot < 0 || b.Generator is null) return;
            var domain = b.Generator.UniqueDomain;
            // Small domains are permuted so unique values look random; huge ones (suffixes, IDs) use the key as it is. Nodes
            // sharing a slot (lanes) share the permutation of the smallest domain among them, so it maps into every one's.
            if (domain <= ulong.MaxValue && domain > 0 && !(_permutations[b.UniqueSlot] is { } shared && shared.Domain <= (ulong)domain))
                _permutations[b.UniqueSlot] = new IndexPermutation((ulong)domain, seed, RecordRandom.FieldKey(seed, plan.Nodes[nodeId].PathHash));
        }
    }

    public GenerationScope Scope => _scope;

    /// <summary>Checked inside long repetitions, so a cancelled run stops within one record however large it is.</summary>
    public CancellationToken Cancellation { get; set; }
    public RecordBuffer Buffer => _scope.Buffer;

    /// <summary>Makes record <paramref name="index"/> of file <paramref name="envelope"/> into <see cref="Buffer"/>.</summary>
    public void MakeRecord(long index, FileEnvelope? envelope, long fileFirstRecord)
    {
        _scope.RecordIndex = index;
        _scope.Envelope = envelope;
        _scope.FileIndex = envelope?.FileIndex ?? 0;
        _scope.FileFirstRecord = fileFirstRecord;
        _scope.InEnvelope = false;
        _forced.Clear();
        try
        {
            // Round 0 is the record as it always was; a later round (a check on a deferred value failed) draws anew.
            MakeInRounds(_plan.Record, index, static round => round == 0 ? 0 : RoundStream + (ulong)round, redrawFailedChecks: true);
        }
        catch (RecordTooLargeException e) when (e.NodePath is null)
        {
            throw new RecordTooLargeException(e.Limit, GrowingPath());
        }
    }

    /// <summary>
    /// Makes <paramref name="root"/> (a record, or a file's envelope) into <see cref="Buffer"/> from the random stream
    /// of <paramref name="index"/>, drawn anew while a keyref found no key value it may take (<see cref="Omit"/>) and,
    /// with <paramref name="redrawFailedChecks"/>, while a check on a deferred value failed or a required value ran out
    /// of draws; each round reads <paramref name="streamOfRound"/>. The last of <see cref="RecordRounds"/> rounds, or a
    /// failure that is not drawn again, fails the dataset naming the node.
    /// </summary>
    private void MakeInRounds(PlanNode root, long index, Func<int, ulong> streamOfRound, bool redrawFailedChecks)
    {
        for (_round = 0; ; _round++)
        {
            Begin();
            _scope.Country = CountryOf(index);
            var rng = new RecordRandom(_scope.Seed, index, streamOfRound(_round));
            var last = _round == RecordRounds - 1;
            Emit(root, ref rng, forcePresent: true);
            if (_spent is { } spent)
            {
                if (last || !redrawFailedChecks) throw BudgetSpent(spent.Node);
                continue;
            }
            var failed = ResolveDeferredChecked(ref rng);
            // No more rounds: a value that still fails its check is left out where the schema allows.
            if (failed is not null && (last || !redrawFailedChecks)) failed = OmitFailing();
            if (failed is null && _unresolved is null)
            {
                RemoveOmitted();
                return;
            }
            if (failed is { } check && (last || !redrawFailedChecks)) throw Unsatisfied(check);
            if (last) throw UnresolvedKeyref(_unresolved!);
        }
    }

    /// <summary>Where a record outgrew its budget: the value being made, else the innermost open array or object.</summary>
    private string? GrowingPath()
    {
        var tokens = Buffer.Tokens;
        if (tokens.Length == 0) return null;
        if (tokens[^1].Kind == TokenKind.Value && tokens[^1].NodeId >= 0) return _plan.Nodes[tokens[^1].NodeId].Path;
        var depth = 0;
        for (var i = tokens.Length - 1; i >= 0; i--)
        {
            var kind = tokens[i].Kind;
            if (kind is TokenKind.EndArray or TokenKind.EndObject) depth++;
            else if (kind is TokenKind.StartArray or TokenKind.StartObject && depth-- == 0 && tokens[i].NodeId >= 0)
                return _plan.Nodes[tokens[i].NodeId].Path;
        }
        return null;
    }

    /// <summary>Makes the content around the records of file <paramref name="fileIndex"/> (records
    /// <paramref name="firstRecord"/> on, <paramref name="recordCount"/> of them); null when the plan has none.</summary>
    public FileEnvelope? MakeEnvelope(int fileIndex, long firstRecord, long recordCount)
    {
        if (_plan.Envelope is null) return null;
        _scope.RecordIndex = -1 - fileIndex;
        _scope.FileIndex = fileIndex;
        _scope.FileFirstRecord = firstRecord;
        _scope.FileRecordCount = recordCount;
        _scope.Envelope = null;
        _scope.InEnvelope = true;
        _forced.Clear();
        // Only a keyref that found no key value draws the envelope anew; a failing check has had its redraws.
        MakeInRounds(_plan.Envelope, long.MinValue + fileIndex, static round => 0xE7E1 + (ulong)round, redrawFailedChecks: false);
        // The envelope keeps its own copy: the scope's buffer is reused for records.
        var copy = new RecordBuffer();
        var marker = -1;
        var ids = new List<int>();
        var tokens = Buffer.Tokens;
        for (var i = 0; i < tokens.Length; i++)
        {
            var t = tokens[i];
            if (t.NodeId == MarkerNodeId) marker = copy.Add(TokenKind.StartArray, MarkerNodeId);
            else
            {
                var idx = copy.CopyToken(Buffer, t);
                if (t.Kind == TokenKind.Value && _plan.Nodes[t.NodeId].Source?.XsdType == "ID") ids.Add(idx);
            }
        }
        _scope.InEnvelope = false;
        return new FileEnvelope(fileIndex, copy, marker, [.. ids]);
    }

    private Country CountryOf(long index)
    {
        var rng = RecordRandom.ForField(_countryKey, index, 0);
        return Countries.Pick(ref rng, _scope.German, _plan.Iban.RecordsNeedIban);
    }

    /// <summary>The country of record <paramref name="index"/>, without an engine (values of other records).</summary>
    private static Country CountryOf(GenerationScope scope, long index)
    {
        var rng = RecordRandom.ForField(RecordRandom.FieldKey(scope.Seed, RecordRandom.PathHash("#country")), index, 0);
        return Countries.Pick(ref rng, scope.German, scope.Plan.Iban.RecordsNeedIban);
    }

    /// <summary>The node id of the token that marks where records go inside an envelope.</summary>
    public const int MarkerNodeId = -2;

    private void Begin()
    {
        Buffer.Clear();
        _scope.IdOrdinal = 0;
        foreach (var id in _touched) _occurrences[id] = 0;
        _touched.Clear();
        foreach (var id in _fieldTouched) _fieldOccurrences[id] = 0;
        _fieldTouched.Clear();
        _deferred.Clear();
        _remaining = _plan.RecursionBound;
        _depthOffset = 0;
        _pending.Clear();
        _undecidedOrdinal = 0;
        Redraws = 0;
        NestedRedraws = 0;
        _redrawNesting = 0;
        _spent = null;
    }

    /// <summary>How many values of the current record were drawn again (a check failed, an item repeated, a oneOf value
    /// matched another alternative): tests read it to see that a record's draws stay bounded.</summary>
    internal int Redraws { get; private set; }

    /// <summary>Redraws of a choice value matching another alternative, of a repeated array item or of a value failing its
    /// check (<c>not</c>, if/then/else), made inside a value that such a loop is drawing, past which such a draw is kept (as
    /// after the loop's own last attempt; a failing check's value is left out or the record drawn anew, never written). Each loop is
    /// bounded, but a loop inside another's value (a recursion nesting a choice at every level) multiplies: 64 draws a
    /// level, minutes for one record. Loops at the outermost level are not counted: they cost linearly.</summary>
    internal const int RedrawBudget = 1 << 16;

    /// <summary>Redraws of the current record made inside a value another redraw loop is drawing.</summary>
    internal int NestedRedraws { get; private set; }
    private int _redrawNesting;
    private bool OverBudget => _redrawNesting > 0 && NestedRedraws >= RedrawBudget;

    private void Count()
    {
        Redraws++;
        if (_redrawNesting > 0) NestedRedraws++;
    }

    private NodeBehavior Select(PlanNode node, int near)
    {
        if (node.Variants is not { } variants) return node.Behavior;
        foreach (var v in variants)
        {
            var token = RecordLookup.Find(_scope, v.Field.Id, near);
            if (token >= 0 && Buffer.Text(Buffer.Token(token)).SequenceEqual(v.EqualsText)) return v.Behavior;
        }
        return node.Behavior;
    }

    /// <param name="content">The content of a recursion's target: its presence and null were decided by the recursion node
    /// (XSD: the element's own nillable; JSON: the target's, as the marker has none of its own).</param>
    private void Emit(PlanNode node, ref RecordRandom rng, bool forcePresent = false, bool content = false)
    {
        if (node.Checks is not null) EmitChecked(node, ref rng, forcePresent, content);
        else EmitUnchecked(node, ref rng, forcePresent, content);
    }

    private void EmitUnchecked(PlanNode node, ref RecordRandom rng, bool forcePresent, bool content = false)
    {
        // The place of the records in an envelope is always there, even where the depth cut leaves out optional content
        // (IndoorGML's IndoorFeatures, whose last repeating child, gml:name, is optional and where GML's recursion cuts).
        if (_scope.InEnvelope && ReferenceEquals(node, _plan.RecordArray))
        {
            Buffer.Add(TokenKind.StartArray, MarkerNodeId);
            return;
        }
        var behavior = node.Variants is null ? node.Behavior : Select(node, Buffer.TokenCount);
        // Recursion past its bound, or content deeper than max_depth inside it: an optional step is left out. Always false in
        // a plan without back-edges (MinBackEdges 0, and the compiler already cut what lies too deep).
        if (!forcePresent && (node.UsefulBackEdges > _remaining || node.CutByDepth(_depthOffset, _depthLimit))
            && node.LeftOutWhenCut(behavior)) return;
        if (!forcePresent && !node.Required
            && !rng.Chance(_sparse && behavior.PresentRate == PlanCompiler.OptionalPresentRate ? SparsePresentRate : behavior.PresentRate))
            return;
        // A deferred value decides on null when it is made (its when-variant is known only then): once, not here too.
        if (node.Nullable && !node.Deferred && !(content && _xsd) && rng.Chance(behavior.NullRate))
        {
            Buffer.Add(TokenKind.Null, node.Id);
            return;
        }
        switch (node.Kind)
        {
            case PlanNodeKind.Object:
                if (node.CountsOccurrences && _occurrences[node.Id]++ == 0) _touched.Add(node.Id);
                if (node.ResetsUniqueCounts is { } slots) foreach (var slot in slots) _countsInScope[slot] = 0;
                Buffer.Add(TokenKind.StartObject, node.Id);
                if (node.Conditionals is null && node.NotAllPresent is null) foreach (var child in node.Children) Emit(child, ref rng);
                else EmitConditionalChildren(node, ref rng);
                Buffer.Add(TokenKind.EndObject, node.Id);
                break;
            case PlanNodeKind.Group:
                {
                    var times = node.MinRepeat == node.MaxRepeat ? node.MinRepeat : rng.NextInt(node.MinRepeat, node.MaxRepeat);
                    for (var r = 0; r < times; r++)
                    {
                        if ((r & 1023) == 1023) Cancellation.ThrowIfCancellationRequested();
                        foreach (var child in node.Children) Emit(child, ref rng);
                    }
                    break;
                }
            case PlanNodeKind.Array:
                EmitArray(node, behavior, ref rng);
                break;
            case PlanNodeKind.Choice:
                {
                    var times = node.MinRepeat == node.MaxRepeat ? node.MinRepeat : rng.NextInt(node.MinRepeat, node.MaxRepeat);
                    for (var r = 0; r < times; r++)
                    {
                        if (node.CheckBranchOverlap) EmitExclusiveBranch(node, ref rng);
                        else
                        {
                            var pick = node.Children.Length == 1
                                ? 0
                                : _plan.Iban.Branch(node, rng.NextInt(node.Children.Length), _scope.Country, ref rng);
                            if (node.Children[pick].MinBackEdges > _remaining) pick = FittingBranch(node, pick, ref rng);
                            Emit(node.Children[pick], ref rng, forcePresent: true);
                        }
                    }
                    break;
                }
            case PlanNodeKind.Recursion:
                EmitRecursion(node, ref rng);
                break;
            case PlanNodeKind.Reuse:
                EmitTarget(node, ref rng);
                break;
            default:
                EmitScalar(node, behavior);
                break;
        }
    }

    /// <summary>An alternative that ends within the recursions still allowed, drawn among those that do (the drawn
    /// <paramref name="pick"/> when none does: the compiler refuses such a record).</summary>
    private int FittingBranch(PlanNode choice, int pick, ref RecordRandom rng)
    {
        var fitting = 0;
        foreach (var c in choice.Children) if (c.MinBackEdges <= _remaining) fitting++;
        if (fitting == 0) return pick;
        var n = rng.NextInt(fitting);
        for (var i = 0; i < choice.Children.Length; i++)
            if (choice.Children[i].MinBackEdges <= _remaining && n-- == 0) return i;
        return pick;
    }

    /// <summary>
    /// A back-edge: the target's content over again, one recursion less allowed below it and its object levels shifted by
    /// the edge's depth. The content's outermost tokens are written under this node's name (an XSD element of its own
    /// name and namespace, a JSON property); the tokens inside are the target's nodes, so one plan node serves every level.
    /// </summary>
    private void EmitRecursion(PlanNode node, ref RecordRandom rng)
    {
        // Only a required recursion past the bound gets here, which the compiler refuses at the record.
        if (_remaining <= 0) return;
        _remaining--;
        EmitTarget(node, ref rng);
        _remaining++;
    }

    /// <summary>The content of a recursion's or reuse's target, its object levels shifted by the node's depth, its outermost
    /// tokens named by the node.</summary>
    private void EmitTarget(PlanNode node, ref RecordRandom rng)
    {
        var offset = _depthOffset;
        _depthOffset += node.DepthShift;
        var start = Buffer.TokenCount;
        Emit(node.Target!, ref rng, forcePresent: true, content: true);
        if (Buffer.TokenCount > start)
        {
            Buffer.SetName(start, node.Id);
            if (Buffer.Token(start).Kind is TokenKind.StartObject or TokenKind.StartArray) Buffer.SetName(Buffer.TokenCount - 1, node.Id);
        }
        _depthOffset = offset;
    }

    /// <summary>Makes a branch's value that no other branch accepts (oneOf), redrawing a few times before keeping the last.</summary>
    private void EmitExclusiveBranch(PlanNode choice, ref RecordRandom rng)
    {
        const int Attempts = 64;
        for (var attempt = 0; ; attempt++)
        {
            var mark = Mark();
            var tokenMark = mark.Tokens;
            var pick = _plan.Iban.Branch(choice, rng.NextInt(choice.Children.Length), _scope.Country, ref rng);
            if (choice.Children[pick].MinBackEdges > _remaining) pick = FittingBranch(choice, pick, ref rng);
            var branch = choice.Children[pick];
            _redrawNesting++;
            Emit(branch, ref rng, forcePresent: true);
            _redrawNesting--;
            if (Buffer.TokenCount == tokenMark) return;
            var last = attempt == Attempts - 1 || OverBudget;
            // A value with a part made later is checked against the other branches once that part is made; the last draw
            // is checked with the record, which is drawn again (or refused) rather than written while it matches another
            // branch too. Where only the facts' test is known, the last draw is kept: that test may be wrong, never the value.
            if (branch.Exclusion is not null && (last || HasUnmade(tokenMark, Buffer.TokenCount)))
            {
                _pending.Add(new PendingCheck(PendingKind.Exclusion, branch, tokenMark, Buffer.TokenCount, null, false, 0));
                return;
            }
            if (last || !MatchesAnotherBranch(choice, pick, tokenMark)) return;
            Count();
            Rollback(mark);
        }
    }

    private bool MatchesAnotherBranch(PlanNode choice, int pick, int valueToken)
    {
        // The branches' own schemas decide exactly where the repr has them; the facts' test is the fallback.
        if (choice.Children[pick].Exclusion is { } exclusion) return exclusion.Passes(Buffer, valueToken, Buffer.TokenCount, _plan.Nodes);
        for (var i = 0; i < choice.Children.Length; i++)
            if (i != pick && choice.Children[i].Source is { } other
                && BranchOverlap.MayMatch(other, Buffer, valueToken, _plan.Nodes, _plan.ContentOf))
                return true;
        return false;
    }

    private void EmitConditionalChildren(PlanNode node, ref RecordRandom rng)
    {
        var objectStart = Buffer.TokenCount;
        var conditionals = node.Conditionals ?? [];
        Span<sbyte> results = stackalloc sbyte[conditionals.Length];
        results.Clear();
        var children = node.Children;
        Span<bool> leftOut = stackalloc bool[node.NotAllPresent is null ? 0 : children.Length];
        if (node.NotAllPresent is { } groups)
        {
            leftOut.Clear();
            // not: {required: [...]}: one optional member of each group stays out of this record.
            foreach (var group in groups)
            {
                var optional = 0;
                foreach (var i in group) if (!children[i].Required) optional++;
                if (optional == 0) continue;
                var pick = rng.NextInt(optional);
                foreach (var i in group)
                    if (!children[i].Required && pick-- == 0) leftOut[i] = true;
            }
        }
        var presence = node.Presence;
        Span<int> firstHolder = presence is null ? default : children.Length <= 256 ? stackalloc int[children.Length] : new int[children.Length];
        firstHolder.Fill(-1);
        var lead = presence?.DrawLead(ref rng) ?? -1;
        for (var i = 0; i < children.Length; i++)
        {
            if (leftOut.Length > 0 && leftOut[i]) continue;
            var dependency = presence?.TriggerOf(i) ?? -1;
            // A schema dependency whose narrowing the property's made value would not satisfy: its trigger stays out.
            if (dependency >= 0 && !presence!.MayHold(dependency, lead, firstHolder)) continue;
            var before = Buffer.TokenCount;
            PlanNode? replacement = null;
            var sides = 0;
            var madeFirst = false;
            for (var c = 0; c < conditionals.Length && (replacement is null || presence is null); c++)
            {
                var cond = conditionals[c];
                var inThen = i < cond.Then.Length ? cond.Then[i] : null;
                var inElse = i < cond.Else.Length ? cond.Else[i] : null;
                if (inThen is null && inElse is null) continue;
                // Past the first, only a conditional whose if reads siblings already made is decided here (gaspar's ifs
                // test the very property their thens replace, absent yet: each would hold).
                if (replacement is not null && !TestsMadeBefore(cond, children, i)) continue;
                if (results[c] == 0 && cond.ElseOf < 0 && replacement is null && inThen is not null
                    && ThenMadeFirstHolds(cond, children[i], inThen, objectStart, ref rng))
                {
                    results[c] = Holds;
                    replacement = inThen;
                    madeFirst = true;
                    break;
                }
                if ((Decided(node, c, objectStart, results) switch { Holds => inThen, Fails => inElse, _ => null }) is not { } side) continue;
                // Several taken sides replace this property, and each carries only its own branch: the object is checked
                // against all of them (the reader's conditional checks), so the one made is drawn among them, or a
                // record where the first one alone never satisfies the others would fail every draw (popxf: a then
                // per polynomial degree next to one that asks for a member of the same object). Dependencies on
                // optional properties keep the first one, as PresenceDependencies expects.
                if (++sides == 1 || rng.NextInt(sides) == 0) replacement = side;
            }
            // A side that allows the property no value leaves it out.
            if (!madeFirst && (replacement is null || !ObjectConditional.LeavesOut(replacement))) Emit(replacement ?? children[i], ref rng);
            if (dependency >= 0 && Buffer.TokenCount > before) presence!.Hold(dependency, firstHolder);
        }
    }

    private const sbyte Holds = 1, Fails = -1, NotTaken = 2;

    /// <summary>Conditional <paramref name="c"/> of the object, decided once per object (<paramref name="results"/>, 0 for
    /// not yet): <see cref="Holds"/>, <see cref="Fails"/>, or for an "else if" whose <c>if</c> before it did not fail,
    /// <see cref="NotTaken"/> (neither side).</summary>
    private sbyte Decided(PlanNode node, int c, int objectStart, Span<sbyte> results)
    {
        if (results[c] != 0) return results[c];
        var elseOf = node.Conditionals![c].ElseOf;
        results[c] = elseOf >= 0 && Decided(node, elseOf, objectStart, results) != Fails ? NotTaken
            : Decide(node, c, objectStart) ? Holds : Fails;
        return results[c];
    }

    /// <summary>
    /// An if that tests the very child its then replaces and fails while that child is unmade (EPCIS: "type is none of
    /// these seven", whose then makes type a URI): decided on the empty object it would never hold, so no record took
    /// the then. The then's value is made first and the if decided on it; it is taken back when the if still fails. An if
    /// that holds on the unmade child (a type equal to one value) keeps the usual draw among the sides.
    /// </summary>
    private bool ThenMadeFirstHolds(ObjectConditional cond, PlanNode child, PlanNode side, int objectStart, ref RecordRandom rng)
    {
        if (ObjectConditional.LeavesOut(side)) return false;
        var testsChild = false;
        foreach (var (sibling, _) in cond.Tests) testsChild |= ReferenceEquals(sibling, child);
        if (!testsChild || ConditionHolds(cond, objectStart, Buffer.TokenCount, out var undecided) || undecided) return false;
        var mark = Mark();
        Emit(side, ref rng);
        if (ConditionHolds(cond, objectStart, Buffer.TokenCount, out undecided) && !undecided) return true;
        Rollback(mark);
        return false;
    }

    private static bool TestsMadeBefore(ObjectConditional cond, PlanNode[] children, int child)
    {
        foreach (var (sibling, _) in cond.Tests)
            if (Array.IndexOf(children, sibling) is var at && (at < 0 || at >= child)) return false;
        return true;
    }

    /// <summary>Reads the tested siblings in tokens [<paramref name="objectStart"/>, <paramref name="end"/>) of this object
    /// and checks the if-schema's facts against them; a sibling not made yet (deferred) reads as absent and sets
    /// <paramref name="undecided"/>.</summary>
    private bool ConditionHolds(ObjectConditional cond, int objectStart, int end, out bool undecided)
    {
        undecided = false;
        if (cond.IfCheck is { } ifCheck)
        {
            undecided = HasUnmade(objectStart, end);
            return ifCheck.Passes(Buffer, objectStart, end, _plan.Nodes, asObject: true, unmadeAbsent: true);
        }
        foreach (var (sibling, test) in cond.Tests)
        {
            var found = -1;
            var depth = 0;
            for (var t = objectStart; t < end; t++)
            {
                ref readonly var token = ref Buffer.Token(t);
                if (depth == 0 && _plan.Nodes[token.NameId].Name == sibling.Name
                    && token.Kind is TokenKind.Value or TokenKind.Null or TokenKind.StartObject or TokenKind.StartArray)
                {
                    found = t;
                    break;
                }
                if (token.Kind is TokenKind.StartObject or TokenKind.StartArray) depth++;
                else if (token.Kind is TokenKind.EndObject or TokenKind.EndArray) depth--;
            }
            var tok = found < 0 ? default : Buffer.Token(found);
            if (found >= 0 && tok.Kind == TokenKind.Value && tok.Offset < 0)
            {
                undecided = true;
                found = -1;
            }
            if (found < 0)
            {
                if (test.Required) return false;
                continue;
            }
            if (tok.Kind == TokenKind.Null)
            {
                if (test.Const is not null || test.Enum is { } e && !e.Contains(null)) return false;
                continue;
            }
            if (tok.Kind != TokenKind.Value) continue;
            if (!ConditionTest.Matches(test, Buffer.Text(tok))) return false;
        }
        return true;
    }

    private void EmitArray(PlanNode node, NodeBehavior behavior, ref RecordRandom rng)
    {
        var count = rng.NextInt(behavior.MinItems, behavior.MaxItems);
        if (_plan.HasRecursion) count = FittingItems(node, behavior, count);
        if (count == 0 && node.OmitWhenEmpty) return;
        Buffer.Add(TokenKind.StartArray, node.Id);
        var item = node.Item;
        var firstItemToken = Buffer.TokenCount;
        var outerPosition = _scope.ItemPosition;
        // uniqueItems over a small value domain (an enum): draw distinct values without replacement.
        var sampleDistinct = node.UniqueItems && node.PrefixItems is null && item.Kind == PlanNodeKind.Scalar && !item.Deferred && !item.Nullable
            && item.Variants is null && item.Behavior is { Unique: false, Generator: { } g } && g.UniqueDomain is var d && d > 0 && d <= 4096
            && (UInt128)(uint)count <= d;
        Span<int> chosen = sampleDistinct ? stackalloc int[count] : default;
        for (var k = 0; k < count; k++)
        {
            if ((k & 1023) == 1023) Cancellation.ThrowIfCancellationRequested();
            _scope.ItemPosition = k + 1;
            if (sampleDistinct)
            {
                var domain = (int)item.Behavior.Generator!.UniqueDomain;
                var pick = rng.NextInt(domain - k);
                // Skip over the values taken so far (kept sorted), so each pick is a new value.
                var at = 0;
                while (at < k && chosen[at] <= pick) { pick++; at++; }
                chosen[at..k].CopyTo(chosen[(at + 1)..(k + 1)]);
                chosen[at] = pick;
                var token = Buffer.BeginValue(item.Id, item.Behavior.Generator.JsonType);
                item.Behavior.Generator.GenerateUnique((UInt128)(uint)pick, ref rng, _scope, Buffer);
                Buffer.EndValue(token);
                continue;
            }
            if (node.PrefixItems is { } prefix && k < prefix.Length) item = prefix[k];
            else item = node.Item;
            if (!node.UniqueItems || item.Deferred)
            {
                Emit(item, ref rng, forcePresent: true);
                continue;
            }
            // uniqueItems over anything else: redraw an item equal to an earlier one. One that keeps repeating (items cut
            // to {} at the recursion bound, a value with few forms) ends the array where its minimum allows.
            const int Attempts = 100;
            var ended = false;
            for (var attempt = 0; ; attempt++)
            {
                var tokenMark = Buffer.TokenCount;
                var charMark = Buffer.Mark;
                _redrawNesting++;
                Emit(item, ref rng, forcePresent: true);
                _redrawNesting--;
                if (!RepeatsEarlierItem(firstItemToken, tokenMark, Buffer.TokenCount)) break;
                var last = attempt == Attempts - 1 || OverBudget;
                if (last && k < behavior.MinItems) break;
                Count();
                Buffer.ResetTo(charMark);
                TrimTokens(tokenMark);
                if (!last) continue;
                ended = true;
                break;
            }
            if (ended) break;
        }
        _scope.ItemPosition = outerPosition;
        Buffer.Add(TokenKind.EndArray, node.Id);
    }

    /// <summary>How many of <paramref name="count"/> items end within the recursions still allowed: items past the array's
    /// minimum that would recurse past the bound are left out.</summary>
    private int FittingItems(PlanNode node, NodeBehavior behavior, int count)
    {
        for (var k = behavior.MinItems; k < count; k++)
        {
            var item = node.PrefixItems is { } prefix && k < prefix.Length ? prefix[k] : node.Item;
            if (item.MinBackEdges > _remaining) return k;
        }
        return count;
    }

    /// <summary>Whether the item in tokens [start, end) equals an earlier item of the array (which starts at <paramref name="first"/>).</summary>
    private bool RepeatsEarlierItem(int first, int start, int end)
    {
        var length = end - start;
        var i = first;
        while (i < start)
        {
            var itemEnd = ItemEnd(i);
            if (itemEnd - i == length && SameTokens(i, start, length)) return true;
            i = itemEnd;
        }
        return false;
    }

    /// <summary>The token after the item that starts at <paramref name="i"/>.</summary>
    private int ItemEnd(int i)
    {
        var depth = 0;
        do
        {
            var kind = Buffer.Token(i).Kind;
            if (kind is TokenKind.StartObject or TokenKind.StartArray) depth++;
            else if (kind is TokenKind.EndObject or TokenKind.EndArray) depth--;
            i++;
        } while (depth > 0);
        return i;
    }

    private bool SameTokens(int a, int b, int length)
    {
        for (var k = 0; k < length; k++)
        {
            var x = Buffer.Token(a + k);
            var y = Buffer.Token(b + k);
            if (x.Kind != y.Kind) return false;
            // Items are compared as JSON values: the item itself may come from another node (a contains or tuple item beside
            // the rest items), the property names inside it may not differ.
            if (k > 0 && x.NameId != y.NameId && _plan.Nodes[x.NameId].Name != _plan.Nodes[y.NameId].Name) return false;
            // A value not made yet (deferred) is taken as different: the redraw costs more than it saves.
            if (x.Kind == TokenKind.Value && (x.JsonType != y.JsonType || x.Offset < 0 || y.Offset < 0
                || !Buffer.Text(x).SequenceEqual(Buffer.Text(y)))) return false;
        }
        return true;
    }

    private void TrimTokens(int count)
    {
        Buffer.TruncateTokens(count);
        if (_spent is { } spent && spent.At >= count) _spent = null; // the value that ran out of draws is drawn again
    }

    private void EmitScalar(PlanNode node, NodeBehavior behavior)
    {
        if (node.Deferred)
        {
            var index = Buffer.Add(TokenKind.Value, node.Id);
            Buffer.Token(index).Offset = -1;
            Buffer.Token(index).JsonType = node.JsonType;
            _deferred.Add(index);
            return;
        }
        var token = Buffer.BeginValue(node.Id, behavior.Generator!.JsonType);
        MakeValue(node, behavior);
        Buffer.EndValue(token);
    }

    /// <summary>The stream of this node's next value in the current record (see <see cref="RecordRandom.ForField"/>).</summary>
    private RecordRandom FieldStream(PlanNode node)
    {
        if (_fieldOccurrences[node.Id]++ == 0) _fieldTouched.Add(node.Id);
        // A record drawn anew (see MakeRecord) takes other values, except where other records read this one's value
        // (a reference remakes it from the first stream, which must stay what this record wrote).
        var occurrence = _round == 0 || _remadeElsewhere[node.Id] ? _fieldOccurrences[node.Id] : _fieldOccurrences[node.Id] + (_round << 20);
        return RecordRandom.ForField(_fieldKeys[node.Id], _scope.RecordIndex, occurrence);
    }

    private void MakeValue(PlanNode node, NodeBehavior behavior)
    {
        var rng = FieldStream(node);
        var generator = behavior.Generator!;
        if (behavior.Unique)
        {
            WriteUnique(node, behavior, _scope, UniqueKey(node), _permutations, Buffer);
            return;
        }
        if ((behavior.After is not null || behavior.Before is not null) && generator is IOrderedValueGenerator ordered)
        {
            long? lower = null, upper = null;
            if (behavior.After is { } after && ReadOrdered(ordered, after) is { } l)
            {
                lower = l;
                if (behavior.MaxLag is { } lag && l < long.MaxValue - lag) upper = l + lag + 1;
            }
            if (behavior.Before is { } before && ReadOrdered(ordered, before) is { } u) upper = upper is { } lagged ? Math.Min(lagged, u) : u;
            if (ordered.GenerateBetween(ref rng, Buffer, lower, upper)) return;
        }
        generator.Generate(ref rng, _scope, Buffer);
    }

    private long? ReadOrdered(IOrderedValueGenerator ordered, PlanNode other)
    {
        var token = RecordLookup.Find(_scope, other.Id, _scope.CurrentToken);
        if (token < 0) return null;
        return ordered.TryParse(Buffer.Text(Buffer.Token(token)), out var v) ? v : null;
    }

    private ulong UniqueKey(PlanNode node)
    {
        // A small domain counted within its scope: consecutive keys from where this instance of the scope starts, so at most
        // the domain's size of them differ modulo the domain.
        if (node.UniqueCountedIn is { } scope)
            return (ulong)_scope.RecordIndex + (ulong)_occurrences[scope.Id] + (ulong)_countsInScope[node.Behavior.UniqueSlot]++;
        ulong occurrence;
        if (node.UniqueScope is { } element) occurrence = (ulong)Math.Max(0, _occurrences[element.Id] - 1);
        else
        {
            if (_occurrences[node.Id]++ == 0) _touched.Add(node.Id);
            occurrence = (ulong)(_occurrences[node.Id] - 1);
        }
        // Envelope keys sit above every record's; the lane goes inside that offset, which it would otherwise overflow.
        if (_scope.InEnvelope) return (ulong)long.MaxValue + node.InLane((ulong)_scope.FileIndex * 65536UL + occurrence);
        return node.InLane((ulong)_scope.RecordIndex * (ulong)node.UniqueStride + occurrence);
    }

    private static void WriteUnique(PlanNode node, NodeBehavior behavior, GenerationScope scope, ulong key, IndexPermutation?[] permutations,
        RecordBuffer into)
    {
        var mapped = permutations.Length > behavior.UniqueSlot && permutations[behavior.UniqueSlot] is { } p ? (UInt128)p.Map(key) : key;
        var nodeRng = RecordRandom.ForField(RecordRandom.FieldKey(scope.Seed, node.PathHash), (long)key, -1);
        behavior.Generator!.GenerateUnique(mapped, ref nodeRng, scope, into);
    }

    /// <summary>
    /// The value an index-derived field (unique or sequence) has in record <paramref name="index"/>,
    /// without making that record: what references to other records of the file use.
    /// </summary>
    public static void WriteIndexDerived(PlanNode target, GenerationScope scope, long index, RecordBuffer into)
    {
        if (target.Behavior.Generator is SequenceValueGenerator seq)
        {
            into.AppendInteger(seq.ValueAt(index));
            return;
        }
        var own = scope.RecordIndex;
        scope.RecordIndex = index;
        WriteUnique(target, target.Behavior, scope, target.InLane((ulong)index * (ulong)target.UniqueStride), scope.Permutations, into);
        scope.RecordIndex = own;
    }

    /// <summary>Whether a field's value in another record can be made without making that record: a plain value made once per record.</summary>
    public static bool CanRemake(PlanNode target, PlanNode record) =>
        target.Kind == PlanNodeKind.Scalar && !target.Deferred && target.Variants is null
        && target.Behavior.Generator is not null && OncePerRecord(target, record, requirePresent: false);

    /// <summary>Whether <paramref name="node"/> occurs at most once in a record (no array or choice between it and the record), and, if asked,
    /// always.</summary>
    public static bool OncePerRecord(PlanNode node, PlanNode record, bool requirePresent)
    {
        if (node.Recurring) return false; // inside a recursion's content: once per level
        for (var n = node; n is not null; n = n.Parent)
        {
            if (ReferenceEquals(n, record)) return true;
            if (n.Kind is PlanNodeKind.Array or PlanNodeKind.Choice) return false;
            if (requirePresent && (!n.Required || n.Nullable)) return false;
        }
        return false;
    }

    /// <summary>The first value of <paramref name="target"/> in record <paramref name="index"/>, remade from that record's stream of the
    /// field.</summary>
    public static void Remake(PlanNode target, GenerationScope scope, long index, RecordBuffer into)
    {
        var (ownIndex, ownCountry) = (scope.RecordIndex, scope.Country);
        scope.RecordIndex = index;
        scope.Country = CountryOf(scope, index);
        var rng = RecordRandom.ForField(RecordRandom.FieldKey(scope.Seed, target.PathHash), index, 1);
        target.Behavior.Generator!.Generate(ref rng, scope, into);
        (scope.RecordIndex, scope.Country) = (ownIndex, ownCountry);
    }

    private void ResolveDeferred(ref RecordRandom rng)
    {
        _omitted.Clear();
        _unresolved = null;
        if (_deferred.Count == 0) return;
        // Fewer dependencies first; among equals, in document order.
        var nodes = _plan.Nodes;
        var tokens = _deferred;
        for (var i = 1; i < tokens.Count; i++)
        {
            var t = tokens[i];
            var rank = nodes[Buffer.Token(t).NodeId].DeferRank;
            var j = i - 1;
            while (j >= 0 && nodes[Buffer.Token(tokens[j]).NodeId].DeferRank > rank)
            {
                tokens[j + 1] = tokens[j];
                j--;
            }
            tokens[j + 1] = t;
        }
        foreach (var index in tokens)
        {
            var node = nodes[Buffer.Token(index).NodeId];
            _scope.CurrentToken = index;
            var behavior = Select(node, index);
            if (node.Nullable && behavior.NullRate > 0 && rng.Chance(behavior.NullRate))
            {
                Buffer.SetNull(index);
                continue;
            }
            var mark = Buffer.Mark;
            _scope.ReferenceMissing = false;
            MakeValue(node, behavior);
            Buffer.SetValue(index, mark, Buffer.CharCount - mark, behavior.Generator!.JsonType);
            if (_scope.ReferenceMissing && !Omit(index)) _unresolved ??= node;
        }
        _scope.ReferenceMissing = false;
    }
}
