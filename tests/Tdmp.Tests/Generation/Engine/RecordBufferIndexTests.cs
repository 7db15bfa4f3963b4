using Tdmp.Generation.Engine;

namespace Tdmp.Tests.Generation.Engine;

/// <summary>The structure index that a record's reference lookups read instead of scanning the record.</summary>
public class RecordBufferIndexTests
{
    /// <summary>{ a: [ {b}, {b} ], marker, c } with node ids: 0 record, 1 array a, 2 item, 3 b, 4 c.</summary>
    private static RecordBuffer Record()
    {
        var buffer = new RecordBuffer();
        buffer.Add(TokenKind.StartObject, 0);     // 0
        buffer.Add(TokenKind.StartArray, 1);      // 1
        buffer.Add(TokenKind.StartObject, 2);     // 2
        Value(buffer, 3, "x");                    // 3
        buffer.Add(TokenKind.EndObject, 2);       // 4
        buffer.Add(TokenKind.StartObject, 2);     // 5
        Value(buffer, 3, "y");                    // 6
        buffer.Add(TokenKind.EndObject, 2);       // 7
        buffer.Add(TokenKind.EndArray, 1);        // 8
        buffer.Add(TokenKind.StartObject, RecordEngine.MarkerNodeId); // 9: the place of the records, a start with no end
        Value(buffer, 4, "z");                    // 10
        return buffer;
    }

    private static void Value(RecordBuffer buffer, int node, string text)
    {
        var token = buffer.BeginValue(node, ValueJsonType.String);
        buffer.Append(text);
        buffer.EndValue(token);
    }

    [Fact]
    public void Every_token_knows_its_element_and_every_element_its_end_and_each_node_its_tokens()
    {
        var index = Record().Index;
        Assert.Equal([-1, 0, 1, 2, 2, 1, 5, 5, 1, 0, 0], Enumerable.Range(0, 11).Select(index.Parent));
        Assert.Equal(9, index.End(1));
        Assert.Equal(5, index.End(2));
        Assert.Equal(8, index.End(5));
        Assert.Equal(11, index.End(0)); // still open: the buffer's end
        Assert.Equal(0, index.OpenAtEnd);
        Assert.Equal([3, 6], index.TokensOf(3).ToArray());
        Assert.Equal([2, 4, 5, 7], index.TokensOf(2).ToArray());
        Assert.True(index.TokensOf(99).IsEmpty);
        Assert.Equal(1, RecordBufferIndex.LowerBound(index.TokensOf(3), 4));
    }

    [Fact]
    public void The_index_follows_tokens_replaced_at_the_same_count()
    {
        var buffer = Record();
        Assert.Equal([10], buffer.Index.TokensOf(4).ToArray());
        buffer.TruncateTokens(10);
        Value(buffer, 3, "w"); // the same number of tokens as before, another node at the end
        Assert.True(buffer.Index.TokensOf(4).IsEmpty);
        Assert.Equal([3, 6, 10], buffer.Index.TokensOf(3).ToArray());
        buffer.RemoveTokens([(5, 8)]);
        Assert.Equal([3, 7], buffer.Index.TokensOf(3).ToArray());
        Assert.Equal(6, buffer.Index.End(1));
    }

    [Fact]
    public void The_element_around_a_token_is_found_through_the_index_past_siblings_and_at_the_buffers_end()
    {
        var buffer = Record();
        Assert.Equal((2, 5), RecordLookup.Enclosing(buffer, 2, 3));
        Assert.Equal((1, 9), RecordLookup.Enclosing(buffer, 1, 6));
        Assert.Equal((0, 11), RecordLookup.Enclosing(buffer, 0, buffer.TokenCount)); // the record being made
        Assert.Equal((-1, -1), RecordLookup.Enclosing(buffer, 2, 10));
    }
}
