using System.Text;
using Tdmp.Generation.Writers;

namespace Tdmp.Tests.Generation.Writers;

/// <summary>The byte buffer every writer escapes into: a JSON string must read back as its text (quotes, backslashes,
/// control characters escaped; non-ASCII and surrogate pairs as UTF-8), at any length and wherever the buffer stands.</summary>
public class Utf8OutputTests
{
    public static TheoryData<string> Texts() =>
    [
        "", "a", "ORD-2024-ABC12345", "Anna-Lena Müller", "say \"hi\"", "C:\\temp\\x", "tab\there", "line\nbreak",
        "\u0001\u001f", "emoji 😀 ok", "~ and \u007f", new string('x', 31) + "\"", new string('y', 32), new string('z', 33),
        new string('w', 40) + "ü", "€", "end\\",
    ];

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_json_string_reads_back_as_the_text(string text)
    {
        var output = new Utf8Output();
        output.Bytes("x"u8); // not at the buffer's start
        output.JsonString(text);
        var json = Encoding.UTF8.GetString(output.Span[1..]);
        Assert.Equal(text, JsonSerializer.Deserialize<string>(json));
        Assert.StartsWith("\"", json);
        Assert.EndsWith("\"", json);
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Text_is_the_texts_utf8(string text)
    {
        var output = new Utf8Output();
        output.Text(text);
        output.Text(text);
        Assert.Equal(Encoding.UTF8.GetBytes(text + text), output.Span.ToArray());
    }

    [Fact]
    public void Short_values_written_one_after_another_grow_the_buffer_without_losing_bytes()
    {
        var output = new Utf8Output();
        var expected = new StringBuilder();
        for (var i = 0; i < 5_000; i++)
        {
            var value = "v" + i;
            output.JsonString(value);
            expected.Append('"').Append(value).Append('"');
        }
        Assert.Equal(expected.ToString(), Encoding.UTF8.GetString(output.Span));
    }
}
