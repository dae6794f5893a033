package io.pinscope.server.health;

import static java.util.Objects.requireNonNull;

import io.pinscope.storage.Storage;
import java.util.Map;

/**
 * Readiness ({@code GET /ready}): whether this process should receive traffic now.
 *
 * <p>Placeholder until the readiness checks (storage writable and readable, free disk, ingest queue) land:
 * it always answers ready, naming the storage engine.
 */
public final class Readiness {
  private final Storage storage;

  public Readiness(Storage storage) {
    this.storage = requireNonNull(storage, "storage");
  }

  /** Checks readiness now; cheap enough to answer every probe. */
  public ReadinessReport check() {
    return ReadinessReport.ready(Map.of("storage", storage.store().engineName()));
  }
}
