using Tdmp.Tests.Rbac;
using static Tdmp.Tests.Rbac.RbacRow;

namespace Tdmp.Tests.Features.Settings;

/// <summary>
/// Every user manages their own settings. Rows that need a password send a wrong one (422 is "served"), so the shared
/// users of the RBAC world keep their passwords, sessions and accounts.
/// </summary>
public sealed class SettingsRbac : IRbacTable
{
    private const string WrongPassword = "not the password of anyone";

    public IEnumerable<RbacRow> Rows() =>
    [
        new("GET", "/settings", Call(HttpMethod.Get, "/settings"), All(Outcome.Allowed)),
        new("PUT", "/settings", Call(HttpMethod.Put, "/settings", new { theme = "dark" }), All(Outcome.Allowed)),
        new("POST", "/settings/avatar", (_, _) => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/settings/avatar")
        {
            Content = TestImages.Form(TestImages.Png(2, 2)),
        }), All(Outcome.Allowed)),
        new("POST", "/settings/change_password", Call(HttpMethod.Post, "/settings/change_password",
            new { current_password = WrongPassword, new_password = "a long enough new password" }), All(Outcome.Allowed)),
        new("POST", "/settings/change_email", Call(HttpMethod.Post, "/settings/change_email",
            new { password = WrongPassword, new_email = "someone@example.test" }), All(Outcome.Allowed)),
        new("POST", "/settings/enable_2fa", Call(HttpMethod.Post, "/settings/enable_2fa", new { }), All(Outcome.Allowed)),
        new("POST", "/settings/disable_2fa", Call(HttpMethod.Post, "/settings/disable_2fa",
            new { password = WrongPassword, code = "123456" }), All(Outcome.Allowed)),
        new("POST", "/settings/delete", Call(HttpMethod.Post, "/settings/delete", new { password = WrongPassword }), All(Outcome.Allowed)),
    ];
}
