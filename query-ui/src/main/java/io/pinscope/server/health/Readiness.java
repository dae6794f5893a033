package io.pinscope.server.health;

import static java.util.Objects.requireNonNull;

import io.pinscope.receiver.IngestLoad;
import io.pinscope.storage.Retention;
import io.pinscope.storage.Storage;
import io.pinscope.storage.spi.WideColumnStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness ({@code GET /ready}): whether this process should receive traffic now. Every check runs on each
 * call, in this order, and each adds its detail to {@link ReadinessReport#checks()}:
 * <ol>
 *   <li>{@code storageWritable}: the engine does not refuse writes ({@link WideColumnStore#writeFault()},
 *       no I/O); when it does, {@code storageWriteFault} names why (e.g. {@code "disk full"}).
 *   <li>{@code storageReadable}: a point read of one absent cell succeeds.
 *   <li>{@code freeDiskMib} and {@code minFreeDiskMib}: free space of the data directory's file system
 *       (rocksdb only: engines without a data directory skip this check).
 *   <li>{@code ingestQueued}, {@code ingestQueueCapacity}, {@code ingestInFlightBytes},
 *       {@code ingestBudgetBytes}: the OTLP workers' load (roles that ingest); saturated when the queue or
 *       the in-flight budget is full.
 * </ol>
 * The report's reason is the first failing check's, client-safe: no file path, no exception class.
 */
public final class Readiness {
  private static final Logger logger = LoggerFactory.getLogger(Readiness.class);
  // A cell no table holds: reading it walks the engine's read path without returning data.
  private static final byte[] PROBE_ROW = "pinscope.ready".getBytes(StandardCharsets.US_ASCII);
  private static final long MIB = 1 << 20;

  private final Storage storage;
  private final @Nullable Path dataDirectory;
  private final long minFreeDiskBytes;
  private final Supplier<@Nullable IngestLoad> ingest;
  private final String probeTable;
  private final String probeFamily;

  /**
   * @param dataDirectory the data directory whose disk is checked, or null to skip the free-space check
   * @param minFreeDiskBytes free space the data disk needs, bytes (0: any)
   * @param ingest the ingest workers' load now, or null where this process does not ingest
   */
  public Readiness(Storage storage, @Nullable Path dataDirectory, long minFreeDiskBytes,
      Supplier<@Nullable IngestLoad> ingest) {
    this.storage = requireNonNull(storage, "storage");
    this.dataDirectory = dataDirectory;
    if (minFreeDiskBytes < 0) {
      throw new IllegalArgumentException("minFreeDiskBytes: " + minFreeDiskBytes + " (expected: >= 0)");
    }
    this.minFreeDiskBytes = minFreeDiskBytes;
    this.ingest = requireNonNull(ingest, "ingest");
    var table = Storage.tables(Retention.DEFAULTS).get(0);
    this.probeTable = table.name();
    this.probeFamily = table.families().get(0).name();
  }

  /** Checks readiness now; cheap enough to answer every probe (no writes, one point read, one statfs). */
  public ReadinessReport check() {
    Map<String, Object> checks = new LinkedHashMap<>();
    String reason = null;
    WideColumnStore store = storage.store();
    checks.put("storage", store.engineName());

    String fault = store.writeFault();
    checks.put("storageWritable", fault == null);
    if (fault != null) {
      checks.put("storageWriteFault", fault);
      reason = "storage not writable: " + fault;
    }

    boolean readable;
    try {
      store.get(probeTable, probeFamily, PROBE_ROW, PROBE_ROW);
      readable = true;
    } catch (RuntimeException e) {
      readable = false;
      logger.debug("readiness read failed", e);
    }
    checks.put("storageReadable", readable);
    if (!readable && reason == null) {
      reason = "storage not readable";
    }

    if (dataDirectory != null) {
      long free = freeBytes(dataDirectory);
      if (free >= 0) {
        checks.put("freeDiskMib", free / MIB);
        checks.put("minFreeDiskMib", minFreeDiskBytes / MIB);
        if (free < minFreeDiskBytes && reason == null) {
          reason = "data disk has " + free / MIB + " MiB free (expected: at least " + minFreeDiskBytes / MIB
              + " MiB)";
        }
      }
    }

    IngestLoad load = ingest.get();
    if (load != null) {
      checks.put("ingestQueued", load.queued());
      checks.put("ingestQueueCapacity", load.queueCapacity());
      checks.put("ingestInFlightBytes", load.inFlightBytes());
      checks.put("ingestBudgetBytes", load.budgetBytes());
      if (load.saturated() && reason == null) {
        reason = "ingest saturated";
      }
    }
    return reason == null ? ReadinessReport.ready(checks) : ReadinessReport.notReady(reason, checks);
  }

  /** Usable bytes of the file system holding {@code dir}; -1 when it cannot be asked. */
  private static long freeBytes(Path dir) {
    try {
      return Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      return -1;
    }
  }
}
