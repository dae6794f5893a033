package io.pinscope.server;

import static java.util.Objects.requireNonNull;

import io.pinscope.receiver.statistics.StatisticsConfig;
import io.pinscope.servermap.StatisticsRebuild;
import io.pinscope.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the server-map statistics survive a crash of a process that writes an embedded store: the statistics
 * are aggregated in memory and written every second, so {@code kill -9} loses what was not written yet, while
 * the spans it came from are stored (and acknowledged). A small state file in the data directory,
 * {@value #FILE}, says {@code running} with the time of the last complete statistics flush (the
 * <i>watermark</i>: every span accepted before it is in the written statistics, except client and server halves
 * still waiting for each other) while the process runs, and {@code stopped} after a clean stop whose final flush
 * succeeded.
 *
 * <p>At start, when the file says {@code running} (the last stop was not clean), the minutes from the watermark
 * minus the pairing windows and {@link #SPAN_ALLOWANCE} (spans count in the minute they started, before they
 * arrived) up to now are rebuilt from the stored spans of the traces that began up to {@link #LOOKBACK_MINUTES}
 * before them ({@link StatisticsRebuild}: the stored statistics of
 * those minutes are removed and the rebuilt ones written, in one write, so nothing counts twice). This runs
 * before the receiver starts, so no ingest writes into the minutes being replaced. A missing file (a new data
 * directory) means nothing to recover; an unreadable one, a watermark of the file's modification time.
 *
 * <p>The file is replaced atomically (written beside, then renamed). A failure to write it is logged once and
 * otherwise ignored: the watermark then stays older, which only widens a later rebuild.
 */
final class StatisticsRecovery {
  static final String FILE = "statistics.state";
  /** How long before its arrival a span may have started and still be counted by a recovery. */
  static final Duration SPAN_ALLOWANCE = Duration.ofMinutes(1);
  /**
   * How long before the rebuilt minutes the traces they need may have begun: shorter than a manual rebuild's,
   * so that a start after a crash under heavy load reads a few minutes of traces, not a quarter of an hour.
   */
  static final int LOOKBACK_MINUTES = 2;
  private static final Logger logger = LoggerFactory.getLogger(StatisticsRecovery.class);
  private static final String RUNNING = "running";
  private static final String STOPPED = "stopped";

  /** What the state file said at start. */
  record State(boolean cleanStop, long watermarkMillis) {}

  /** A rebuild done at start: the minutes it replaced and what it read. */
  record Recovered(long fromMillis, long toMillis, int traces, long spans) {}

  private final Path file;
  private final Clock clock;
  private volatile boolean writeFailing;
  private volatile long watermark;
  // While a rebuild at start failed: the watermark it started from, kept in the file (by every flush and by a clean
  // stop) so the next start tries again; Long.MAX_VALUE when nothing is owed.
  private volatile long owedFrom = Long.MAX_VALUE;

  private StatisticsRecovery(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  /** The recovery state kept in {@code dataDirectory}. */
  static StatisticsRecovery in(Path dataDirectory, Clock clock) {
    return new StatisticsRecovery(dataDirectory.resolve(FILE), requireNonNull(clock, "clock"));
  }

  /** What the file says now; null when there is none. */
  @Nullable State read() {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    String[] parts = text.split("\\s+");
    try {
      if (parts.length == 2 && (parts[0].equals(RUNNING) || parts[0].equals(STOPPED))) {
        return new State(parts[0].equals(STOPPED), Long.parseLong(parts[1]));
      }
    } catch (NumberFormatException e) {
      // falls through: unreadable
    }
    try {
      return new State(false, Files.getLastModifiedTime(file).toMillis());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * At start, before the receiver runs: rebuilds the minutes an unclean stop may have lost, then marks the
   * process running. Returns what was rebuilt, or null when the last stop was clean (or there was none).
   */
  @Nullable Recovered recover(Storage storage, StatisticsConfig statistics) {
    State state = read();
    long now = clock.millis();
    Recovered recovered = null;
    if (state != null && !state.cleanStop()) {
      long from = state.watermarkMillis() - statistics.pairingWindow().toMillis()
          - statistics.latePairingWindow().toMillis() - SPAN_ALLOWANCE.toMillis();
      // Up to a minute past now: spans of hosts whose clocks run ahead count where they started.
      long to = Math.max(now, state.watermarkMillis()) + Duration.ofMinutes(1).toMillis();
      recovered = rebuild(storage, statistics, Math.min(from, to - 1), to);
      if (recovered == null) {
        // The lost minutes are still lost: keep the old watermark so the next start rebuilds them.
        owedFrom = state.watermarkMillis();
      }
    }
    flushed(now);
    return recovered;
  }

  /** The rebuild of {@code from .. to}, or null when it failed (logged, with the command to run later). */
  private @Nullable Recovered rebuild(Storage storage, StatisticsConfig statistics, long from, long to) {
    String range = Instant.ofEpochMilli(from) + " .. " + Instant.ofEpochMilli(to);
    logger.info("The last stop was not clean: rebuilding the server-map statistics of {} from the stored spans",
        range);
    try {
      // Preparing reads the store too (the applications): a failure there is handled like one while running.
      StatisticsRebuild rebuild = StatisticsRebuild.of(storage, from, to, null, new StatisticsRebuild.KeyCaps(
          statistics.maxRoutesPerApplication(), statistics.maxStatementsPerApplication()))
          .withLookback(LOOKBACK_MINUTES);
      StatisticsRebuild.Result r = rebuild.run((traces, spans) -> { });
      logger.info(String.format(Locale.ROOT, "Statistics of %s rebuilt from %,d traces (%,d spans): %,d cells "
          + "replaced by %,d", range, r.traces(), r.spans(), r.removedCells(), r.writtenCells()));
      return new Recovered(r.fromMillis(), r.toMillis(), r.traces(), r.spans());
    } catch (RuntimeException e) {
      // Serving matters more; the next start tries again (the watermark is kept), or the operator rebuilds.
      logger.warn("Rebuilding the statistics of {} failed ({}); the next start tries again, or with the server "
          + "stopped run: pinscope rebuild-statistics --from {} --to {}", range, e.getMessage(), from, to);
      return null;
    }
  }

  /**
   * Records that every span accepted before {@code watermarkMillis} is in the written statistics; after a failed
   * rebuild at start, the file keeps the older watermark instead.
   */
  void flushed(long watermarkMillis) {
    long kept = Math.min(watermarkMillis, owedFrom);
    watermark = kept;
    write(RUNNING + " " + kept);
  }

  /**
   * Records a clean stop: the final statistics flush wrote everything. After a failed rebuild at start it records
   * the older watermark as running instead, so the next start rebuilds what was lost.
   */
  void stopped() {
    long owed = owedFrom;
    write(owed == Long.MAX_VALUE ? stoppedLine(clock.millis()) : RUNNING + " " + owed);
  }

  /**
   * The state to store with a checkpoint taken now: running, with the last watermark recorded before it (so
   * a server started on the copy rebuilds the statistics not yet flushed when the checkpoint was taken).
   */
  String checkpointLine() {
    return RUNNING + " " + watermark;
  }

  /** The state of a clean stop at {@code millis}. */
  static String stoppedLine(long millis) {
    return STOPPED + " " + millis;
  }

  private void write(String content) {
    Path temp = file.resolveSibling(FILE + ".tmp");
    try {
      Files.writeString(temp, content + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      if (writeFailing) {
        logger.info("Writing {} works again", file.getFileName());
        writeFailing = false;
      }
    } catch (IOException e) {
      if (!writeFailing) {
        logger.warn("Cannot write the statistics state {} ({}); a later recovery rebuilds more minutes",
            file.getFileName(), e.toString());
        writeFailing = true;
      }
    }
  }
}
