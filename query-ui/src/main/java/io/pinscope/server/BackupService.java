package io.pinscope.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pinscope.storage.Storage;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/admin/backup} with {@code {"to": "/backups/2026-11-30"}}: writes an online, consistent
 * checkpoint of the embedded store into that directory on the server's file system ({@link Backups#take}), while
 * ingest goes on. Answers 200 {@code {"path": ..., "files": n, "bytes": n}}; 400 {@code {"error": ...}} for a
 * missing or non-empty target or an engine that takes no checkpoints; 409 while another backup runs; 405 for
 * other methods. An administrative route that writes anywhere the server may write: with auth on, it needs the
 * {@code admin} role (every non-GET {@code /api} request does); with auth off it answers only loopback peers (403
 * for any other). It runs without Armeria's request timeout: a checkpoint to another file system copies files and
 * may take minutes.
 */
final class BackupService implements HttpService {
  static final String PATH = "/api/v1/admin/backup";
  private static final Logger logger = LoggerFactory.getLogger(BackupService.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Storage storage;
  private final Supplier<String> statisticsState;
  private final boolean authOn;
  private final ReentrantLock running = new ReentrantLock();

  /**
   * {@code statisticsState}: the {@link StatisticsRecovery#FILE} line to store with a checkpoint taken now;
   * {@code authOn}: whether the {@code /api} routes check tokens (else only loopback peers are answered).
   */
  BackupService(Storage storage, Supplier<String> statisticsState, boolean authOn) {
    this.storage = storage;
    this.statisticsState = statisticsState;
    this.authOn = authOn;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    if (req.method() != HttpMethod.POST) {
      return json(HttpStatus.METHOD_NOT_ALLOWED, error("method: " + req.method() + " (expected: POST)"));
    }
    // The TCP peer, never a forwarded header: with no tokens, the only proof of an operator is being on the host.
    InetAddress peer = ctx.remoteAddress().getAddress();
    if (!authOn && !peer.isLoopbackAddress()) {
      return json(HttpStatus.FORBIDDEN, error("backup from " + peer.getHostAddress() + " (expected: from the "
          + "server's own host, or start the server with --auth-tokens FILE and send an admin token)"));
    }
    // A checkpoint may copy gigabytes to another file system: the default 10 s would answer 503 mid-copy.
    ctx.clearRequestTimeout();
    return HttpResponse.of(req.aggregate().thenApplyAsync(this::backup, ctx.blockingTaskExecutor()));
  }

  private HttpResponse backup(AggregatedHttpRequest req) {
    Path to;
    try {
      JsonNode body = JSON.readTree(req.contentUtf8());
      JsonNode text = body == null ? null : body.get("to");
      if (text == null || !text.isTextual() || text.asText().isBlank()) {
        return json(HttpStatus.BAD_REQUEST, error("to: missing (expected: {\"to\": \"/absolute/backup/dir\"})"));
      }
      to = Path.of(text.asText());
      if (!to.isAbsolute()) {
        return json(HttpStatus.BAD_REQUEST, error("to: " + to + " (expected: an absolute path on the server)"));
      }
    } catch (IOException | InvalidPathException e) {
      return json(HttpStatus.BAD_REQUEST, error("body: not {\"to\": \"/absolute/backup/dir\"} (" + e.getMessage()
          + ")"));
    }
    if (!running.tryLock()) {
      return json(HttpStatus.CONFLICT, error("a backup is running (expected: one at a time)"));
    }
    try {
      long started = System.nanoTime();
      // The state first: its watermark must not be later than what the checkpoint holds.
      String state = statisticsState.get();
      Backups.Taken taken = Backups.take(storage, to, state);
      logger.info("Backup written to {}: {} files, {} bytes in {} ms", taken.path(), taken.files(), taken.bytes(),
          (System.nanoTime() - started) / 1_000_000);
      ObjectNode out = JSON.createObjectNode().put("path", taken.path().toString()).put("files", taken.files())
          .put("bytes", taken.bytes());
      return json(HttpStatus.OK, out);
    } catch (IllegalArgumentException e) {
      return json(HttpStatus.BAD_REQUEST, error(e.getMessage()));
    } catch (RuntimeException e) {
      logger.warn("Backup to {} failed", to, e);
      return json(HttpStatus.INTERNAL_SERVER_ERROR, error("backup failed: " + e.getMessage()));
    } finally {
      running.unlock();
    }
  }

  private static ObjectNode error(String message) {
    return JSON.createObjectNode().put("error", message);
  }

  private static HttpResponse json(HttpStatus status, ObjectNode body) {
    return HttpResponse.of(status, MediaType.JSON_UTF_8, body.toString());
  }
}
