package io.pinscope.query;

import io.pinscope.model.ScatterDot;
import io.pinscope.model.SpanIds;
import io.pinscope.model.StoredSpan;
import io.pinscope.query.Params.Range;
import io.pinscope.model.PinpointTraceState;
import io.pinscope.storage.ScatterIndex;
import io.pinscope.storage.ScatterIndex.ScatterPage;
import io.pinscope.storage.Storage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The scatter chart and the transaction list of a drag-selected box.
 *
 * <p>Filters (agent, error, elapsed bounds, route) are applied while paging the scatter index: storage pages are
 * asked for at most the number of dots still wanted, so a page is always taken whole and its cursor is the
 * answer's {@code next}. One request scans at most {@value #MAX_SCANNED} stored dots in at most
 * {@value #MAX_PAGES} pages; past that it answers
 * what it found with {@code complete: false} and a cursor to go on from.
 */
final class ScatterQueries {
  /** The most stored dots one filtered request reads. */
  static final int MAX_SCANNED = 100_000;
  /** The most storage pages one filtered request reads (pages shrink to the dots still wanted). */
  static final int MAX_PAGES = 200;
  /** The most transactions one list returns. */
  static final int MAX_TRANSACTIONS = 500;

  /**
   * Dot filters; null fields do not filter. {@code route} keeps the dots of that URI-statistics route (as
   * {@link io.pinscope.model.UriRoutes} named it at ingest); dots stored before routes were have none.
   */
  record Filter(@Nullable String agentId, @Nullable Boolean error, @Nullable Long minElapsed,
      @Nullable Long maxElapsed, @Nullable String route) {
    boolean isEmpty() {
      return agentId == null && error == null && minElapsed == null && maxElapsed == null && route == null;
    }

    boolean test(ScatterDot d) {
      return (agentId == null || agentId.equals(d.agentId()))
          && (route == null || route.equals(d.route()))
          && (error == null || error == d.error())
          && (minElapsed == null || d.elapsedMillis() >= minElapsed)
          && (maxElapsed == null || d.elapsedMillis() <= maxElapsed);
    }
  }

  /**
   * One dot of {@code GET /api/v1/scatter}, its fields in this order. A record rather than a map per dot: an
   * answer holds up to 10,000 of them, and a map costs its entries plus a serializer look-up per value.
   */
  record DotJson(long time, long elapsedMs, boolean error, String traceId, String spanId, String agentId) {}

  /** Dots found by a filtered scan. */
  record Found(List<ScatterDot> dots, boolean complete, @Nullable String next) {}

  private final Storage storage;

  ScatterQueries(Storage storage) {
    this.storage = storage;
  }

  /** {@code GET /api/v1/scatter}. */
  Map<String, Object> scatter(String application, Range r, int limit, @Nullable String cursor, Filter filter) {
    Found found = find(application, r, limit, cursor, filter);
    List<DotJson> dots = new ArrayList<>(found.dots().size());
    for (ScatterDot d : found.dots()) {
      dots.add(new DotJson(d.epochMillis(), d.elapsedMillis(), d.error(), d.traceId().toHex(),
          SpanIds.toHex(d.spanId()), d.agentId()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("dots", dots);
    out.put("complete", found.complete());
    out.put("next", found.next());
    return out;
  }

  /**
   * {@code GET /api/v1/transactions}: the dots in the box, newest first, each completed from its entry span
   * (one trace read per dot, hence the small limit). A dot whose trace is gone keeps its dot fields and
   * empty texts.
   */
  Map<String, Object> transactions(String application, Range r, int limit, Filter filter) {
    Found found = find(application, r, limit, null, filter);
    List<Map<String, Object>> list = new ArrayList<>();
    for (ScatterDot d : found.dots()) {
      StoredSpan entry = null;
      for (StoredSpan s : storage.traces().find(d.traceId()).spans()) {
        if (s.spanId() == d.spanId()) {
          entry = s;
          break;
        }
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("traceId", d.traceId().toHex());
      m.put("spanId", SpanIds.toHex(d.spanId()));
      m.put("transactionId", entry == null ? null : PinpointTraceState.transactionId(entry.traceState()));
      m.put("startTime", d.epochMillis());
      m.put("elapsedMs", d.elapsedMillis());
      m.put("error", d.error());
      m.put("agentId", d.agentId());
      m.put("application", d.applicationName());
      m.put("name", entry == null ? "" : entry.name());
      m.put("endpoint", entry == null ? "" : hostPort(entry, "server.address", "server.port"));
      m.put("remoteAddress", entry == null ? "" : text(entry, "client.address", "net.sock.peer.addr"));
      list.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("transactions", list);
    out.put("complete", found.complete());
    return out;
  }

  private Found find(String application, Range r, int limit, @Nullable String cursor, Filter filter) {
    ScatterIndex index = storage.scatter();
    if (filter.isEmpty()) {
      ScatterPage page = index.scan(new ScatterIndex.ScatterQuery(application, r.from(), r.to(), limit, cursor));
      return new Found(page.dots(), page.complete(), page.next());
    }
    List<ScatterDot> dots = new ArrayList<>();
    String next = cursor;
    int scanned = 0;
    for (int pages = 1; ; pages++) {
      int want = Math.min(limit - dots.size(), ScatterIndex.MAX_LIMIT);
      ScatterPage page = index.scan(new ScatterIndex.ScatterQuery(application, r.from(), r.to(), want, next));
      scanned += page.dots().size();
      for (ScatterDot d : page.dots()) {
        if (filter.test(d)) {
          dots.add(d);
        }
      }
      next = page.next();
      if (page.complete()) {
        return new Found(dots, true, null);
      }
      if (dots.size() >= limit || scanned >= MAX_SCANNED || pages >= MAX_PAGES) {
        return new Found(dots, false, next);
      }
    }
  }

  private static String text(StoredSpan s, String... keys) {
    String v = s.attributes().firstText(keys);
    return v == null ? "" : v;
  }

  private static String hostPort(StoredSpan s, String hostKey, String portKey) {
    String host = s.attributes().text(hostKey);
    if (host == null || host.isEmpty()) {
      return "";
    }
    String port = s.attributes().text(portKey);
    return port == null || port.isEmpty() ? host : host + ":" + port;
  }
}
