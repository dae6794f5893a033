package io.pinscope.server.auth;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.server.ServerBuilder;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.pinscope.receiver.ReceiverMetrics;
import io.pinscope.server.auth.TokenRole.Access;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token authentication for one server: the {@link TokenFile} polled every {@link #POLL} (so a change is in force
 * within about two polls), tokens issued in process (the demo traffic's), the check of an {@code Authorization}
 * header against a needed {@link Access}, and the decorators that guard the OTLP and {@code /api} routes
 * ({@link #protectOtlp}, {@link #protectApi}). Refusals are counted in
 * {@code pinscope_auth_failures_total{listener="otlp"|"query",reason="missing"|"invalid"|"forbidden"}}.
 * {@code /health}, {@code /ready}, {@code /metrics} and the UI's static files are not guarded.
 */
public final class Auth implements AutoCloseable {
  /** How often the token file is re-read. */
  public static final Duration POLL = Duration.ofSeconds(1);
  /** The failure counter's name. */
  public static final String FAILURES = "pinscope_auth_failures_total";
  /** The OTLP/HTTP paths guarded by {@link #protectOtlp} (the OTLP specification's). */
  static final List<String> OTLP_HTTP_PATHS = List.of("/v1/traces", "/v1/metrics", "/v1/logs");
  /** The OTLP gRPC services guarded by {@link #protectOtlp}. */
  static final List<String> OTLP_GRPC_SERVICES = List.of(TraceServiceGrpc.SERVICE_NAME,
      MetricsServiceGrpc.SERVICE_NAME, LogsServiceGrpc.SERVICE_NAME);

  private static final Logger logger = LoggerFactory.getLogger(Auth.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Why a request was let through or refused. */
  public enum Verdict {
    OK,
    /** No {@code Authorization: Bearer} token: 401. */
    MISSING,
    /** A token no entry hashes to: 401. */
    INVALID,
    /** A known token whose role does not grant the access: 403. */
    FORBIDDEN;

    /** The {@code reason} label. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A check's verdict and, when refused, the client-facing reason (never the token). */
  public record Check(Verdict verdict, String message) {}

  private final TokenFile file;
  private final ReceiverMetrics metrics;
  private volatile Tokens issued = Tokens.of(List.of());
  private final ScheduledExecutorService poller;

  private Auth(TokenFile file, ReceiverMetrics metrics) {
    this.file = file;
    this.metrics = metrics;
    metrics.describe(FAILURES, "Requests refused for a missing or invalid token (401) or a role that does not "
        + "grant the request (403), by listener (otlp, query) and reason (missing, invalid, forbidden).");
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pinscope-auth-tokens");
      t.setDaemon(true);
      return t;
    });
    poller.scheduleWithFixedDelay(this::reloadQuietly, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Reads the token file and starts polling it.
   *
   * @throws IllegalArgumentException when the file cannot be read or parsed
   */
  public static Auth start(Path tokenFile, ReceiverMetrics metrics) {
    requireNonNull(tokenFile, "tokenFile");
    requireNonNull(metrics, "metrics");
    TokenFile file = TokenFile.open(tokenFile);
    logger.info("auth: on, {} tokens from {}", file.tokens().entries().size(), tokenFile.toAbsolutePath());
    return new Auth(file, metrics);
  }

  /**
   * Issues a random token with {@code role} that lives in this process only (never in the file; kept across
   * reloads), e.g. for the demo traffic the server sends itself.
   */
  public String issue(TokenRole role, String name) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    synchronized (this) {
      issued = issued.with(new Tokens.Entry(role, TokenHash.digest(token), name));
    }
    return token;
  }

  /**
   * Checks an {@code Authorization} header value ({@code Bearer <token>}, scheme case-insensitive) for
   * {@code access}.
   */
  public Check check(@Nullable String authorization, Access access) {
    String token = bearer(authorization);
    if (token == null) {
      return new Check(Verdict.MISSING, "missing token (expected: Authorization: Bearer <token>)");
    }
    byte[] digest = TokenHash.digest(token);
    // Both sets are searched whatever the first answers, keeping the time independent of the token.
    Tokens.Entry fromFile = file.tokens().find(digest);
    Tokens.Entry inProcess = issued.find(digest);
    Tokens.Entry entry = fromFile != null ? fromFile : inProcess;
    if (entry == null) {
      return new Check(Verdict.INVALID, "invalid token (expected: a token listed in the server's token file)");
    }
    if (!entry.role().grants(access)) {
      return new Check(Verdict.FORBIDDEN, "forbidden: a token with role " + entry.role().flag() + " (expected: "
          + switch (access) {
            case INGEST -> "ingest, to send OTLP";
            case READ -> "read or admin, to call the API";
            case ADMIN -> "admin, for any change: alarm rules, channels, silences, settings, backups";
          } + ")");
    }
    return new Check(Verdict.OK, "");
  }

  /** Counts a refusal on {@code listener} ({@code otlp} or {@code query}). */
  void countFailure(String listener, Verdict verdict) {
    metrics.count(FAILURES, 1, "listener", listener, "reason", verdict.label());
  }

  /** Guards the OTLP gRPC services and OTLP/HTTP paths on every port of {@code sb}. */
  public void protectOtlp(ServerBuilder sb) {
    OtlpAuthDecorator otlp = new OtlpAuthDecorator(this);
    for (String service : OTLP_GRPC_SERVICES) {
      sb.decoratorUnder("/" + service + "/", otlp);
    }
    for (String path : OTLP_HTTP_PATHS) {
      sb.decorator(path, otlp);
    }
  }

  /** Guards everything under {@code /api/} on every port of {@code sb}. */
  public void protectApi(ServerBuilder sb) {
    sb.decoratorUnder("/api/", new ApiAuthDecorator(this));
  }

  /** Re-reads the token file now (normally done every {@link #POLL}); returns whether the tokens changed. */
  public boolean reload() {
    return file.reload();
  }

  private void reloadQuietly() {
    try {
      file.reload();
    } catch (RuntimeException e) {
      logger.warn("auth-tokens: reloading {} failed; the previous tokens stay in force", file.path(), e);
    }
  }

  private static @Nullable String bearer(@Nullable String authorization) {
    if (authorization == null) {
      return null;
    }
    String value = authorization.strip();
    if (value.length() <= 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = value.substring(7).strip();
    return token.isEmpty() ? null : token;
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
