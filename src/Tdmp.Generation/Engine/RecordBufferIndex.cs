namespace Tdmp.Generation.Engine;

/// <summary>
/// The structure of a record buffer's tokens, built in one pass the first time it is asked for after the tokens
/// changed (<see cref="RecordBuffer.Index"/>): each node's tokens in document order, the element around each token and
/// where each element ends. The lookups of a record's references read it instead of scanning the record: IP-XACT's
/// component, one record of some 100,000 tokens with thousands of keyref fields, took 20 s when each field scanned the
/// record for its key values. Values may still change under it (a deferred value filled, one set to null): callers check
/// a token's kind and offset.
/// </summary>
public sealed class RecordBufferIndex
{
    private int[] _parent = new int[256];
    private int[] _end = new int[256];
    /// <summary>Token indices grouped by node; node n's are <c>_byNode[_nodeStart[n] .. _nodeStart[n + 1])</c>.</summary>
    private int[] _byNode = new int[256];
    private int[] _nodeStart = new int[64];
    private int[] _stack = new int[64];
    private int _nodes;

    /// <summary>The innermost element the buffer has started and not ended yet (a record being made); -1 when none.</summary>
    public int OpenAtEnd { get; private set; }

    /// <summary>The tokens of <paramref name="nodeId"/>, in document order.</summary>
    public ReadOnlySpan<int> TokensOf(int nodeId) =>
        (uint)nodeId < (uint)_nodes ? _byNode.AsSpan(_nodeStart[nodeId], _nodeStart[nodeId + 1] - _nodeStart[nodeId]) : default;

    /// <summary>The start token of the element that directly encloses <paramref name="token"/>; -1 at the top.</summary>
    public int Parent(int token) => _parent[token];

    /// <summary>The index after an element's end token (the buffer's end while it is open); a value's index plus one.</summary>
    public int End(int token) => _end[token];

    /// <summary>The first position in <paramref name="tokens"/> (sorted) holding a token at or after <paramref name="token"/>.</summary>
    public static int LowerBound(ReadOnlySpan<int> tokens, int token)
    {
        var i = tokens.BinarySearch(token);
        return i < 0 ? ~i : i;
    }

    internal void Build(RecordBuffer buffer)
    {
        var tokens = buffer.Tokens;
        var count = tokens.Length;
        if (_parent.Length < count)
        {
            var size = Math.Max(count, _parent.Length * 2);
            (_parent, _end, _byNode) = (new int[size], new int[size], new int[size]);
        }
        var maxNode = -1;
        foreach (ref readonly var t in tokens) maxNode = Math.Max(maxNode, t.NodeId);
        _nodes = maxNode + 1;
        if (_nodeStart.Length < _nodes + 1) _nodeStart = new int[Math.Max(_nodes + 1, _nodeStart.Length * 2)];
        Array.Clear(_nodeStart, 0, _nodes + 1);
        // Counting sort by node: counts land one place up, their running sum is each node's first position.
        foreach (ref readonly var t in tokens)
            if (t.NodeId >= 0) _nodeStart[t.NodeId + 1]++;
        for (var n = 0; n < _nodes; n++) _nodeStart[n + 1] += _nodeStart[n];
        var depth = 0;
        for (var i = 0; i < count; i++)
        {
            ref readonly var t = ref tokens[i];
            _parent[i] = depth > 0 ? _stack[depth - 1] : -1;
            _end[i] = i + 1;
            if (t.NodeId == RecordEngine.MarkerNodeId) continue; // the place of the records in an envelope: a start with no end
            _byNode[_nodeStart[t.NodeId]++] = i;
            if (t.Kind is TokenKind.StartObject or TokenKind.StartArray)
            {
                if (depth == _stack.Length) Array.Resize(ref _stack, depth * 2);
                _stack[depth++] = i;
                _end[i] = count;
            }
            else if (t.Kind is TokenKind.EndObject or TokenKind.EndArray && depth > 0) _end[_stack[--depth]] = i + 1;
        }
        // The fill moved each node's first position to the next node's: move them back.
        for (var n = _nodes; n > 0; n--) _nodeStart[n] = _nodeStart[n - 1];
        _nodeStart[0] = 0;
        OpenAtEnd = depth > 0 ? _stack[depth - 1] : -1;
    }
}
