package io.pinscope.query;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.Histogram;
import io.pinscope.model.HistogramSchema;
import io.pinscope.model.NodeCategory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A server map — the application's map built from statistics ({@link ServerMapBuilder}) or one trace's
 * ({@link TraceView}) — with nodes ordered by key and links by key.
 */
record ServerMap(List<Node> nodes, List<Link> links, boolean truncated) {
  ServerMap {
    nodes = List.copyOf(nodes);
    links = List.copyOf(links);
  }

  /** A node with its histogram (null when no call was counted) and its agents (applications only). */
  record Node(NodeKey key, @Nullable Histogram histogram, List<String> agents) {
    Node {
      requireNonNull(key, "key");
      agents = List.copyOf(agents);
    }
  }

  /** A link: summed histogram; virtual when all its parts are one of several host-map candidates. */
  record Link(NodeKey from, NodeKey to, Histogram histogram, boolean virtual) {
    Link {
      requireNonNull(from, "from");
      requireNonNull(to, "to");
      requireNonNull(histogram, "histogram");
    }

    String key() {
      return from.render() + "~" + to.render();
    }
  }

  /** An application's own calls: the sum of its self histograms, and the agents that answered them. */
  record Self(Histogram histogram, List<String> agents) {}

  /**
   * Collects nodes and links, then applies the one rule for node histograms ({@link #assemble}):
   * <ul>
   *   <li>an application: the sum of its self histograms (agents from them); an application that answered
   *       no call in range but made calls (a caller only, e.g. a Pinpoint agent named by {@code pp}): the
   *       sum of its links out;
   *   <li>a USER-category node (USER, unknown caller): the sum of its links out;
   *   <li>a terminal node: the sum of its links in, else out (a queue only consumed).
   * </ul>
   * Links between the same two nodes are summed; a link is virtual only when all its parts are.
   */
  static final class Assembly {
    private record Pair(NodeKey from, NodeKey to) {}

    private static final class LinkSum {
      Histogram histogram;
      boolean virtual;

      LinkSum(Histogram histogram, boolean virtual) {
        this.histogram = histogram;
        this.virtual = virtual;
      }
    }

    private final Map<NodeKey, Boolean> nodes = new LinkedHashMap<>();
    private final Map<Pair, LinkSum> links = new LinkedHashMap<>();

    int nodeCount() {
      return nodes.size();
    }

    int linkCount() {
      return links.size();
    }

    boolean hasNode(NodeKey key) {
      return nodes.containsKey(key);
    }

    boolean hasLink(NodeKey from, NodeKey to) {
      return links.containsKey(new Pair(from, to));
    }

    void addNode(NodeKey key) {
      nodes.putIfAbsent(key, Boolean.TRUE);
    }

    /** Sums one link in, adding its ends as nodes. */
    void addLink(NodeKey from, NodeKey to, Histogram h, boolean virtual) {
      addNode(from);
      addNode(to);
      LinkSum sum = links.get(new Pair(from, to));
      if (sum == null) {
        links.put(new Pair(from, to), new LinkSum(h, virtual));
      } else {
        sum.histogram = plus(sum.histogram, h);
        sum.virtual &= virtual;
      }
    }

    /** The map; {@code self} gives an application node's own calls, or null when it answered none. */
    ServerMap assemble(Function<NodeKey, @Nullable Self> self, boolean truncated) {
      Map<NodeKey, Histogram> incoming = new HashMap<>();
      Map<NodeKey, Histogram> outgoing = new HashMap<>();
      List<Link> linkList = new ArrayList<>();
      links.forEach((p, sum) -> {
        linkList.add(new Link(p.from(), p.to(), sum.histogram, sum.virtual));
        incoming.merge(p.to(), sum.histogram, ServerMap::plus);
        outgoing.merge(p.from(), sum.histogram, ServerMap::plus);
      });
      List<Node> nodeList = new ArrayList<>();
      for (NodeKey k : nodes.keySet()) {
        NodeCategory c = k.category();
        if (c == NodeCategory.SERVER) {
          Self s = self.apply(k);
          nodeList.add(s == null ? new Node(k, outgoing.get(k), List.of()) : new Node(k, s.histogram(), s.agents()));
        } else if (c == NodeCategory.USER) {
          nodeList.add(new Node(k, outgoing.get(k), List.of()));
        } else {
          nodeList.add(new Node(k, incoming.getOrDefault(k, outgoing.get(k)), List.of()));
        }
      }
      nodeList.sort(Comparator.comparing(n -> n.key().render()));
      linkList.sort(Comparator.comparing(Link::key));
      return new ServerMap(nodeList, linkList, truncated);
    }
  }

  /** Sums two histograms; of different schemas (never written by the receiver) the first is kept. */
  static Histogram plus(Histogram a, Histogram b) {
    return a.schema() == b.schema() ? a.plus(b) : a;
  }

  /** The empty histogram of a node or link type. */
  static Histogram empty(NodeKey key) {
    return Histogram.empty(key.category() == NodeCategory.CACHE ? HistogramSchema.FAST : HistogramSchema.NORMAL);
  }
}
