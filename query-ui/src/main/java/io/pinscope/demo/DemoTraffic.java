package io.pinscope.demo;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.MessageLite;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.WebClientBuilder;
import com.linecorp.armeria.common.auth.AuthToken;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link DemoShop}'s traffic to a Pinscope OTLP/HTTP endpoint (protobuf): about 30 traces a second in
 * batches every {@value #TICK_MILLIS} ms, with their logs, and every instance's metrics and a background log
 * line every 10 s, starting at once. One daemon thread does everything; a failed POST (no connection, 429, 5xx)
 * is logged at debug and sent again on the next tick (at most {@value #MAX_PENDING} requests are kept, oldest
 * dropped first); one refused for what it is (another 4xx) is logged at debug and dropped.
 * {@link #close()} stops the thread and waits for it; nothing it started outlives it.
 */
public final class DemoTraffic implements AutoCloseable {
  static final long TICK_MILLIS = 250;
  static final long METRICS_MILLIS = 10_000;
  static final int MAX_PENDING = 64;

  private static final Logger logger = LoggerFactory.getLogger(DemoTraffic.class);
  private static final MediaType PROTOBUF = MediaType.create("application", "x-protobuf");
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

  private record Pending(String path, byte[] body, int traces) {}

  private final ClientFactory factory;
  private final WebClient client;
  private final DemoShop shop;
  private final ScheduledExecutorService executor;
  private final Deque<Pending> pending = new ArrayDeque<>(); // Confined to the executor's thread.
  private final AtomicLong tracesSent = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private long nextMetricsNanos;

  private DemoTraffic(String baseUri, @Nullable String bearerToken) {
    this.factory = ClientFactory.builder().build();
    WebClientBuilder builder = WebClient.builder(baseUri).factory(factory).responseTimeout(SEND_TIMEOUT);
    if (bearerToken != null) {
      builder.auth(AuthToken.ofOAuth2(bearerToken));
    }
    this.client = builder.build();
    this.shop = new DemoShop(System.nanoTime(), nowNanos());
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pinscope-demo");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts sending to {@code baseUri} (e.g. {@code http://127.0.0.1:4318}) at once. */
  public static DemoTraffic start(String baseUri) {
    return start(baseUri, null);
  }

  /** As {@link #start(String)}, each request carrying {@code Authorization: Bearer bearerToken} when not null. */
  public static DemoTraffic start(String baseUri, @Nullable String bearerToken) {
    requireNonNull(baseUri, "baseUri");
    DemoTraffic traffic = new DemoTraffic(baseUri, bearerToken);
    traffic.executor.scheduleWithFixedDelay(traffic::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    logger.info("Demo traffic: a small polyglot shop sends OTLP to {}", baseUri);
    return traffic;
  }

  /** Traces whose POST was acknowledged so far. */
  public long tracesSent() {
    return tracesSent.get();
  }

  /** POSTs that failed so far (each is retried on the next tick). */
  public long failures() {
    return failures.get();
  }

  private void tick() {
    try {
      long now = System.nanoTime();
      // Metrics first: gauges land at once, and the histogram's counts include this tick's requests next time.
      if (now - nextMetricsNanos >= 0) {
        nextMetricsNanos = now + TimeUnit.MILLISECONDS.toNanos(METRICS_MILLIS);
        long epoch = nowNanos();
        enqueue("/v1/metrics", shop.metrics(epoch), 0);
        enqueue("/v1/logs", shop.backgroundLogs(epoch), 0);
      }
      // 5..10 traces per 250 ms: about 30 a second.
      DemoShop.Batch batch = shop.traces(5 + (int) (now & 0x7fffffff) % 6, nowNanos());
      enqueue("/v1/traces", batch.traces(), batch.traceCount());
      if (batch.logs().getResourceLogsCount() > 0) {
        enqueue("/v1/logs", batch.logs(), 0);
      }
      sendPending();
    } catch (RuntimeException e) {
      logger.debug("Demo traffic tick failed", e);
    }
  }

  private void enqueue(String path, MessageLite message, int traces) {
    while (pending.size() >= MAX_PENDING) {
      pending.removeFirst();
    }
    pending.addLast(new Pending(path, message.toByteArray(), traces));
  }

  private void sendPending() {
    while (!pending.isEmpty()) {
      Pending p = pending.peekFirst();
      try {
        AggregatedHttpResponse response = client.execute(
            HttpRequest.of(RequestHeaders.builder(HttpMethod.POST, p.path()).contentType(PROTOBUF).build(),
                HttpData.wrap(p.body()))).aggregate().get(SEND_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        if (response.status().isSuccess()) {
          pending.removeFirst();
          tracesSent.addAndGet(p.traces());
        } else if (response.status().code() == 429 || response.status().code() >= 500) {
          failures.incrementAndGet();
          logger.debug("Demo traffic: POST {} answered {}; retrying on the next tick", p.path(), response.status());
          return;
        } else {
          // Not retryable (the request itself is refused): sending it again would block the queue.
          pending.removeFirst();
          failures.incrementAndGet();
          logger.debug("Demo traffic: POST {} answered {}; dropped: {}", p.path(), response.status(),
              response.contentUtf8());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // close() is stopping us
        return;
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        failures.incrementAndGet();
        logger.debug("Demo traffic: POST {} failed; retrying on the next tick", p.path(), e);
        return;
      }
    }
  }

  private static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** Stops sending and waits for the sending thread to end. Idempotent. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(SEND_TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS)) {
        logger.warn("Demo traffic thread did not stop in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    factory.close();
  }
}
