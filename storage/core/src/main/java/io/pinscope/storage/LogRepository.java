package io.pinscope.storage;

import io.pinscope.model.StoredLog;
import io.pinscope.model.TraceId;
import java.util.List;

/**
 * Log records. Records with a trace id are stored by trace, so a transaction can show its logs; records
 * without one are stored by agent and time.
 */
public interface LogRepository {
  /** The most records one read returns. */
  int MAX_RECORDS = 10_000;

  /** Stores the records; durable on return. Records are not de-duplicated. */
  void write(List<StoredLog> records);

  /** Records of one trace ordered by time ascending, at most {@code limit} (1..{@link #MAX_RECORDS}). */
  List<StoredLog> findByTrace(TraceId traceId, int limit);

  /**
   * Records of one agent that carry no trace id, time in {@code [fromMillis, toMillis)}, ascending, at most
   * {@code limit}.
   */
  List<StoredLog> findUncorrelated(String agentId, long fromMillis, long toMillis, int limit);
}
