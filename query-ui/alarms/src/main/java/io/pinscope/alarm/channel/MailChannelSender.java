package io.pinscope.alarm.channel;

import io.pinscope.model.alarm.AlarmChannel;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.jspecify.annotations.Nullable;

/**
 * Sends email through the configured SMTP server with Jakarta Mail. Jakarta Mail blocks, so each attempt runs
 * on this sender's own small pool (its threads and queue are bounded); the caller's thread is never used.
 * Every socket operation (connect, read, write) is limited to the per-attempt timeout; the attempt as a whole
 * is not cut short, since a mail abandoned half-sent and sent again could arrive twice. The detail is the
 * server's last answer ({@code "250 OK"}) or its refusal ({@code "550 5.1.1 no such user"}); a 5xx refusal
 * or failed login is final, anything else may be retried.
 */
final class MailChannelSender implements ChannelSender, AutoCloseable {
  private final SmtpSettings smtp;
  private final Session session;
  private final Clock clock;
  private final long timeoutMillis;
  private final ThreadPoolExecutor executor;

  /**
   * @param threads how many mails are sent at once
   * @param queueCapacity how many attempts may wait for a thread
   */
  MailChannelSender(SmtpSettings smtp, Duration timeout, Clock clock, int threads, int queueCapacity) {
    this.smtp = smtp;
    this.clock = clock;
    this.timeoutMillis = timeout.toMillis();
    this.session = Session.getInstance(properties(smtp, timeoutMillis));
    this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(queueCapacity), DaemonThreads.named("pinscope-alarm-mail"));
    executor.allowCoreThreadTimeOut(true);
  }

  private static Properties properties(SmtpSettings smtp, long timeoutMillis) {
    Properties p = new Properties();
    p.setProperty("mail.smtp.host", smtp.host());
    p.setProperty("mail.smtp.port", Integer.toString(smtp.port()));
    p.setProperty("mail.smtp.connectiontimeout", Long.toString(timeoutMillis));
    p.setProperty("mail.smtp.timeout", Long.toString(timeoutMillis));
    p.setProperty("mail.smtp.writetimeout", Long.toString(timeoutMillis));
    p.setProperty("mail.smtp.auth", Boolean.toString(smtp.username() != null));
    p.setProperty("mail.smtp.starttls.enable", Boolean.toString(smtp.startTls()));
    p.setProperty("mail.smtp.starttls.required", Boolean.toString(smtp.startTls()));
    return p;
  }

  @Override
  public Attempt prepare(Notification notification, AlarmChannel channel) {
    InternetAddress to = recipient(channel.target());
    EmailMessage email = EmailMessage.of(notification);
    return () -> {
      try {
        return CompletableFuture.supplyAsync(() -> send(to, email), executor);
      } catch (RejectedExecutionException e) {
        return CompletableFuture.completedFuture(executor.isShutdown()
            ? AttemptOutcome.permanent("dispatcher closed")
            : AttemptOutcome.retryable("mail queue full (" + executor.getQueue().size() + " waiting)"));
      }
    };
  }

  private static InternetAddress recipient(String target) {
    try {
      return new InternetAddress(target.trim(), true);
    } catch (AddressException e) {
      throw new IllegalArgumentException("target: \"" + target + "\" (expected: an email address)", e);
    }
  }

  private AttemptOutcome send(InternetAddress to, EmailMessage email) {
    try {
      MimeMessage message = new MimeMessage(session);
      message.setFrom(new InternetAddress(smtp.from(), true));
      message.setRecipient(Message.RecipientType.TO, to);
      message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
      message.setText(email.body(), StandardCharsets.UTF_8.name());
      message.setSentDate(new Date(clock.millis()));
      try (Transport transport = session.getTransport("smtp")) {
        transport.connect(smtp.host(), smtp.port(), smtp.username(), smtp.password());
        transport.sendMessage(message, message.getAllRecipients());
        String answer = transport instanceof SMTPTransport t ? t.getLastServerResponse() : null;
        return AttemptOutcome.delivered(answer == null || answer.isBlank() ? "sent" : AlarmText.oneLine(answer));
      }
    } catch (MessagingException e) {
      return failure(e);
    }
  }

  private AttemptOutcome failure(MessagingException e) {
    if (e instanceof AuthenticationFailedException) {
      return AttemptOutcome.permanent("SMTP login failed: " + smtpText(e));
    }
    int code = replyCode(e);
    if (code > 0) {
      // 5xx: the server will not take it (no such user, relaying denied); 4xx: try later.
      String detail = smtpText(e);
      return code >= 500 ? AttemptOutcome.permanent(detail) : AttemptOutcome.retryable(detail);
    }
    String network = FailureDetail.network(e, timeoutMillis);
    if (network != null) {
      return AttemptOutcome.retryable("SMTP " + smtp.host() + ":" + smtp.port() + ": " + network);
    }
    return AttemptOutcome.retryable("SMTP error: " + smtpText(e));
  }

  /** The SMTP reply code of a refusal, found in the exception or the ones chained to it; 0 if none. */
  private static int replyCode(MessagingException e) {
    @Nullable Exception x = e;
    // A refused recipient comes as "Invalid Addresses" with the server's refusal chained next to it.
    for (int depth = 0; x != null && depth < 5; depth++) {
      if (x instanceof SMTPSendFailedException s) {
        return s.getReturnCode();
      }
      if (x instanceof SMTPAddressFailedException a) {
        return a.getReturnCode();
      }
      x = x instanceof MessagingException m ? m.getNextException() : null;
    }
    return 0;
  }

  /** The server's words where it gave them, on one line. */
  private static String smtpText(MessagingException e) {
    @Nullable Exception x = e.getNextException();
    String own = e.getMessage() == null ? "" : AlarmText.oneLine(e.getMessage());
    if (x instanceof MessagingException next && next.getMessage() != null
        && (x instanceof SMTPAddressFailedException || own.isEmpty() || own.equals("Invalid Addresses"))) {
      return AlarmText.abbreviate(AlarmText.oneLine(next.getMessage()), 300);
    }
    return own.isEmpty() ? FailureDetail.message(e) : AlarmText.abbreviate(own, 300);
  }

  /** Stops the pool: waiting attempts are dropped, running ones interrupted. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
