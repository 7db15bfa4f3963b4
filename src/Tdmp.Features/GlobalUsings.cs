// FastEndpoints and Mediator both define ICommand<T> and ICommandHandler<T, R>; C# cannot alias an
// open generic, so only Mediator is imported everywhere and files that declare endpoints or
// validators import FastEndpoints themselves.
global using Dapper;
global using FluentValidation;
global using Mediator;
global using Microsoft.AspNetCore.Http;
global using Npgsql;
global using Tdmp.Features.Common;
global using Tdmp.Features.Common.Pipeline;
