using System.Text;
using Tdmp.Generation.Schema;

namespace Tdmp.Tests.Generation.Schema;

/// <summary>Damaged uploads (the shared schemas cut short or with a byte changed) are explained by the readers
/// themselves, never by the catch-all that turns an unforeseen crash into a 422.</summary>
public class DamagedSchemaTests
{
    private const string Noise = "<>{}[]\":,/\\ 0a-";

    [Theory]
    [InlineData("order.schema.json")]
    [InlineData("employee.schema.json")]
    [InlineData("invoice.xsd")]
    [InlineData("library.xsd")]
    public void Truncated_and_mutated_copies_fail_with_a_reader_message(string file)
    {
        var original = SharedSchemas.Bytes(file);
        var random = new Random(42);
        var language = SchemaReader.Sniff(original);
        for (var i = 0; i < 150; i++)
        {
            var damaged = (byte[])original.Clone();
            if (i % 3 == 0) damaged = damaged[..random.Next(1, damaged.Length)];
            else damaged[random.Next(damaged.Length)] = (byte)Noise[random.Next(Noise.Length)];
            try
            {
                SchemaReader.Read(damaged, language, SchemaReadLimits.Default);
            }
            catch (SchemaReadException e)
            {
                Assert.False(e.Message.StartsWith("The schema could not be read:", StringComparison.Ordinal),
                    $"unforeseen {e.InnerException?.GetType().Name} for damaged copy {i}: {e.Message}\n{Encoding.UTF8.GetString(damaged)}");
            }
        }
    }
}
