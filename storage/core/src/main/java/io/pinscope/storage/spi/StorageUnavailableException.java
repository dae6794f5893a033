package io.pinscope.storage.spi;

/**
 * The engine refuses writes for now — its data disk is full, or it is recovering from a write error — and
 * expects to accept them again without a restart. Thrown at once, without touching the engine's files, while
 * the condition lasts. {@link #reason()} is safe to show to clients: a few words such as {@code "disk full"},
 * never a file path or an engine message.
 */
public final class StorageUnavailableException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  /**
   * @param reason what clients are told, e.g. {@code "disk full"}; no paths
   * @param detail what operators are told in the log (may name files)
   */
  public StorageUnavailableException(String reason, String detail) {
    super(reason + ": " + detail);
    this.reason = reason;
  }

  /** The client-safe reason, e.g. {@code "disk full"}. */
  public String reason() {
    return reason;
  }
}
