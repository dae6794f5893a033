package io.pinscope.storage.compliance;

import io.pinscope.MutableClock;
import io.pinscope.storage.Retention;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the storage compliance suite: every engine runs the same topic classes (subclasses of this),
 * each engine adding one test class, annotated {@link EngineUnderTest}, whose {@code @Nested} classes
 * extend the topic classes. Tests use a fresh data directory and random ids, and close what they open.
 */
public abstract class StorageCompliance {
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

  /** Opens the engine on this test's data directory with default retention. */
  protected Storage open() {
    return open(Retention.DEFAULTS);
  }

  /** Opens the engine on this test's data directory. */
  protected Storage open(Retention retention) {
    Storage s = Storage.open(StorageConfig.builder().engine(engine()).dataDirectory(dataDirectory)
        .retention(retention).clock(clock).build());
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

  /** Polls {@code condition} until true or the deadline passes; fails with {@code what}. */
  protected static void await(String what, Duration deadline, BooleanSupplier condition) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + deadline + " waiting for: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what, e);
      }
    }
  }
}
