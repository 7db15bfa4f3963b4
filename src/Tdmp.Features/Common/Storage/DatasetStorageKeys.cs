namespace Tdmp.Features.Common.Storage;

/// <summary>Where a dataset's files are kept in the storage: one folder per dataset.</summary>
public static class DatasetStorageKeys
{
    public static string Folder(long datasetId) => $"datasets/{datasetId}/";

    public static string File(long datasetId, string fileName) => Folder(datasetId) + fileName;

    /// <summary>Removes the files of datasets once no row lists them any more (deleted, cancelled, or never published).</summary>
    public static async Task DeleteFilesAsync(IFileStorage storage, IEnumerable<long> datasetIds, CancellationToken ct)
    {
        foreach (var id in datasetIds) await storage.DeleteAsync(Folder(id), ct);
    }
}
