using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;
using Quartz;
using Tdmp.Features.Common.Mail;

namespace Tdmp.Features.Integrations.Mail;

/// <summary>
/// Sends the <c>mail_outbox</c> over SMTP (MailKit) when mail is configured: claims due mails with <c>FOR UPDATE SKIP LOCKED</c>
/// and a lease, sends them over one connection, and retries failures with backoff up to <see cref="MailOptions.MaxAttempts"/>.
/// </summary>
[DisallowConcurrentExecution]
public sealed class MailDeliveryJob(NpgsqlDataSource db, MailOptions options, ILogger<MailDeliveryJob> logger) : IJob
{
    public static readonly JobKey Key = new("mail-delivery");

    private const string ClaimSql = """
        UPDATE mail_outbox m SET next_attempt_at = now() + interval '2 minutes'
        FROM (SELECT mail_id FROM mail_outbox
              WHERE status = 'pending' AND next_attempt_at <= now()
              ORDER BY next_attempt_at LIMIT 50
              FOR UPDATE SKIP LOCKED) c
        WHERE m.mail_id = c.mail_id
        RETURNING m.mail_id AS MailId, m.recipient AS Recipient, m.subject AS Subject, m.body AS Body, m.attempts AS Attempts
        """;

    // An invitation's body carries a one-time setup link: once delivered, it is not kept.
    private const string SentSql = """
        UPDATE mail_outbox
        SET status = 'sent', attempts = attempts + 1, sent_at = now(), last_error = NULL,
            body = CASE WHEN kind = 'invitation' THEN '(sent; the one-time setup link is not kept)' ELSE body END
        WHERE mail_id = @mail_id
        """;

    private const string FailedSql = """
        UPDATE mail_outbox
        SET attempts = attempts + 1, last_error = @error,
            status = CASE WHEN attempts + 1 >= @max_attempts THEN 'failed' ELSE 'pending' END,
            next_attempt_at = now() + @delay
        WHERE mail_id = @mail_id
        """;

    private sealed record Due(long MailId, string Recipient, string Subject, string Body, int Attempts);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        if (!options.IsConfigured) return;
        List<Due> due;
        await using (var connection = await db.OpenConnectionAsync(ct))
            due = (await connection.QueryAsync<Due>(new CommandDefinition(ClaimSql, cancellationToken: ct))).ToList();
        if (due.Count == 0) return;

        using var smtp = new SmtpClient { Timeout = 15_000 };
        string? connectError = null;
        try
        {
            var security = !options.UseTls ? SecureSocketOptions.None
                : options.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
            await smtp.ConnectAsync(options.Host!, options.Port, security, ct);
            if (!string.IsNullOrEmpty(options.Username))
                await smtp.AuthenticateAsync(options.Username, options.Password ?? "", ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Cannot connect to the SMTP server {Host}:{Port}", options.Host, options.Port);
            connectError = $"SMTP server {options.Host}:{options.Port}: {e.Message}";
        }

        await using var results = await db.OpenConnectionAsync(ct);
        foreach (var mail in due)
        {
            var error = connectError;
            if (error is null)
                try
                {
                    var message = new MimeMessage();
                    message.From.Add(MailboxAddress.Parse(options.From));
                    message.To.Add(MailboxAddress.Parse(mail.Recipient));
                    message.Subject = mail.Subject;
                    message.Body = new TextPart("plain") { Text = mail.Body };
                    await smtp.SendAsync(message, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Sending mail {MailId} failed", mail.MailId);
                    error = e.Message;
                }
            if (error is null)
                await results.ExecuteAsync(new CommandDefinition(SentSql, new { mail_id = mail.MailId }, cancellationToken: CancellationToken.None));
            else
                await results.ExecuteAsync(new CommandDefinition(FailedSql, new
                {
                    mail_id = mail.MailId, error, max_attempts = options.MaxAttempts,
                    delay = TimeSpan.FromMinutes(Math.Min(60, 1 << Math.Min(mail.Attempts, 6))),
                }, cancellationToken: CancellationToken.None));
        }
        if (smtp.IsConnected) await smtp.DisconnectAsync(quit: true, ct);
    }
}
