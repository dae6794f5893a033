package io.pinscope.query;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.Histogram;
import io.pinscope.model.HostMapping;
import io.pinscope.model.LinkKey;
import io.pinscope.model.NodeCategory;
import io.pinscope.model.SelfKey;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotValue;
import io.pinscope.servermap.HostMapResolver;
import io.pinscope.servermap.ResolvedLink;
import io.pinscope.storage.MapStatistics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Builds the server map of one application over {@code [from, to)} from {@link MapStatistics} reads only
 * (reference/pinpoint.md §4.3):
 *
 * <ul>
 *   <li>Search: breadth-first from the application. Unidirectional search follows out-links of the
 *       outbound frontier for {@code outbound} rounds and in-links of the inbound frontier for
 *       {@code inbound} rounds; bidirectional search scans both from every node reached, out-links while
 *       the round is within {@code outbound} and in-links while it is within {@code inbound}. Only
 *       applications join a frontier: terminal nodes (DATABASE, CACHE, QUEUE, UNKNOWN) and USER nodes end
 *       a path. Out-link rows whose caller is a USER node are left to in-link scans (as in Pinpoint, USER
 *       nodes show on the inbound side).
 *   <li>Out-links to external-host nodes are resolved with {@link HostMapResolver} against the caller's
 *       host mappings plus the caller-independent ones (caller {@code ""}); several acceptors give virtual
 *       links. A raw link row seen from both sides (caller's out-links and callee's in-links) counts once.
 *   <li>Nodes and links are summed by {@link ServerMap.Assembly}, whose node rule the per-transaction map
 *       shares: an application's histogram is the sum of its self histograms over its agents (agents listed
 *       from those self rows), else of its out-links (a caller only); a USER node's, the sum of its
 *       out-links; a terminal node's, the sum of its incoming links on the map (else its outgoing ones).
 *   <li>Bounds: at most {@value #MAX_NODES} nodes and {@value #MAX_LINKS} links; past them the search stops
 *       and {@link ServerMap#truncated()} is true. Reads cost one scan per application and direction.
 * </ul>
 */
final class ServerMapBuilder {
  /** The most nodes a map holds. */
  static final int MAX_NODES = 1_000;
  /** The most links a map holds. */
  static final int MAX_LINKS = 5_000;

  private final MapStatistics statistics;
  private final long from;
  private final long to;
  private final Map<String, List<SlotValue<LinkKey>>> outCache = new HashMap<>();
  private final Map<String, List<SlotValue<LinkKey>>> inCache = new HashMap<>();
  private final Set<LinkKey> seenRaw = new HashSet<>();
  private final ServerMap.Assembly assembly = new ServerMap.Assembly();
  private @Nullable Set<HostMapping> anonymousMappings;
  private boolean truncated;

  private ServerMapBuilder(MapStatistics statistics, long from, long to) {
    this.statistics = statistics;
    this.from = from;
    this.to = to;
  }

  /**
   * The map of {@code application} (type {@code typeCode}, from the registry or its self rows) over
   * {@code [from, to)}. Depths are 1..4; the caller validates them.
   */
  static ServerMap build(MapStatistics statistics, String application, int typeCode, long from, long to,
      int inbound, int outbound, boolean bidirectional) {
    requireNonNull(statistics, "statistics");
    requireNonNull(application, "application");
    return new ServerMapBuilder(statistics, from, to).run(new NodeKey(application, typeCode), inbound,
        outbound, bidirectional);
  }

  private ServerMap run(NodeKey start, int inbound, int outbound, boolean bidirectional) {
    assembly.addNode(start);
    if (bidirectional) {
      Set<NodeKey> visited = new HashSet<>(Set.of(start));
      List<NodeKey> frontier = List.of(start);
      for (int round = 1; round <= Math.max(inbound, outbound) && !frontier.isEmpty(); round++) {
        List<NodeKey> next = new ArrayList<>();
        for (NodeKey n : frontier) {
          Set<NodeKey> found = new LinkedHashSet<>();
          if (round <= outbound) {
            found.addAll(scanOut(n));
          }
          if (round <= inbound) {
            found.addAll(scanIn(n));
          }
          for (NodeKey f : found) {
            if (visited.add(f)) {
              next.add(f);
            }
          }
        }
        frontier = next;
      }
    } else {
      search(start, outbound, true);
      search(start, inbound, false);
    }
    return assemble();
  }

  private void search(NodeKey start, int depth, boolean out) {
    Set<NodeKey> visited = new HashSet<>(Set.of(start));
    ArrayDeque<NodeKey> frontier = new ArrayDeque<>(List.of(start));
    for (int round = 1; round <= depth && !frontier.isEmpty(); round++) {
      ArrayDeque<NodeKey> next = new ArrayDeque<>();
      for (NodeKey n : frontier) {
        for (NodeKey f : out ? scanOut(n) : scanIn(n)) {
          if (visited.add(f)) {
            next.add(f);
          }
        }
      }
      frontier = next;
    }
  }

  /** Adds the out-links of application {@code n}; returns the applications they reach. */
  private Set<NodeKey> scanOut(NodeKey n) {
    Set<NodeKey> reached = new LinkedHashSet<>();
    if (truncated || n.category() != NodeCategory.SERVER) {
      return reached;
    }
    List<SlotValue<LinkKey>> raw = new ArrayList<>();
    for (SlotValue<LinkKey> v : out(n.name())) {
      LinkKey k = v.key();
      if (k.callerTypeCode() == n.typeCode() && !seenRaw.contains(k)) {
        raw.add(v);
      }
    }
    Set<LinkKey> keys = new HashSet<>();
    raw.forEach(v -> keys.add(v.key()));
    seenRaw.addAll(keys);
    Set<HostMapping> mappings = new HashSet<>();
    if (raw.stream().anyMatch(v -> ServiceTypeRegistry.ofCode(v.key().calleeTypeCode()).category()
        == NodeCategory.UNKNOWN)) {
      mappings.addAll(statistics.readHostMappings(n.name(), from, to));
      if (anonymousMappings == null) {
        anonymousMappings = statistics.readHostMappings("", from, to);
      }
      mappings.addAll(anonymousMappings);
    }
    for (ResolvedLink r : HostMapResolver.resolve(raw, mappings)) {
      LinkKey k = r.link().key();
      NodeKey callee = new NodeKey(k.calleeName(), k.calleeTypeCode());
      if (addLink(n, callee, r.link().histogram(), r.virtual()) && !callee.isTerminal()) {
        reached.add(callee);
      }
    }
    return reached;
  }

  /** Adds the in-links of application {@code n}; returns the applications that call it. */
  private Set<NodeKey> scanIn(NodeKey n) {
    Set<NodeKey> reached = new LinkedHashSet<>();
    if (truncated || n.category() != NodeCategory.SERVER) {
      return reached;
    }
    List<SlotValue<LinkKey>> rows = in(n.name());
    Set<LinkKey> added = new HashSet<>();
    for (SlotValue<LinkKey> v : rows) {
      LinkKey k = v.key();
      if (k.calleeTypeCode() != n.typeCode() || (seenRaw.contains(k) && !added.contains(k))) {
        continue;
      }
      added.add(k);
      NodeKey caller = k.callerTypeCode() == ServiceTypeRegistry.USER.code()
          ? new NodeKey(k.calleeName(), k.callerTypeCode())
          : new NodeKey(k.callerName(), k.callerTypeCode());
      if (addLink(caller, n, v.histogram(), false) && !caller.isTerminal()) {
        reached.add(caller);
      }
    }
    seenRaw.addAll(added);
    return reached;
  }

  /** Sums a link in; false when the bounds refused it. */
  private boolean addLink(NodeKey from, NodeKey to, Histogram h, boolean virtual) {
    if (!assembly.hasLink(from, to)) {
      int newNodes = (assembly.hasNode(from) ? 0 : 1) + (assembly.hasNode(to) ? 0 : 1);
      if (assembly.linkCount() >= MAX_LINKS || assembly.nodeCount() + newNodes > MAX_NODES) {
        truncated = true;
        return false;
      }
    }
    assembly.addLink(from, to, h, virtual);
    return true;
  }

  private ServerMap assemble() {
    return assembly.assemble(this::self, truncated);
  }

  /** An application's self histograms over the range, summed, with their agents; null when none. */
  private ServerMap.@Nullable Self self(NodeKey k) {
    Histogram h = null;
    Set<String> agents = new TreeSet<>();
    for (SlotValue<SelfKey> s : statistics.readSelf(k.name(), from, to)) {
      if (s.key().serviceTypeCode() == k.typeCode()) {
        h = h == null ? s.histogram() : ServerMap.plus(h, s.histogram());
        agents.add(s.key().agentId());
      }
    }
    return h == null ? null : new ServerMap.Self(h, List.copyOf(agents));
  }

  private List<SlotValue<LinkKey>> out(String name) {
    return outCache.computeIfAbsent(name, n -> statistics.readOutLinks(n, from, to));
  }

  private List<SlotValue<LinkKey>> in(String name) {
    return inCache.computeIfAbsent(name, n -> statistics.readInLinks(n, from, to));
  }

}
