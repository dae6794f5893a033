package io.pinscope.storage.compliance;

import static io.pinscope.TestObjects.TODAY_MILLIS;
import static io.pinscope.TestObjects.randomSpanId;
import static io.pinscope.TestObjects.randomTraceId;
import static io.pinscope.TestObjects.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.model.ScatterDot;
import io.pinscope.model.UriRoutes;
import io.pinscope.storage.ScatterIndex;
import io.pinscope.storage.ScatterIndex.ScatterPage;
import io.pinscope.storage.ScatterIndex.ScatterQuery;
import io.pinscope.storage.Storage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ScatterIndex}: newest first, [from, to) bounds, limits, paging, application isolation, routes. */
public abstract class ScatterIndexCompliance extends StorageCompliance {
  private static final long BASE = TODAY_MILLIS + 9 * 3_600_000L;
  private static final Comparator<ScatterDot> NEWEST_FIRST = Comparator
      .comparingLong(ScatterDot::epochMillis).reversed()
      .thenComparing(ScatterDot::traceId)
      .thenComparing(d -> d.spanId() ^ Long.MIN_VALUE);

  private static ScatterDot dot(String app, long time, long elapsed, boolean error) {
    return new ScatterDot(app, app + "-agent", time, elapsed, error, randomTraceId(), randomSpanId());
  }

  @Test
  protected void scan_newestFirst_withinBounds_pagedByLimit() {
    Storage storage = open();
    String app = uniqueName("web");
    List<ScatterDot> all = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      all.add(dot(app, BASE + i * 1_000L, i * 10L, i % 5 == 0));
    }
    for (int i = 0; i < 3; i++) {
      all.add(dot(app, BASE + 10_000L, 7, false)); // same millisecond as i = 10
    }
    // Other applications, including names that extend this one, must never show up.
    storage.scatter().write(List.of(dot(app + "2", BASE + 10_000L, 1, false),
        dot(app + "-extra", BASE + 12_000L, 1, false)));
    storage.scatter().write(all);

    long from = BASE + 5_000L;
    long to = BASE + 20_000L;
    List<ScatterDot> expected = all.stream()
        .filter(d -> d.epochMillis() >= from && d.epochMillis() < to).sorted(NEWEST_FIRST).toList();
    assertThat(expected).hasSize(18);

    List<ScatterDot> paged = new ArrayList<>();
    List<Boolean> completes = new ArrayList<>();
    String cursor = null;
    do {
      ScatterPage page = storage.scatter().scan(new ScatterQuery(app, from, to, 7, cursor));
      paged.addAll(page.dots());
      completes.add(page.complete());
      cursor = page.next();
    } while (cursor != null);

    assertThat(paged).containsExactlyElementsOf(expected);
    assertThat(completes).containsExactly(false, false, true);
  }

  @Test
  protected void scan_singlePage_completeWhenEverythingFits() {
    Storage storage = open();
    String app = uniqueName("api");
    List<ScatterDot> dots = List.of(dot(app, BASE, 1, false), dot(app, BASE + 1, 2, true));
    storage.scatter().write(dots);

    ScatterPage page = storage.scatter().scan(new ScatterQuery(app, BASE, BASE + 2, 2, null));

    assertThat(page.complete()).isTrue();
    assertThat(page.next()).isNull();
    assertThat(page.dots()).containsExactly(dots.get(1), dots.get(0));
  }

  @Test
  protected void scan_emptyRangeAndUnknownApplication_giveNothing() {
    Storage storage = open();
    String app = uniqueName("api");
    storage.scatter().write(List.of(dot(app, BASE, 1, false)));

    assertThat(storage.scatter().scan(new ScatterQuery(app, BASE, BASE, 10, null)).dots()).isEmpty();
    assertThat(storage.scatter().scan(new ScatterQuery(app, BASE + 1, BASE + 100, 10, null)).dots()).isEmpty();
    assertThat(storage.scatter().scan(new ScatterQuery("nobody", 0, Long.MAX_VALUE, 10, null)).dots()).isEmpty();
    assertThat(storage.scatter().scan(new ScatterQuery(app, 0, Long.MAX_VALUE, 10, null)).dots()).hasSize(1);
  }

  @Test
  protected void scan_readsEachDotsRoute_dotsWithoutOneReadBackWithout() {
    Storage storage = open();
    String app = uniqueName("web");
    String longRoute = "GET /" + "x".repeat(UriRoutes.MAX_LENGTH - 5);
    List<ScatterDot> dots = List.of(
        routed(dot(app, BASE + 3, 5, false), "GET /orders/{id}"),
        routed(dot(app, BASE + 2, 6, true), "POST /bücher/{id}"),
        routed(dot(app, BASE + 1, 7, false), longRoute),
        routed(dot(app, BASE + 1, 8, false), ""),
        dot(app, BASE, 9, false));
    storage.scatter().write(dots);

    List<ScatterDot> read = storage.scatter().scan(new ScatterQuery(app, BASE, BASE + 4, 10, null)).dots();

    assertThat(read).containsExactlyElementsOf(dots.stream().sorted(NEWEST_FIRST).toList());
    assertThat(read).extracting(ScatterDot::route).containsOnlyOnce("GET /orders/{id}", "POST /bücher/{id}",
        longRoute, "", null);
  }

  private static ScatterDot routed(ScatterDot d, String route) {
    return new ScatterDot(d.applicationName(), d.agentId(), d.epochMillis(), d.elapsedMillis(), d.error(),
        d.traceId(), d.spanId(), route);
  }

  @Test
  protected void write_sameDotTwice_isOneDot() {
    Storage storage = open();
    String app = uniqueName("api");
    ScatterDot d = dot(app, BASE, 5, false);
    storage.scatter().write(List.of(d, d));
    storage.scatter().write(List.of(d));

    assertThat(storage.scatter().scan(new ScatterQuery(app, BASE, BASE + 1, 10, null)).dots()).containsExactly(d);
  }

  /**
   * Dots written in batches that overlap (a retried export, grouped differently), spread over seconds so that
   * batches hold several groups and query bounds cut through them; every page of every query must be exactly
   * the matching distinct dots in order, at every limit.
   */
  @Test
  protected void scan_overlappingBatches_spreadOverSeconds_readEachDotOnceInOrder() {
    Storage storage = open();
    String app = uniqueName("web");
    String other = app + "2";
    Random random = new Random(42);
    List<ScatterDot> distinct = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      long time = BASE + random.nextInt(20_000);
      distinct.add(random.nextInt(10) == 0 && !distinct.isEmpty()
          ? sameTime(distinct.get(random.nextInt(distinct.size())), app, random) // ties on time
          : new ScatterDot(app, "agent-" + random.nextInt(3), time, random.nextInt(5_000), random.nextBoolean(),
              randomTraceId(), randomSpanId(), random.nextBoolean() ? "GET /r" + random.nextInt(4) : null));
    }
    for (int from = 0; from < distinct.size(); ) {
      int to = Math.min(distinct.size(), from + 100 + random.nextInt(900));
      List<ScatterDot> batch = new ArrayList<>(distinct.subList(Math.max(0, from - random.nextInt(200)), to));
      batch.add(dot(other, BASE + random.nextInt(20_000), 1, false));
      Collections.shuffle(batch, random);
      storage.scatter().write(batch);
      from = to;
    }

    for (int q = 0; q < 12; q++) {
      long from = BASE - 500 + random.nextInt(12_000);
      long to = from + random.nextInt(10_000);
      int limit = 1 + random.nextInt(q % 3 == 0 ? 2_000 : 300);
      List<ScatterDot> expected = distinct.stream()
          .filter(d -> d.epochMillis() >= from && d.epochMillis() < to).sorted(NEWEST_FIRST).toList();

      List<ScatterDot> paged = new ArrayList<>();
      String cursor = null;
      int pages = 0;
      do {
        ScatterPage page = storage.scatter().scan(new ScatterQuery(app, from, to, limit, cursor));
        assertThat(page.dots()).hasSizeLessThanOrEqualTo(limit);
        assertThat(page.complete()).isEqualTo(page.next() == null);
        paged.addAll(page.dots());
        cursor = page.next();
        pages++;
      } while (cursor != null && pages <= expected.size() + 1);

      assertThat(paged).as("[%d, %d) by %d", from, to, limit).containsExactlyElementsOf(expected);
      assertThat(pages).isEqualTo(Math.max(1, (expected.size() + limit - 1) / limit)); // a full last page ends
    }
  }

  /** More rows than a read takes at a time, all with one key time: their dots still come out in order. */
  @Test
  protected void scan_manyWritesInOneMillisecond_readInTraceIdOrder() {
    Storage storage = open();
    String app = uniqueName("api");
    List<ScatterDot> dots = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ScatterDot d = dot(app, BASE, i, false);
      dots.add(d);
      storage.scatter().write(List.of(d)); // a row each
    }

    assertThat(storage.scatter().scan(new ScatterQuery(app, BASE, BASE + 1, 1_000, null)).dots())
        .containsExactlyElementsOf(dots.stream().sorted(NEWEST_FIRST).toList());
  }

  private static ScatterDot sameTime(ScatterDot d, String app, Random random) {
    return new ScatterDot(app, d.agentId(), d.epochMillis(), random.nextInt(100), false,
        random.nextBoolean() ? d.traceId() : randomTraceId(), randomSpanId(), d.route());
  }

  @Test
  protected void scan_badArguments_areRejectedWithTheValue() {
    Storage storage = open();
    assertThatThrownBy(() -> new ScatterQuery("a", 0, 10, 0, null)).hasMessageContaining("limit: 0");
    assertThatThrownBy(() -> new ScatterQuery("a", 0, 10, 10_001, null)).hasMessageContaining("limit: 10001");
    assertThatThrownBy(() -> new ScatterQuery("a", 10, 0, 5, null)).hasMessageContaining("toMillis: 0");
    assertThatThrownBy(() -> storage.scatter().scan(new ScatterQuery("a", 0, 10, 5, "zz")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor: zz");
  }
}
