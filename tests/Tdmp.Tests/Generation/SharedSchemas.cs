using Tdmp.Generation.Schema;

namespace Tdmp.Tests.Generation;

/// <summary>The real schemas in <c>&lt;repo&gt;/../shared/schemas</c>, read with the default limits.</summary>
public static class SharedSchemas
{
    public static string Directory { get; } = Locate();

    public static byte[] Bytes(string fileName) => File.ReadAllBytes(Path.Combine(Directory, fileName));

    public static SchemaRepr Read(string fileName) => SchemaReader.Read(Bytes(fileName), null, SchemaReadLimits.Default);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tdmp.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "schemas"));
        throw new InvalidOperationException("Tdmp.sln not found above " + AppContext.BaseDirectory);
    }
}
