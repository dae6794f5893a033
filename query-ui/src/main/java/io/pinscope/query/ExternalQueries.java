package io.pinscope.query;

import io.pinscope.model.HostMapping;
import io.pinscope.model.LinkKey;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotExample;
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
  private record Host(String name, int typeCode) {
    static Host of(LinkKey link) {
      return new Host(link.calleeName(), link.calleeTypeCode());
    }
  }

  private static final Comparator<Host> KEY_ORDER =
      Comparator.comparing(Host::name).thenComparingInt(Host::typeCode);

  private final Storage storage;
  private final MapQueries maps;

  ExternalQueries(Storage storage, MapQueries maps) {
    this.storage = storage;
    this.maps = maps;
  }

  /**
   * {@code {rows:[{host, serviceType, totalCount, errorCount, avgMs, maxMs, p95Ms, histogram, examples}],
   * totalCount, folded}}: at most {@code limit} external hosts in {@code sort} order; {@code totalCount} counts
   * the calls to every external host in range (rows cut by the limit included); {@code folded} is always 0 (the
   * receiver caps no host names); {@code examples} as the URI statistics' ({@link UriQueries#examples}).
   */
  Map<String, Object> summary(String application, Range r, UriQueries.Sort sort, int limit) {
    ExternalCalls calls = externalCalls(application, r);
    UriQueries.ExampleRows<Host> examples = new UriQueries.ExampleRows<>();
    Map<String, Object> summary = UriQueries.summary(calls.cells(), KEY_ORDER, k -> false, (k, h, row) -> {
      row.put("host", k.name());
      row.put("serviceType", ServiceTypeRegistry.ofCode(k.typeCode()).name());
      SqlQueries.withP95(UriQueries.counts(row, h), h);
      UriQueries.withHistogram(row, h);
      examples.add(k, row);
    }, sort, limit);
    // The examples of the stored links behind the returned hosts only.
    Set<LinkKey> wanted = new HashSet<>();
    for (LinkKey k : calls.keys()) {
      if (examples.keys().contains(Host.of(k))) {
        wanted.add(k);
      }
    }
    List<SlotExample<Host>> kept = new ArrayList<>();
    if (!wanted.isEmpty()) {
      for (SlotExample<LinkKey> e : storage.statistics().readOutLinkExamples(application, r.from(), r.to(), wanted,
          UriQueries.MAX_EXAMPLES)) {
        kept.add(new SlotExample<>(e.slotMillis(), Host.of(e.key()), e.traceId()));
      }
    }
    examples.fill(kept);
    long total = 0;
    for (SlotValue<Host> c : calls.cells()) {
      total += c.histogram().totalCount();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rows", summary.get("rows"));
    out.put("totalCount", total);
    out.put("folded", summary.get("folded"));
    return out;
  }

  /**
   * The calls to external hosts: per slot and host, after host-map resolution; {@code keys} the stored links
   * (as {@code readOutLinks} keys them) that resolution left at an external host.
   */
  private record ExternalCalls(List<SlotValue<Host>> cells, Set<LinkKey> keys) {}

  private ExternalCalls externalCalls(String application, Range r) {
    Integer type = maps.applicationType(application, r);
    if (type == null) {
      return new ExternalCalls(List.of(), Set.of());
    }
    MapStatistics stats = storage.statistics();
    Map<LinkKey, List<SlotValue<LinkKey>>> raw = new LinkedHashMap<>();
    for (SlotValue<LinkKey> v : stats.readOutLinks(application, r.from(), r.to())) {
      // Only the application's own node calls out (a USER or queue node of the same name is another node).
      if (v.key().callerTypeCode() == type && HostMapResolver.isExternalHost(v.key().calleeTypeCode())) {
        raw.computeIfAbsent(v.key(), k -> new ArrayList<>()).add(v);
      }
    }
    if (raw.isEmpty()) {
      return new ExternalCalls(List.of(), Set.of());
    }
    Set<HostMapping> mappings = new HashSet<>(stats.readHostMappings(application, r.from(), r.to()));
    mappings.addAll(stats.readHostMappings("", r.from(), r.to()));
    List<SlotValue<Host>> cells = new ArrayList<>();
    Set<LinkKey> keys = new HashSet<>();
    // The host map resolves a stored link the same way in every slot: one key at a time tells which stay.
    raw.forEach((key, values) -> {
      for (ResolvedLink l : HostMapResolver.resolve(values, mappings)) {
        LinkKey k = l.link().key();
        if (!l.virtual() && HostMapResolver.isExternalHost(k.calleeTypeCode())) {
          cells.add(new SlotValue<>(l.link().slotMillis(), Host.of(k), l.link().histogram()));
          keys.add(key);
        }
      }
    });
    return new ExternalCalls(cells, keys);
  }
}
