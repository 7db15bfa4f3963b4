namespace Tdmp.Generation.Engine;

/// <summary>
/// What an XSD root holds around the records of one file (the batch header, the authors of a
/// library): made once per file from (seed, file index), written around the records, and the
/// pool that IDREFs and references into it draw from.
/// </summary>
public sealed class FileEnvelope
{
    public FileEnvelope(int fileIndex, RecordBuffer tokens, int markerToken, int[] idTokens)
    {
        FileIndex = fileIndex;
        Tokens = tokens;
        MarkerToken = markerToken;
        IdTokens = idTokens;
        Content = new RecordBuffer();
        foreach (ref readonly var t in tokens.Tokens)
        {
            if (t.NodeId == RecordEngine.MarkerNodeId) continue;
            Content.CopyToken(tokens, t);
        }
    }

    /// <summary>The file's own content without the place of the records: what JSON, CSV and SQL write beside the records.</summary>
    public RecordBuffer Content { get; }

    public int FileIndex { get; }
    public RecordBuffer Tokens { get; }
    /// <summary>The token where the records go: tokens before it open the file, tokens after it close it.</summary>
    public int MarkerToken { get; }
    /// <summary>Tokens holding XSD ID values (what an IDREF without a declared target may point to).</summary>
    public int[] IdTokens { get; }

    /// <summary>Appends a value of <paramref name="target"/> (or any ID when null) found in the envelope; false when there is none.</summary>
    public bool PickValue(PlanNode? target, ref RecordRandom rng, RecordBuffer into) => PickValue(target, ref rng, into, out _);

    /// <param name="nth">Which value of <paramref name="target"/> was taken, for <see cref="AppendNth"/>.</param>
    public bool PickValue(PlanNode? target, ref RecordRandom rng, RecordBuffer into, out int nth)
    {
        nth = -1;
        var tokens = Tokens.Tokens;
        if (target is null)
        {
            if (IdTokens.Length == 0) return false;
            var t = tokens[IdTokens[rng.NextInt(IdTokens.Length)]];
            into.Append(Tokens.Text(t));
            return true;
        }
        var count = 0;
        foreach (ref readonly var t in tokens)
            if (t.NodeId == target.Id && t.Kind == TokenKind.Value) count++;
        if (count == 0) return false;
        nth = rng.NextInt(count);
        return AppendNth(target, nth, into);
    }

    /// <summary>Appends the <paramref name="nth"/> value of <paramref name="target"/> in the envelope; false when there is none.</summary>
    public bool AppendNth(PlanNode target, int nth, RecordBuffer into)
    {
        foreach (ref readonly var t in Tokens.Tokens)
        {
            if (t.NodeId != target.Id || t.Kind != TokenKind.Value) continue;
            if (nth-- == 0)
            {
                into.Append(Tokens.Text(t));
                return true;
            }
        }
        return false;
    }
}
