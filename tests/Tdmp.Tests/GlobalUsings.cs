global using System.Net;
global using System.Net.Http.Json;
global using System.Text.Json;
global using Tdmp.Tests.Infrastructure;
global using Tdmp.Features.Common;
