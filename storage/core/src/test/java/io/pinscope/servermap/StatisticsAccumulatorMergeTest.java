package io.pinscope.servermap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.model.LinkKey;
import io.pinscope.model.SelfKey;
import io.pinscope.model.SlotValue;
import io.pinscope.model.SqlKey;
import io.pinscope.model.TraceId;
import io.pinscope.model.UriKey;
import io.pinscope.storage.StatisticsBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Summing parts apart and merging them gives what counting every call in the shared accumulator gives. */
class StatisticsAccumulatorMergeTest {
  private static final long SLOT = SlotValue.slotOf(1_700_000_000_000L);

  /** A per-application cap of {@code max} keys, as the receiver's, counting the folded calls. */
  private static final class Cap<K> implements StatisticsAccumulator.Admission<K> {
    private final int max;
    private final Function<K, String> application;
    private final UnaryOperator<K> other;
    private final Map<String, Set<K>> keys = new HashMap<>();
    long folded;

    Cap(int max, Function<K, String> application, UnaryOperator<K> other) {
      this.max = max;
      this.application = application;
      this.other = other;
    }

    @Override
    public K admit(K key, long calls) {
      Set<K> known = keys.computeIfAbsent(application.apply(key), a -> new HashSet<>());
      if (known.contains(key) || (known.size() < max && known.add(key))) {
        return key;
      }
      folded += calls;
      return other.apply(key);
    }
  }

  private static Cap<UriKey> routes() {
    return new Cap<>(2, UriKey::applicationName, k -> new UriKey(k.applicationName(), "other"));
  }

  private static Cap<SqlKey> statements() {
    return new Cap<>(2, SqlKey::applicationName, k -> new SqlKey(k.applicationName(), k.dbSystem(), k.database(),
        "other"));
  }

  private record Call(int kind, long slotMillis, int key, long elapsedMillis, boolean error, TraceId traceId) {
    void countIn(StatisticsAccumulator acc, UnaryOperator<UriKey> route, UnaryOperator<SqlKey> statement) {
      String app = "app" + key % 2;
      switch (kind) {
        case 0 -> acc.self(slotMillis, new SelfKey(app, 1010, "agent" + key % 3), elapsedMillis, error);
        case 1 -> acc.link(slotMillis, new LinkKey(app, 1010, "db" + key % 4, 2101, "h:" + key % 4), elapsedMillis,
            error);
        case 2 -> acc.uriCall(slotMillis, route.apply(new UriKey(app, "GET /r" + key)), elapsedMillis, error,
            traceId);
        default -> acc.sqlCall(slotMillis, statement.apply(new SqlKey(app, "pg", "shop", "SELECT " + key)),
            elapsedMillis, error, traceId);
      }
    }
  }

  private static List<Call> calls(Random random, int n) {
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(new Call(random.nextInt(4), SLOT + random.nextInt(3) * SlotValue.SLOT_MILLIS, random.nextInt(8),
          random.nextInt(5_000), random.nextInt(5) == 0, new TraceId(1, i + 1)));
    }
    return calls;
  }

  @Test
  void partsMergedAtOnce_equalCountingEveryCallInTheSharedAccumulator_capsAndExamplesIncluded() {
    for (int seed = 0; seed < 50; seed++) {
      Random random = new Random(seed);
      List<Call> calls = calls(random, 1 + random.nextInt(300));

      StatisticsAccumulator oneByOne = new StatisticsAccumulator();
      Cap<UriKey> routes1 = routes();
      Cap<SqlKey> statements1 = statements();
      for (Call c : calls) {
        c.countIn(oneByOne, k -> routes1.admit(k, 1), k -> statements1.admit(k, 1));
      }

      StatisticsAccumulator merged = new StatisticsAccumulator();
      Cap<UriKey> routes2 = routes();
      Cap<SqlKey> statements2 = statements();
      int i = 0;
      while (i < calls.size()) {
        int end = Math.min(calls.size(), i + 1 + random.nextInt(60));
        StatisticsAccumulator part = StatisticsAccumulator.inArrivalOrder();
        for (Call c : calls.subList(i, end)) {
          c.countIn(part, UnaryOperator.identity(), UnaryOperator.identity());
        }
        merged.merge(part, routes2, statements2);
        i = end;
      }

      StatisticsBatches.assertSameBatch(merged.toBatch(), oneByOne.toBatch(), "seed " + seed);
      assertThat(merged.cells()).isEqualTo(oneByOne.cells());
      assertThat(routes2.folded).as("seed %d", seed).isEqualTo(routes1.folded);
      assertThat(statements2.folded).as("seed %d", seed).isEqualTo(statements1.folded);
      assertThat(routes2.keys).isEqualTo(routes1.keys);
      assertThat(statements2.keys).isEqualTo(statements1.keys);
    }
  }

  @Test
  void foldedExamples_theCallCountedLastWins_admissionsInTheOrderOfFirstCalls() {
    UriKey a = new UriKey("web", "GET /a");
    UriKey b = new UriKey("web", "GET /b");
    UriKey c = new UriKey("web", "GET /c");
    StatisticsAccumulator part = StatisticsAccumulator.inArrivalOrder();
    part.uriCall(SLOT, b, 10, false, new TraceId(0, 1)); // admitted: first seen
    part.uriCall(SLOT, a, 10, false, new TraceId(0, 2)); // folded (cap 1)
    part.uriCall(SLOT, c, 10, false, new TraceId(0, 3)); // folded
    part.uriCall(SLOT, a, 10, false, new TraceId(0, 4)); // folded: the last call of "other"
    StatisticsAccumulator merged = new StatisticsAccumulator();
    Cap<UriKey> cap = new Cap<>(1, UriKey::applicationName, k -> new UriKey(k.applicationName(), "other"));
    merged.merge(part, cap, statements());

    StatisticsBatch batch = merged.toBatch();
    assertThat(batch.uris()).extracting(v -> v.key().route() + "=" + v.histogram().totalCount())
        .containsExactlyInAnyOrder("GET /b=1", "other=3");
    assertThat(batch.uriExamples()).extracting(e -> e.key().route() + "=" + e.traceId().low())
        .containsExactlyInAnyOrder("GET /b=1", "other=4");
    assertThat(cap.folded).isEqualTo(3);
  }

  @Test
  void merge_takesOnlyAPartInArrivalOrder() {
    assertThatThrownBy(() -> new StatisticsAccumulator().merge(new StatisticsAccumulator(), routes(), statements()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inArrivalOrder()");
  }
}
