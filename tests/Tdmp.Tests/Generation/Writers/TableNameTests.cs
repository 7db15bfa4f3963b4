using Tdmp.Generation.Writers;

namespace Tdmp.Tests.Generation.Writers;

/// <summary>Table, column and file names are snake_case identifiers an admin can type in psql.</summary>
public class TableNameTests
{
    [Theory]
    [InlineData("TrainingCenterDatabase", "training_center_database")]
    [InlineData("JSON Schema for JSON Patch files", "json_schema_for_json_patch_files")] // was j_s_o_n_schema_for_j_s_o_n_...
    [InlineData("JSONPatch", "json_patch")]
    [InlineData("ISO20022Message", "iso20022_message")]
    [InlineData("bom-ref", "bom_ref")]
    [InlineData("2fa", "t_2fa")]
    [InlineData("---", "data")]
    public void Names_are_snake_case_with_acronyms_as_one_word(string name, string expected) =>
        Assert.Equal(expected, RecordTableLayout.SafeName(name));
}
