package io.pinscope.query;

import io.pinscope.model.HostMapping;
import io.pinscope.model.LinkKey;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotValue;
import io.pinscope.query.Params.Range;
import io.pinscope.servermap.HostMapResolver;
import io.pinscope.servermap.ResolvedLink;
import io.pinscope.storage.MapStatistics;
import io.pinscope.storage.Storage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The external-host statistics of an application: its calls to hosts without an agent, read from the server
 * map's out-link statistics ({@link MapStatistics#readOutLinks}, 1-minute slots written at ingest) and judged
 * by the map's own rules: the links of the application's node (its type as the map finds it,
 * {@link MapQueries#applicationType}) resolved through the host map ({@link HostMapResolver}, as the server
 * map does), of which those still ending at an external-host node ({@link HostMapResolver#isExternalHost})
 * are kept. Calls that reached an instrumented application, a database, a cache or a queue are not counted.
 * Summarised like the URI statistics ({@link UriQueries#summary(List, Comparator,
 * java.util.function.Predicate, UriQueries.RowWriter, UriQueries.Sort, int)}); {@code p95Ms} as the SQL
 * statistics' ({@link SqlQueries#withP95}).
 */
final class ExternalQueries {
  /** An external-host node: its name (the host, or the {@code peer.service} the caller gave) and type. */
  private record Host(String name, int typeCode) {}

  private static final Comparator<Host> KEY_ORDER =
      Comparator.comparing(Host::name).thenComparingInt(Host::typeCode);

  private final Storage storage;
  private final MapQueries maps;

  ExternalQueries(Storage storage, MapQueries maps) {
    this.storage = storage;
    this.maps = maps;
  }

  /**
   * {@code {rows:[{host, serviceType, totalCount, errorCount, avgMs, maxMs, p95Ms, histogram}], totalCount,
   * folded}}: at most {@code limit} external hosts in {@code sort} order; {@code totalCount} counts the calls
   * to every external host in range (rows cut by the limit included); {@code folded} is always 0 (the
   * receiver caps no host names).
   */
  Map<String, Object> summary(String application, Range r, UriQueries.Sort sort, int limit) {
    List<SlotValue<Host>> cells = externalCalls(application, r);
    Map<String, Object> summary = UriQueries.summary(cells, KEY_ORDER, k -> false, (k, h, row) -> {
      row.put("host", k.name());
      row.put("serviceType", ServiceTypeRegistry.ofCode(k.typeCode()).name());
      SqlQueries.withP95(UriQueries.counts(row, h), h);
      UriQueries.withHistogram(row, h);
    }, sort, limit);
    long total = 0;
    for (SlotValue<Host> c : cells) {
      total += c.histogram().totalCount();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rows", summary.get("rows"));
    out.put("totalCount", total);
    out.put("folded", summary.get("folded"));
    return out;
  }

  /** Per slot, the application's calls to each external-host node after host-map resolution. */
  private List<SlotValue<Host>> externalCalls(String application, Range r) {
    Integer type = maps.applicationType(application, r);
    if (type == null) {
      return List.of();
    }
    MapStatistics stats = storage.statistics();
    List<SlotValue<LinkKey>> raw = new ArrayList<>();
    for (SlotValue<LinkKey> v : stats.readOutLinks(application, r.from(), r.to())) {
      // Only the application's own node calls out (a USER or queue node of the same name is another node).
      if (v.key().callerTypeCode() == type && HostMapResolver.isExternalHost(v.key().calleeTypeCode())) {
        raw.add(v);
      }
    }
    if (raw.isEmpty()) {
      return List.of();
    }
    Set<HostMapping> mappings = new HashSet<>(stats.readHostMappings(application, r.from(), r.to()));
    mappings.addAll(stats.readHostMappings("", r.from(), r.to()));
    List<SlotValue<Host>> out = new ArrayList<>();
    for (ResolvedLink l : HostMapResolver.resolve(raw, mappings)) {
      LinkKey k = l.link().key();
      if (!l.virtual() && HostMapResolver.isExternalHost(k.calleeTypeCode())) {
        out.add(new SlotValue<>(l.link().slotMillis(), new Host(k.calleeName(), k.calleeTypeCode()),
            l.link().histogram()));
      }
    }
    return out;
  }
}
