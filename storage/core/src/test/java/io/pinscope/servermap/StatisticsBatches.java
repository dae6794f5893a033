package io.pinscope.servermap;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.storage.StatisticsBatch;

/** Assertions on {@link StatisticsBatch}es for the statistics tests of every module. */
public final class StatisticsBatches {
  /** {@code actual} holds the same cells, host mappings and examples as {@code expected}, in any order. */
  public static void assertSameBatch(StatisticsBatch actual, StatisticsBatch expected, String as) {
    assertThat(actual.self()).as(as).containsExactlyInAnyOrderElementsOf(expected.self());
    assertThat(actual.links()).as(as).containsExactlyInAnyOrderElementsOf(expected.links());
    assertThat(actual.hostMappings()).as(as).containsExactlyInAnyOrderElementsOf(expected.hostMappings());
    assertThat(actual.uris()).as(as).containsExactlyInAnyOrderElementsOf(expected.uris());
    assertThat(actual.sqls()).as(as).containsExactlyInAnyOrderElementsOf(expected.sqls());
    assertThat(actual.uriExamples()).as(as).containsExactlyInAnyOrderElementsOf(expected.uriExamples());
    assertThat(actual.sqlExamples()).as(as).containsExactlyInAnyOrderElementsOf(expected.sqlExamples());
    assertThat(actual.linkExamples()).as(as).containsExactlyInAnyOrderElementsOf(expected.linkExamples());
  }

  private StatisticsBatches() {}
}
