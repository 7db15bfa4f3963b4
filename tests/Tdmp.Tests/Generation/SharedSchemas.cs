using Tdmp.Generation.Schema;

namespace Tdmp.Tests.Generation;

/// <summary>The published schemas kept in <c>tests/data/schemas</c> (sources in its SOURCES.md), read with the default limits.</summary>
public static class SharedSchemas
{
    public static string Directory { get; } = Locate();

    public static byte[] Bytes(string fileName) => File.ReadAllBytes(Path.Combine(Directory, fileName));

    public static SchemaRepr Read(string fileName) => SchemaReader.Read(Bytes(fileName), null, SchemaReadLimits.Default);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tdmp.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "tests", "data", "schemas"));
        throw new InvalidOperationException("Tdmp.sln not found above " + AppContext.BaseDirectory);
    }
}
