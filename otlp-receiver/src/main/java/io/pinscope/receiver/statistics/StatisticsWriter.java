package io.pinscope.receiver.statistics;

import static java.util.Objects.requireNonNull;

import io.pinscope.servermap.StatisticsAccumulator;
import io.pinscope.storage.MapStatistics;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes aggregated statistics to {@link MapStatistics}. A failed write is not thrown: it is logged once per
 * failing period, counted, and its cells are kept and merged into the next write, up to a bound of cells;
 * past it whole slots are dropped, oldest first, counted and logged. Not thread-safe: one flush at a time.
 */
final class StatisticsWriter {
  private static final Logger logger = LoggerFactory.getLogger(StatisticsWriter.class);

  private final MapStatistics sink;
  private final int maxRetainedCells;
  private @Nullable StatisticsAccumulator retained;
  private boolean failing;
  // Read by snapshots from other threads.
  private volatile int retainedCells;
  private volatile long linksWritten;
  private volatile long flushes;
  private volatile long failedFlushes;
  private volatile long droppedCells;

  StatisticsWriter(MapStatistics sink, int maxRetainedCells) {
    this.sink = requireNonNull(sink, "sink");
    if (maxRetainedCells < 0) {
      throw new IllegalArgumentException("maxRetainedCells: " + maxRetainedCells + " (expected: >= 0)");
    }
    this.maxRetainedCells = maxRetainedCells;
  }

  /** Writes {@code taken} together with what failed writes kept. */
  void write(StatisticsAccumulator taken) {
    StatisticsAccumulator toWrite = taken;
    StatisticsAccumulator kept = retained;
    if (kept != null) {
      kept.addAll(taken);
      toWrite = kept;
      retained = null;
    }
    try {
      if (!toWrite.isEmpty()) {
        sink.write(toWrite.toBatch());
      }
    } catch (RuntimeException e) {
      failedFlushes++;
      if (!failing) {
        logger.warn("Writing server-map statistics failed; {} cells kept for the next flush", toWrite.cells(), e);
      } else {
        logger.debug("Writing server-map statistics failed again", e);
      }
      failing = true;
      retain(toWrite);
      return;
    }
    linksWritten += toWrite.linkCells();
    flushes++;
    retainedCells = 0;
    if (failing) {
      logger.info("Writing server-map statistics works again");
      failing = false;
    }
  }

  int retainedCells() {
    return retainedCells;
  }

  long linksWritten() {
    return linksWritten;
  }

  long flushes() {
    return flushes;
  }

  long failedFlushes() {
    return failedFlushes;
  }

  long droppedCells() {
    return droppedCells;
  }

  private void retain(StatisticsAccumulator unwritten) {
    int dropped = unwritten.dropOldestSlots(maxRetainedCells);
    if (dropped > 0) {
      droppedCells += dropped;
      logger.warn("Dropped {} server-map statistics cells of the oldest slots: storage has been failing and "
          + "at most {} cells are kept", dropped, maxRetainedCells);
    }
    retained = unwritten;
    retainedCells = unwritten.cells();
  }
}
