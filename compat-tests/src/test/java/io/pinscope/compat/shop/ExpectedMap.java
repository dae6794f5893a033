package io.pinscope.compat.shop;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An exact server map as {@code GET /api/v1/servermap} should answer it (DESIGN §6): these nodes and links
 * and no other, each with its category and exact total and error counts. {@link #differences} lists every
 * way an answer departs from it — a node or link too many (a phantom link, a fake external node) as much as
 * one missing or miscounted.
 */
final class ExpectedMap {
  /** A node by key ({@code name^SERVICE_TYPE}), with its category and counts. */
  record Node(String key, String category, long totalCount, long errorCount) {}

  /** A link between two node keys, with its counts. */
  record Link(String from, String to, long totalCount, long errorCount) {}

  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Map<String, Link> links = new LinkedHashMap<>();

  ExpectedMap node(String key, String category, long totalCount, long errorCount) {
    nodes.put(key, new Node(key, category, totalCount, errorCount));
    return this;
  }

  ExpectedMap link(String from, String to, long totalCount, long errorCount) {
    links.put(linkKey(from, to), new Link(from, to, totalCount, errorCount));
    return this;
  }

  /** Every difference between {@code map} and this; empty when the map is exactly this one. */
  List<String> differences(JsonNode map) {
    List<String> differences = new ArrayList<>();
    Map<String, JsonNode> actualNodes = new LinkedHashMap<>();
    for (JsonNode n : map.path("nodes")) {
      actualNodes.put(n.path("key").asText(), n);
    }
    for (Node want : nodes.values()) {
      JsonNode got = actualNodes.get(want.key());
      if (got == null) {
        differences.add("missing node " + want.key());
        continue;
      }
      compare(differences, "node " + want.key() + " category", want.category(), got.path("category").asText());
      compare(differences, "node " + want.key() + " totalCount", want.totalCount(), got.path("totalCount").asLong());
      compare(differences, "node " + want.key() + " errorCount", want.errorCount(), got.path("errorCount").asLong());
    }
    actualNodes.forEach((key, got) -> {
      if (!nodes.containsKey(key)) {
        differences.add("unexpected node " + describeNode(got));
      }
    });
    Map<String, JsonNode> actualLinks = new LinkedHashMap<>();
    for (JsonNode l : map.path("links")) {
      actualLinks.put(linkKey(l.path("from").asText(), l.path("to").asText()), l);
    }
    for (Map.Entry<String, Link> e : links.entrySet()) {
      Link want = e.getValue();
      JsonNode got = actualLinks.get(e.getKey());
      if (got == null) {
        differences.add("missing link " + e.getKey());
        continue;
      }
      compare(differences, "link " + e.getKey() + " totalCount", want.totalCount(), got.path("totalCount").asLong());
      compare(differences, "link " + e.getKey() + " errorCount", want.errorCount(), got.path("errorCount").asLong());
    }
    actualLinks.forEach((key, got) -> {
      if (!links.containsKey(key)) {
        differences.add("unexpected link " + describeLink(got));
      }
    });
    return differences;
  }

  /** The map as lines a person reads: nodes, then links, with their counts. */
  static String describe(JsonNode map) {
    StringBuilder out = new StringBuilder();
    for (JsonNode n : map.path("nodes")) {
      out.append("  node ").append(describeNode(n)).append('\n');
    }
    for (JsonNode l : map.path("links")) {
      out.append("  link ").append(describeLink(l)).append('\n');
    }
    return out.length() == 0 ? "  (empty map)\n" : out.toString();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    nodes.values().forEach(n -> out.append("  node ").append(n.key()).append(" [").append(n.category())
        .append("] total=").append(n.totalCount()).append(" errors=").append(n.errorCount()).append('\n'));
    links.forEach((k, l) -> out.append("  link ").append(k).append(" total=").append(l.totalCount())
        .append(" errors=").append(l.errorCount()).append('\n'));
    return out.toString();
  }

  private static String describeNode(JsonNode n) {
    return n.path("key").asText() + " [" + n.path("category").asText() + "] total=" + n.path("totalCount").asLong()
        + " errors=" + n.path("errorCount").asLong();
  }

  private static String describeLink(JsonNode l) {
    return linkKey(l.path("from").asText(), l.path("to").asText()) + " total=" + l.path("totalCount").asLong()
        + " errors=" + l.path("errorCount").asLong();
  }

  private static String linkKey(String from, String to) {
    return from + " -> " + to;
  }

  private static void compare(List<String> differences, String what, Object want, Object got) {
    if (!want.equals(got)) {
      differences.add(what + " is " + got + " (expected " + want + ")");
    }
  }
}
