package io.pinscope.receiver.mapping;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.StoredLog;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link LogMapper} made of one export request: the records to store, grouped by the resource that
 * sent them, and the records it rejected.
 *
 * @param batches one per resource that names an application, in request order
 * @param received the number of log records in the request
 * @param rejected the number of rejected log records, for partial_success {@code rejected_log_records}
 * @param reasons distinct reasons, at most 10, in the order first met
 */
public record MappedLogs(List<Batch> batches, int received, int rejected, List<String> reasons) {
  /** The records of one resource. */
  public record Batch(ResourceIdentity identity, List<StoredLog> logs) {
    public Batch {
      requireNonNull(identity, "identity");
      logs = List.copyOf(logs);
    }
  }

  public MappedLogs {
    batches = List.copyOf(batches);
    reasons = List.copyOf(reasons);
    if (rejected < 0 || rejected > received) {
      throw new IllegalArgumentException("rejected: " + rejected + " (expected: 0.." + received + ")");
    }
  }

  /** Every record of every batch, in order. */
  public List<StoredLog> logs() {
    List<StoredLog> all = new ArrayList<>();
    batches.forEach(b -> all.addAll(b.logs()));
    return all;
  }

  /** The reasons joined by {@code "; "}, for partial_success {@code error_message}; empty when none. */
  public String errorMessage() {
    return Rejections.message(reasons);
  }
}
