package io.pinscope.alarm.channel;

import static java.util.Objects.requireNonNull;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.jspecify.annotations.Nullable;

/**
 * The SMTP server email notifications are sent through (the server's setting; an email channel's target is
 * only the recipient).
 *
 * @param host the SMTP server's host name or address
 * @param port its port, 1..65535 (e.g. 25, or 587 with {@code startTls}; implicit TLS, port 465, is not
 *     supported)
 * @param from the sender address, e.g. {@code "Pinscope <alarms@example.com>"}
 * @param username the login, or null to send without authenticating
 * @param password the login's password; only with a username
 * @param startTls upgrade the connection with STARTTLS before sending, and refuse to send if the server does
 *     not offer it (so credentials never travel in clear)
 */
public record SmtpSettings(
    String host, int port, String from, @Nullable String username, @Nullable String password, boolean startTls) {
  public SmtpSettings {
    requireNonNull(host, "host");
    requireNonNull(from, "from");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host: \"" + host + "\" (expected: a host name or address)");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
    }
    try {
      new InternetAddress(from, true);
    } catch (AddressException e) {
      throw new IllegalArgumentException("from: \"" + from + "\" (expected: an email address)", e);
    }
    if (password != null && username == null) {
      throw new IllegalArgumentException("password: set (expected: only with a username)");
    }
  }

  /** A server without authentication or STARTTLS, e.g. a local relay. */
  public static SmtpSettings of(String host, int port, String from) {
    return new SmtpSettings(host, port, from, null, null, false);
  }

  /** The password is never shown (these settings may be logged). */
  @Override
  public String toString() {
    return "SmtpSettings[host=" + host + ", port=" + port + ", from=" + from + ", username=" + username
        + ", password=" + (password == null ? "null" : "***") + ", startTls=" + startTls + "]";
  }
}
