namespace Tdmp.Generation;

/// <summary>Facts about the generation engine the API reports.</summary>
public static class EngineInfo
{
    /// <summary>Bumped whenever the same inputs would give different bytes; datasets record it.</summary>
    public const string Version = "1";
}
