package io.pinscope.storage;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.ScatterDot;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One dot per entry span, by application and time: the data of the scatter chart and of the
 * transaction list. A dot is identified by (application, start time, trace id, span id): written again, in
 * the same write or another, it is still read once.
 */
public interface ScatterIndex {
  /** The largest page {@link #scan} returns. */
  int MAX_LIMIT = 10_000;

  /** Stores the dots; durable on return. */
  void write(List<ScatterDot> dots);

  /**
   * Dots of one application with start time in {@code [fromMillis, toMillis)}, newest first (ties by
   * trace id, then span id). At most {@code limit} dots; when more remain, {@link ScatterPage#complete()}
   * is false and {@link ScatterPage#next()} is a cursor that continues after the last dot returned.
   */
  ScatterPage scan(ScatterQuery query);

  /** A scatter read. {@code cursor} is null for the first page, else a previous page's {@code next}. */
  record ScatterQuery(String application, long fromMillis, long toMillis, int limit,
      @Nullable String cursor) {
    public ScatterQuery {
      requireNonNull(application, "application");
      if (toMillis < fromMillis) {
        throw new IllegalArgumentException(
            "toMillis: " + toMillis + " (expected: >= fromMillis " + fromMillis + ")");
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new IllegalArgumentException("limit: " + limit + " (expected: 1.." + MAX_LIMIT + ")");
      }
    }
  }

  /** One page of dots, newest first. */
  record ScatterPage(List<ScatterDot> dots, boolean complete, @Nullable String next) {
    public ScatterPage {
      dots = List.copyOf(dots);
    }
  }
}
