namespace Tdmp.Features.Common.Mail;

/// <summary>The <c>Mail</c> configuration section (<c>Mail__Host</c>, ...). Without a host no mail is queued or sent.</summary>
public sealed class MailOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string From { get; set; } = "TDMP <tdmp@localhost>";
    /// <summary>TLS on connect for port 465, STARTTLS otherwise; false for a plain local relay.</summary>
    public bool UseTls { get; set; } = true;
    public string? Username { get; set; }
    public string? Password { get; set; }
    /// <summary>Base URL of the web front end, for links in mails (<c>{PublicUrl}/users/setup-password?token=...</c>).</summary>
    public string PublicUrl { get; set; } = "http://localhost:8010";
    /// <summary>How often the mail job looks for queued mails.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>Attempts before a mail is given up.</summary>
    public int MaxAttempts { get; set; } = 5;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>One e-mail to queue.</summary>
public sealed record OutgoingMail(string Kind, string To, string Subject, string Body, long? TenantId = null, long? UserId = null);

/// <summary>
/// Queues e-mails in the <c>mail_outbox</c> table in the caller's transaction; the mail job sends them. With no mail
/// configured nothing is queued (so configuring mail later does not send stale mails) and nothing fails.
/// </summary>
public sealed class MailOutbox(MailOptions options)
{
    private const string InsertSql = """
        INSERT INTO mail_outbox (tenant_id, user_id, kind, recipient, subject, body)
        VALUES (@tenant_id, @user_id, @kind, @recipient, @subject, @body)
        """;

    public bool IsConfigured => options.IsConfigured;

    /// <summary>A link into the front end: <c>Link("/users/setup-password", ("token", token))</c>.</summary>
    public string Link(string path, params (string Name, string Value)[] query)
        => options.PublicUrl.TrimEnd('/') + path
           + (query.Length == 0 ? "" : "?" + string.Join("&", query.Select(q => $"{q.Name}={Uri.EscapeDataString(q.Value)}")));

    /// <summary>Queues the mail; returns whether it was queued (false when no mail is configured).</summary>
    public async Task<bool> EnqueueAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, OutgoingMail mail, CancellationToken ct)
    {
        if (!options.IsConfigured) return false;
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            tenant_id = mail.TenantId, user_id = mail.UserId, kind = mail.Kind, recipient = mail.To, subject = mail.Subject, body = mail.Body,
        }, transaction, cancellationToken: ct));
        return true;
    }
}

/// <summary>Notification e-mails through the mail outbox (the user's preference <c>email</c> decided already that one is wanted).</summary>
public sealed class OutboxNotificationMailer(MailOutbox outbox) : INotificationMailer
{
    public Task EnqueueAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, NotificationEmail email, CancellationToken ct)
        => outbox.EnqueueAsync(connection, transaction, new OutgoingMail(email.Event, email.To, "[TDMP] " + email.Subject,
            $"{email.Subject}\n\n{email.Body}\n\nYour notifications: {outbox.Link("/notifications")}\n"
            + $"Choose which events are e-mailed to you: {outbox.Link("/settings/notifications")}\n", UserId: email.UserId), ct);
}
