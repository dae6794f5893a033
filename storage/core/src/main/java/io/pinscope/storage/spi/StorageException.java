package io.pinscope.storage.spi;

/** A storage failure: the engine could not open, read or write. The message names the cause and fix. */
public class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
