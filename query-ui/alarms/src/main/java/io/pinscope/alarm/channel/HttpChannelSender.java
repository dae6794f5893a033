package io.pinscope.alarm.channel;

import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ClosedSessionException;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.MediaType;
import io.pinscope.model.alarm.AlarmChannel;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.function.Function;

/**
 * Posts a JSON body to the channel's URL (the generic webhook and Slack differ only in the body) with Armeria's
 * non-blocking client. A 2xx answer is delivered; 5xx, 408 and 429 answers, timeouts and I/O errors may be
 * retried; any other answer is final. The detail is {@code "HTTP 200"}, or {@code "HTTP 500: <the first 200
 * characters of the body>"}, {@code "timed out after 5000 ms"}, {@code "connection refused"}.
 */
final class HttpChannelSender implements ChannelSender {
  /** How much of an error answer's body the detail quotes. */
  static final int BODY_PREVIEW_CHARS = 200;

  private final WebClient client;
  private final long timeoutMillis;
  private final Function<Notification, String> payload;

  /**
   * @param client a client without a base URI (each channel has its own URL), whose response size is bounded
   * @param timeout the whole attempt's limit: connecting, sending and the complete answer
   * @param payload the JSON body for a notification
   */
  HttpChannelSender(WebClient client, Duration timeout, Function<Notification, String> payload) {
    this.client = client;
    this.timeoutMillis = timeout.toMillis();
    this.payload = payload;
  }

  @Override
  public Attempt prepare(Notification notification, AlarmChannel channel) {
    String url = requestUrl(channel.target());
    String body = payload.apply(notification);
    return () -> client.prepare()
        .post(url)
        .content(MediaType.JSON_UTF_8, body)
        .responseTimeoutMillis(timeoutMillis)
        .execute()
        .aggregate()
        .handle((response, error) -> error == null ? outcome(response) : failure(error));
  }

  /**
   * The URL the request goes to. A plain-http receiver is spoken to in HTTP/1.1 from the start ({@code h1c}):
   * simple webhook receivers often do not understand the HTTP/2 preface Armeria would otherwise open with.
   * Over https the protocol is agreed in the TLS handshake.
   */
  static String requestUrl(String target) {
    URI uri = httpUrl("target", target);
    String url = uri.toString();
    return uri.getScheme().equalsIgnoreCase("http") ? "h1c" + url.substring("http".length()) : url;
  }

  /**
   * {@code value} as an absolute http or https URL with a host; otherwise an {@link IllegalArgumentException}
   * naming {@code field}: {@code target: "ftp://x" (expected: an http or https URL)}.
   */
  static URI httpUrl(String field, String value) {
    try {
      URI uri = new URI(value.trim());
      String scheme = uri.getScheme();
      if (uri.getHost() != null && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // Reported below, like any other value that is not an http(s) URL.
    }
    throw new IllegalArgumentException(field + ": \"" + value + "\" (expected: an http or https URL)");
  }

  private static AttemptOutcome outcome(AggregatedHttpResponse response) {
    int code = response.status().code();
    if (code >= 200 && code < 300) {
      return AttemptOutcome.delivered("HTTP " + code);
    }
    String preview = AlarmText.oneLine(response.contentUtf8());
    if (preview.length() > BODY_PREVIEW_CHARS) {
      preview = preview.substring(0, BODY_PREVIEW_CHARS);
    }
    String detail = preview.isEmpty() ? "HTTP " + code : "HTTP " + code + ": " + preview;
    // Server errors, "request timeout" and "too many requests" may pass; other answers will not change.
    boolean retryable = code >= 500 || code == 408 || code == 429;
    return new AttemptOutcome(false, retryable, detail);
  }

  private AttemptOutcome failure(Throwable error) {
    Throwable t = FailureDetail.unwrap(error);
    if (t instanceof UnprocessedRequestException && t.getCause() != null) {
      // Never reached the receiver (could not connect): the cause says why.
      t = t.getCause();
    }
    if (t instanceof ResponseTimeoutException) {
      return AttemptOutcome.retryable("timed out after " + timeoutMillis + " ms");
    }
    if (t instanceof ContentTooLargeException) {
      // The receiver answered, perhaps with a 2xx; sending again could post the notification twice.
      return AttemptOutcome.permanent("answer too large to read");
    }
    String network = FailureDetail.network(t, timeoutMillis);
    if (network != null) {
      return AttemptOutcome.retryable(network);
    }
    if (t instanceof ClosedSessionException) {
      return AttemptOutcome.retryable("connection closed by the receiver");
    }
    return AttemptOutcome.retryable(FailureDetail.message(t));
  }
}
