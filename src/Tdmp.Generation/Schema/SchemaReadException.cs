namespace Tdmp.Generation.Schema;

/// <summary>An uploaded schema that does not parse, compile, fit the limits or use only supported features.</summary>
public class SchemaReadException(string message, int? line = null, int? column = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>1-based line in the uploaded file, where the parser knows it.</summary>
    public int? Line { get; } = line;
    public int? Column { get; } = column;
}

/// <summary>A schema (or part of one) that no value satisfies, as opposed to one that is damaged or unsupported: an
/// optional property or an alternative that ends in one is left out, and only a required place refuses the schema.</summary>
public sealed class NoValueException(string message) : SchemaReadException(message);

/// <summary>The upload's <c>main</c> does not fit it: no such file in the zip, or no zip of JSON Schema files to choose in.</summary>
public sealed class MainFileException(string message) : SchemaReadException(message);
