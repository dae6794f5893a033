package io.pinscope.servermap;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.Histogram;
import io.pinscope.model.HistogramSchema;
import io.pinscope.model.HostMapping;
import io.pinscope.model.LinkKey;
import io.pinscope.model.NodeCategory;
import io.pinscope.model.ServiceType;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Query-time callee resolution through the host map (DESIGN §3, path 3; Pinpoint's RpcCallProcessor): a
 * link from a caller to an <em>external-host node</em> — a registered service type of category
 * {@link NodeCategory#UNKNOWN}, such as {@link ServiceTypeRegistry#OPENTELEMETRY_CLIENT} — is rewritten to
 * the application(s) that answered on that host.
 *
 * <p>The candidates of a link {@code caller → external node} are the acceptors ({@code acceptorName},
 * {@code acceptorTypeCode}) of the host mappings whose {@code callerName} is the link's caller or
 * {@code ""} (recorded without knowing the caller), and whose {@code host} equals the link's host; when
 * none match (or the link has no host), those whose {@code host} equals the link's callee name. Then:
 * <ul>
 *   <li>no candidate: the link is returned unchanged;
 *   <li>one candidate: the link becomes {@code caller → candidate} (callee type = the mapping's acceptor
 *       type), same slot, host and histogram, not virtual;
 *   <li>several: one link to each candidate, ordered by acceptor name then type code, each with the whole
 *       histogram and marked {@link ResolvedLink#virtual() virtual}.
 * </ul>
 * Other links (applications, databases, caches, queues, USER) are returned unchanged. Results come in the
 * order of the input links (a fan-out in place of its origin); results with the same slot, key, virtual
 * mark and histogram schema are summed into the first of them — e.g. a resolved {@code A → B} and the
 * {@code A → B} link that ingest-time pairing already wrote. A pure function: nothing is read or kept.
 */
public final class HostMapResolver {
  /** One application that answered on a host. */
  private record Acceptor(String name, int typeCode) {}

  private static final Comparator<Acceptor> ACCEPTOR_ORDER =
      Comparator.comparing(Acceptor::name).thenComparingInt(Acceptor::typeCode);

  /** The identity under which results are summed. */
  private record ResultKey(long slotMillis, LinkKey key, boolean virtual, HistogramSchema schema) {}

  /**
   * Resolves {@code links} (as read by {@code MapStatistics.readOutLinks}) with {@code mappings} (the
   * union of {@code readHostMappings} for the links' callers and for {@code ""}, over the same range).
   * Mappings of other callers are ignored.
   */
  public static List<ResolvedLink> resolve(List<SlotValue<LinkKey>> links, Set<HostMapping> mappings) {
    requireNonNull(links, "links");
    requireNonNull(mappings, "mappings");
    Map<String, Map<String, Set<Acceptor>>> byCaller = new HashMap<>();
    for (HostMapping m : mappings) {
      byCaller.computeIfAbsent(m.callerName(), c -> new HashMap<>())
          .computeIfAbsent(m.host(), h -> new TreeSet<>(ACCEPTOR_ORDER))
          .add(new Acceptor(m.acceptorName(), m.acceptorTypeCode()));
    }
    Map<ResultKey, Histogram> results = new LinkedHashMap<>();
    for (SlotValue<LinkKey> link : links) {
      LinkKey k = link.key();
      Set<Acceptor> candidates = isExternalHost(k.calleeTypeCode())
          ? candidates(byCaller, k.callerName(), k.host(), k.calleeName()) : Set.of();
      if (candidates.isEmpty()) {
        add(results, link.slotMillis(), k, false, link.histogram());
        continue;
      }
      boolean virtual = candidates.size() > 1;
      for (Acceptor a : candidates) {
        LinkKey rewritten = new LinkKey(k.callerName(), k.callerTypeCode(), a.name(), a.typeCode(), k.host());
        add(results, link.slotMillis(), rewritten, virtual, link.histogram());
      }
    }
    List<ResolvedLink> out = new ArrayList<>(results.size());
    results.forEach((r, h) -> out.add(new ResolvedLink(new SlotValue<>(r.slotMillis(), r.key(), h), r.virtual())));
    return out;
  }

  /**
   * A registered type that makes an external-host ("cloud") node: a host without an agent, neither an
   * application nor a database, cache or queue. The external-host statistics keep the links to such nodes.
   */
  public static boolean isExternalHost(int typeCode) {
    ServiceType t = ServiceTypeRegistry.ofCode(typeCode);
    return t.code() == typeCode && t.category() == NodeCategory.UNKNOWN;
  }

  private static Set<Acceptor> candidates(Map<String, Map<String, Set<Acceptor>>> byCaller, String caller,
      String host, String calleeName) {
    Set<Acceptor> found = new TreeSet<>(ACCEPTOR_ORDER);
    if (!host.isEmpty()) {
      collect(byCaller, caller, host, found);
      collect(byCaller, "", host, found);
    }
    if (found.isEmpty()) {
      collect(byCaller, caller, calleeName, found);
      collect(byCaller, "", calleeName, found);
    }
    return found;
  }

  private static void collect(Map<String, Map<String, Set<Acceptor>>> byCaller, String caller, String host,
      Set<Acceptor> into) {
    Map<String, Set<Acceptor>> hosts = byCaller.get(caller);
    if (hosts != null) {
      into.addAll(hosts.getOrDefault(host, Set.of()));
    }
  }

  private static void add(Map<ResultKey, Histogram> results, long slotMillis, LinkKey key, boolean virtual,
      Histogram histogram) {
    results.merge(new ResultKey(slotMillis, key, virtual, histogram.schema()), histogram, Histogram::plus);
  }

  private HostMapResolver() {}
}
