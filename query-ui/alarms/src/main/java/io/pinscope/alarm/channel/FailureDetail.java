package io.pinscope.alarm.channel;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * Network failures in words a user can act on ({@code "connection refused"}, {@code "unknown host: x"}),
 * found anywhere in an exception's cause chain; shared by the HTTP and the SMTP sender.
 */
final class FailureDetail {
  /** Longest detail kept from an exception's message. */
  private static final int MAX_CHARS = 300;

  /**
   * The network cause in words, or null when the chain has none of the known network failures (the caller
   * then says it its own way).
   */
  static @Nullable String network(Throwable error, long timeoutMillis) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof UnknownHostException) {
        return "unknown host: " + t.getMessage();
      }
      if (t instanceof NoRouteToHostException) {
        return "no route to host";
      }
      if (t instanceof ConnectException) {
        String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("refused")) {
          return "connection refused";
        }
        if (message.contains("timed out") || t.getClass().getSimpleName().contains("Timeout")) {
          return "connect timed out after " + timeoutMillis + " ms";
        }
        return "connection failed: " + message(t);
      }
      if (t instanceof SocketTimeoutException) {
        return "timed out after " + timeoutMillis + " ms";
      }
    }
    return null;
  }

  /** The exception itself, without the wrappers futures add. */
  static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** {@code "<SimpleName>: <message>"} on one line, cut to a readable length. */
  static String message(Throwable t) {
    String m = t.getMessage();
    String s = m == null || m.isBlank() ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + m;
    return AlarmText.abbreviate(AlarmText.oneLine(s), MAX_CHARS);
  }

  private FailureDetail() {}
}
