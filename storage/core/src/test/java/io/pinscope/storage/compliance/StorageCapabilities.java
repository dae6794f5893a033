package io.pinscope.storage.compliance;

/**
 * What an engine cannot do, declared so the suite skips those cases with a reason instead of silently.
 * The default supports everything, so a new case runs on every engine.
 */
public record StorageCapabilities(boolean persistent) {
  /** Everything supported. */
  public static final StorageCapabilities ALL = new StorageCapabilities(true);

  /** The same, without persistence across close and reopen (in-memory engines). */
  public StorageCapabilities withoutPersistence() {
    return new StorageCapabilities(false);
  }
}
