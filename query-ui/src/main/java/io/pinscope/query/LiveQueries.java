package io.pinscope.query;

import io.pinscope.model.AgentInfo;
import io.pinscope.model.Histogram;
import io.pinscope.model.HistogramSchema;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.ScatterDot;
import io.pinscope.model.SelfKey;
import io.pinscope.model.SlotValue;
import io.pinscope.storage.AgentMetrics;
import io.pinscope.storage.ScatterIndex;
import io.pinscope.storage.ScatterIndex.ScatterPage;
import io.pinscope.storage.Storage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The real-time view of an application at "now" (Pinpoint's active-thread chart and real-time load):
 * <ul>
 *   <li>per live agent (last seen within the no-data time), the entry spans in progress by elapsed band, from
 *       the newest export (at most {@value #GAUGE_MAX_AGE_MINUTES} minutes old) of the gauge
 *       {@value #GAUGE} that the Pinscope OTel extension sends ({@code band} = {@code fast} ≤1 s,
 *       {@code normal} ≤3 s, {@code slow} ≤5 s, {@code very_slow}); agents without one get zeros and no time;
 *   <li>the application's throughput, latency and errors over the last {@code windowSeconds} ending
 *       {@code lagSeconds} ago (default {@value #DEFAULT_LAG_SECONDS}: a span arrives only after it ended and
 *       after its SDK's batch delay, 5 s by default in the Java, Python and Node SDKs, so the newest seconds
 *       are not in yet and would read low): from its scatter dots (entry spans with a start in
 *       {@code [now - lag - window, now - lag)}), exact; when there are more than
 *       {@code maxDots} of them, from the self statistics of the minute slots overlapping the window instead
 *       (whole minutes: the window is widened to the start of its first slot, and the current slot holds what
 *       the receiver has flushed so far).
 * </ul>
 */
final class LiveQueries {
  /** The gauge of entry spans in progress, by band. */
  static final String GAUGE = "pinpoint.active_requests";
  /** How old a gauge point may be to count as current. */
  static final int GAUGE_MAX_AGE_MINUTES = 5;
  /** The longest live window. */
  static final int MAX_WINDOW_SECONDS = 300;
  /** How far before now the live window ends by default, in seconds. */
  static final int DEFAULT_LAG_SECONDS = 10;
  /** The largest lag. */
  static final int MAX_LAG_SECONDS = 60;
  /** The most scatter dots the live figures are computed from (then: self statistics). */
  static final int DEFAULT_MAX_DOTS = ScatterIndex.MAX_LIMIT;

  /** The gauge's {@code band} values and their JSON fields, in band order. */
  private static final String[][] BANDS = {
      {"fast", "fast"}, {"normal", "normal"}, {"slow", "slow"}, {"very_slow", "verySlow"}};

  private final Storage storage;
  private final int maxDots;

  LiveQueries(Storage storage, int maxDots) {
    if (maxDots < 1 || maxDots > ScatterIndex.MAX_LIMIT) {
      throw new IllegalArgumentException("maxDots: " + maxDots + " (expected: 1.." + ScatterIndex.MAX_LIMIT + ")");
    }
    this.storage = storage;
    this.maxDots = maxDots;
  }

  /**
   * {@code {time, windowMs, lagMs, agents:[{agentId, time, fast, normal, slow, verySlow}], live:{tps, avgMs,
   * maxMs, errorRate, totalCount, errorCount, source}}} at {@code now}; agents ordered by id; the live window
   * ends {@code lagMs} before {@code time}; {@code windowMs} is the
   * time the live figures cover ({@code windowSeconds} unless they come from the statistics); {@code source}
   * is {@code scatter} or {@code statistics}.
   */
  Map<String, Object> active(String application, int windowSeconds, int lagSeconds, long now, long noDataMillis) {
    List<Map<String, Object>> agents = new ArrayList<>();
    storage.applications().agents(application).stream()
        .filter(a -> a.lastSeenMillis() >= now - noDataMillis)
        .sorted(Comparator.comparing(AgentInfo::agentId))
        .forEach(a -> agents.add(activeRequests(a.agentId(), now)));
    long windowMillis = windowSeconds * 1_000L;
    long lagMillis = lagSeconds * 1_000L;
    long end = now - lagMillis;
    Map<String, Object> live;
    ScatterPage page = storage.scatter().scan(
        new ScatterIndex.ScatterQuery(application, end - windowMillis, end, maxDots, null));
    if (page.complete()) {
      Histogram h = Histogram.empty(HistogramSchema.NORMAL);
      for (ScatterDot d : page.dots()) {
        h = h.plus(d.elapsedMillis(), d.error());
      }
      live = live(h, windowMillis, "scatter");
    } else {
      long firstSlot = SlotValue.slotOf(end - windowMillis);
      windowMillis = end - firstSlot;
      Histogram h = Histogram.empty(HistogramSchema.NORMAL);
      for (SlotValue<SelfKey> v : storage.statistics().readSelf(application, firstSlot, end)) {
        h = h.plus(v.histogram());
      }
      live = live(h, windowMillis, "statistics");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("time", now);
    out.put("windowMs", windowMillis);
    out.put("lagMs", lagMillis);
    out.put("agents", agents);
    out.put("live", live);
    return out;
  }

  /** One agent's row: the bands of its newest gauge export in the last minutes, else zeros. */
  private Map<String, Object> activeRequests(String agentId, long now) {
    long from = now - GAUGE_MAX_AGE_MINUTES * Params.MINUTE;
    long newest = -1;
    long[] counts = new long[BANDS.length];
    // Points come oldest first: a newer export replaces the counts of an older one.
    for (MetricPoint p : storage.metrics().read(agentId, from, now + 1, AgentMetrics.MAX_POINTS)) {
      if (!p.name().equals(GAUGE)) {
        continue;
      }
      if (p.epochMillis() != newest) {
        newest = p.epochMillis();
        counts = new long[BANDS.length];
      }
      int band = band(p.attributes().text("band"));
      Double value = QueryApi.scalar(p.value());
      if (band >= 0 && value != null) {
        counts[band] += Math.round(value);
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("agentId", agentId);
    m.put("time", newest < 0 ? null : newest);
    for (int i = 0; i < BANDS.length; i++) {
      m.put(BANDS[i][1], counts[i]);
    }
    return m;
  }

  /** The index of a {@code band} value, -1 for none or an unknown one. */
  private static int band(@Nullable String text) {
    for (int i = 0; i < BANDS.length; i++) {
      if (BANDS[i][0].equals(text)) {
        return i;
      }
    }
    return -1;
  }

  private static Map<String, Object> live(Histogram h, long windowMillis, String source) {
    long total = h.totalCount();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tps", Json.round3(total * 1_000.0 / windowMillis));
    m.put("avgMs", Json.round3(h.averageMillis()));
    m.put("maxMs", h.maxMillis());
    m.put("errorRate", total == 0 ? 0.0 : Json.round3((double) h.errorCount() / total));
    m.put("totalCount", total);
    m.put("errorCount", h.errorCount());
    m.put("source", source);
    return m;
  }
}
