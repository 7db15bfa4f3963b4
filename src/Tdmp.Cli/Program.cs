using System.CommandLine;
using Tdmp.Cli;

// tdmp: generate test data locally with the service's engine, or run a dataset on a TDMP server from CI.
// Every failure ends as one line on stderr and a documented exit code (ExitCodes), never a stack trace.
var root = new RootCommand("TDMP command-line tool: valid synthetic test data from XSD and JSON Schema files.")
{
    GenerateCommand.Create(),
    RunCommand.Create(),
};

var parsed = root.Parse(args);
// Parse errors in one line (not the whole help text); --help and --version still work on an incomplete command line.
if (parsed.Errors.Count > 0 && !args.Any(a => a is "--help" or "-h" or "-?" or "--version"))
{
    var command = parsed.CommandResult.Command == root ? "tdmp" : "tdmp " + parsed.CommandResult.Command.Name;
    var message = string.Join(" ", parsed.Errors[0].Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    await Console.Error.WriteLineAsync($"tdmp: {message} (see '{command} --help')");
    return ExitCodes.Usage;
}
try
{
    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (CliFailure failure)
{
    await Console.Error.WriteLineAsync("tdmp: " + failure.Message);
    return failure.ExitCode;
}
catch (OperationCanceledException e) when (e.InnerException is TimeoutException)
{
    await Console.Error.WriteLineAsync("tdmp: the server did not answer in time");
    return ExitCodes.Unavailable;
}
catch (OperationCanceledException)
{
    await Console.Error.WriteLineAsync("tdmp: cancelled");
    return ExitCodes.Failed;
}
catch (Exception e)
{
    await Console.Error.WriteLineAsync($"tdmp: unexpected error: {e.Message.ReplaceLineEndings(" ")}");
    return ExitCodes.Failed;
}
