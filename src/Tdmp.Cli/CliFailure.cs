namespace Tdmp.Cli;

/// <summary>The exit codes of <c>tdmp</c>, as its help and the README list them.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The service refused a request, or the dataset failed or was cancelled.</summary>
    public const int Failed = 1;
    /// <summary>A wrong command line, or an input file that cannot be used (schema, rules).</summary>
    public const int Usage = 2;
    /// <summary>The server could not be reached, or the dataset did not finish within --timeout.</summary>
    public const int Unavailable = 3;

    public const string HelpText = "Exit codes: 0 done (the file is written), 1 refused by the service or the dataset failed, "
        + "2 wrong command line or unusable input file, 3 server unreachable or timed out.";
}

/// <summary>A failure to report as one line on stderr with its exit code.</summary>
public sealed class CliFailure(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
