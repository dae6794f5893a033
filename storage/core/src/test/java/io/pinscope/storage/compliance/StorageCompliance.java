package io.pinscope.storage.compliance;

import io.pinscope.MutableClock;
import io.pinscope.storage.Retention;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import io.pinscope.storage.spi.WideColumnStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the storage compliance suite: every engine runs the same topic classes (subclasses of this),
 * each engine adding one test class, annotated {@link EngineUnderTest}, whose {@code @Nested} classes
 * extend the topic classes. Tests use a fresh data directory and random ids, and close what they open.
 */
public abstract class StorageCompliance {
  private static final long COARSE_CLOCK_MARGIN_MILLIS = 250;

  @TempDir
  protected Path dataDirectory;

  /** The clock handed to the engine; engines that use the wall clock for TTL ignore it. */
  protected final MutableClock clock = MutableClock.ofNow();

  private final List<Storage> opened = new ArrayList<>();

  /** The engine name under test, from the enclosing class's {@link EngineUnderTest}. */
  protected String engine() {
    return engineUnderTest().value();
  }

  /** What the engine declares about itself. */
  protected EngineUnderTest engineUnderTest() {
    for (Class<?> c = getClass(); c != null; c = c.getEnclosingClass()) {
      EngineUnderTest e = c.getAnnotation(EngineUnderTest.class);
      if (e != null) {
        return e;
      }
    }
    throw new IllegalStateException(getClass().getName()
        + " runs the storage compliance suite but no enclosing class names its engine"
        + " (expected: @EngineUnderTest(\"name\") on the outer test class)");
  }

  /**
   * The options the engine is opened with ({@link io.pinscope.storage.spi.EngineConfig#options()}): none
   * by default. Each test needs a store of its own; an engine whose data outlives the data directory (a
   * shared cluster) returns options that give each test its own tables, the same for every open within
   * one test.
   */
  protected Map<String, String> engineOptions() {
    return Map.of();
  }

  /** Opens the engine on this test's data directory with default retention. */
  protected Storage open() {
    return open(Retention.DEFAULTS);
  }

  /** Opens the engine on this test's data directory. */
  protected Storage open(Retention retention) {
    StorageConfig.Builder config = StorageConfig.builder().engine(engine()).dataDirectory(dataDirectory)
        .retention(retention).clock(clock);
    engineOptions().forEach(config::engineOption);
    Storage s = Storage.open(config.build());
    opened.add(s);
    return s;
  }

  @AfterEach
  void closeOpened() {
    for (Storage s : opened) {
      try {
        s.close();
      } catch (IllegalStateException alreadyClosed) {
        // A test that closed its storage on purpose.
      }
    }
  }

  /**
   * Ages every cell written so far past {@code ttl} on the engine's TTL clock, then purges: the injected
   * clock moves past the TTL, and for engines whose TTL follows the wall clock
   * ({@link EngineUnderTest#ttlOnInjectedClock()}) this waits until the wall clock is past it too (time
   * passing is what such a TTL needs; nothing else is waited for). Engines that re-stamp merged counter
   * and max cells when purging ({@link EngineUnderTest#expiresMergedCellsAtFirstPurge()}) get a second
   * round. No deadline is asserted.
   */
  protected void expireAndPurge(WideColumnStore store, Duration ttl) {
    ageAndPurge(store, ttl);
    if (!engineUnderTest().expiresMergedCellsAtFirstPurge()) {
      ageAndPurge(store, ttl);
    }
  }

  private void ageAndPurge(WideColumnStore store, Duration ttl) {
    long writtenMillis = System.currentTimeMillis();
    clock.advance(ttl.plusSeconds(1));
    if (!engineUnderTest().ttlOnInjectedClock()) {
      // A cell is stamped with its write second and expires once that second plus the TTL is over. The
      // margin is for engines that read a coarse clock (time(2) may lag the precise one by a tick).
      waitForWallClock((writtenMillis / 1_000 + ttl.toSeconds() + 1) * 1_000 + COARSE_CLOCK_MARGIN_MILLIS);
    }
    store.purgeExpired();
  }

  private static void waitForWallClock(long epochMillis) {
    for (long left = epochMillis - System.currentTimeMillis(); left > 0;
        left = epochMillis - System.currentTimeMillis()) {
      try {
        Thread.sleep(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for the wall clock to reach " + epochMillis, e);
      }
    }
  }
}
