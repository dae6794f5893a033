package io.pinscope.alarm.channel;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * A real HTTP server on 127.0.0.1 (a free port) that receives notifications: each path answers by a script
 * (the n-th request to the path gets {@code script.apply(n)}, n from 1), {@code /hang} never answers until the
 * test releases it (then it answers at once). Every request is recorded, in arrival order.
 */
final class HttpReceiver implements AutoCloseable {
  /** One request as received. */
  record Received(String path, @Nullable MediaType contentType, String body) {}

  private final Server server;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final List<CompletableFuture<HttpResponse>> held = new CopyOnWriteArrayList<>();
  private volatile @Nullable HttpStatus releasedWith;

  /** @param scripts per path, the answer status for the n-th request */
  HttpReceiver(Map<String, IntFunction<HttpStatus>> scripts, String errorBody) {
    var builder = Server.builder()
        .http(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        // The hanging path must hang as long as the test wants, not until the server's own timeout.
        .requestTimeout(Duration.ZERO)
        // Tests stop it right away; nothing to drain.
        .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO);
    scripts.forEach((path, script) -> builder.service(path, (ctx, req) -> HttpResponse.of(
        req.aggregate().thenApply(r -> {
          received.add(new Received(path, r.contentType(), r.contentUtf8()));
          HttpStatus status = script.apply(hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet());
          return status.isSuccess() ? HttpResponse.of(status, MediaType.PLAIN_TEXT_UTF_8, "ok")
              : HttpResponse.of(status, MediaType.PLAIN_TEXT_UTF_8, errorBody);
        }))));
    builder.service("/hang", (ctx, req) -> {
      CompletableFuture<HttpResponse> answer = new CompletableFuture<>();
      held.add(answer);
      HttpStatus released = releasedWith;
      if (released != null) {
        answer.complete(HttpResponse.of(released));
      }
      hits.computeIfAbsent("/hang", p -> new AtomicInteger()).incrementAndGet();
      received.add(new Received("/hang", req.contentType(), ""));
      return HttpResponse.of(answer);
    });
    server = builder.build();
    server.start().join();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.activeLocalPort() + path;
  }

  /** How many requests the path has had. */
  int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  /**
   * The next request received on {@code path}, waiting up to 10 s (fails the test if none); requests to other
   * paths are skipped (a late one from an earlier test must not confuse this one).
   */
  Received next(String path) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      Received r = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (r == null) {
        throw new AssertionError("no request to " + path + " received within 10 s");
      }
      if (r.path().equals(path)) {
        return r;
      }
    }
  }

  /** Answers every held {@code /hang} request with {@code status}, and any that arrives later. */
  void release(HttpStatus status) {
    releasedWith = status;
    held.forEach(f -> f.complete(HttpResponse.of(status)));
  }

  /**
   * Forgets everything received and answers held requests with 503: a fresh start for the next test (a server
   * takes seconds to stop, so a test class shares one).
   */
  void reset() {
    release(HttpStatus.SERVICE_UNAVAILABLE);
    held.clear();
    releasedWith = null;
    received.clear();
    hits.clear();
  }

  @Override
  public void close() {
    release(HttpStatus.SERVICE_UNAVAILABLE);
    server.stop().join();
  }
}
