package io.pinscope.storage.compliance;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the engine an engine's compliance class runs, and what it cannot do. Put it on the outer class
 * whose {@code @Nested} classes extend the topic classes of this suite. Every capability defaults to
 * "supported", so a new test runs on every engine unless the engine declares otherwise here; the suite
 * then skips or adapts that test with the reason, never silently.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EngineUnderTest {
  /** The engine name ({@code memory}, {@code rocksdb}, ...). */
  String value();

  /** False for engines that keep nothing across close and reopen. */
  boolean persistent() default true;

  /**
   * False for engines whose TTL follows the wall clock (with up to one second of resolution) instead of
   * {@link io.pinscope.storage.spi.EngineConfig#clock()}: TTL tests then wait for the wall clock to pass
   * the TTL, as such an engine needs real time to pass.
   */
  boolean ttlOnInjectedClock() default true;

  /**
   * False for engines that keep returning expired cells until {@code purgeExpired()} (or their own
   * background maintenance) has removed them.
   */
  boolean hidesExpiredBeforePurge() default true;

  /**
   * False for engines whose purge first merges the pending writes of a counter or max cell into one
   * freshly stamped cell, so that such a cell expires one TTL after the purge that merged it (RocksDB's
   * {@code TtlDB}): TTL tests then let a TTL pass and purge a second time.
   */
  boolean expiresMergedCellsAtFirstPurge() default true;

  /**
   * False for engines whose {@link io.pinscope.storage.spi.WideColumnStore#write} is not atomic across rows and
   * tables (HBase: per row only): the test that no reader sees a trace's spans without its scatter dot is then
   * skipped with that reason.
   */
  boolean atomicBatches() default true;
}
