package io.pinscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinscope.storage.ScatterIndex;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server map (statistics made at ingest, span by span) and the per-transaction maps (made when a trace is
 * read, from the whole trace) come from one set of rules: over a shuffled, batched workload
 * ({@link ShopWorkload}), the links and node counts of every trace's map, summed, are the server maps' —
 * through the public REST API.
 */
class OneSetOfMapRulesTest {
  @TempDir
  Path dir;

  @Test
  void perTransactionMaps_summedOverEveryTrace_areTheServerMap() throws Exception {
    try (ShopWorkload.Ingested ingested = ShopWorkload.ingest(dir, 10, "memory")) {
      HttpClient http = HttpClient.newHttpClient();
      ObjectMapper json = new ObjectMapper();
      String range = "&from=" + ShopWorkload.FROM + "&to=" + ShopWorkload.TO;
      // The server map of every application (a queue ends a path, so one map does not reach its consumers).
      Map<String, JsonNode> mapElements = new TreeMap<>();
      for (var app : ingested.storage().applications().applications()) {
        JsonNode map = json.readTree(get(http, ingested.queryUri() + "/api/v1/servermap?application=" + app.name()
            + "&inbound=4&outbound=4&bidirectional=true" + range));
        map.get("links").forEach(l -> mapElements.put("link " + l.get("key").asText(), l));
        map.get("nodes").forEach(n -> mapElements.put("node " + n.get("key").asText(), n));
      }

      Map<String, Long> fromTraces = new TreeMap<>();
      for (String traceId : traceIds(ingested)) {
        JsonNode trace = json.readTree(get(http, ingested.queryUri() + "/api/v1/traces/" + traceId));
        trace.get("map").get("links").forEach(l -> count(fromTraces, l));
        trace.get("map").get("nodes").forEach(n -> count(fromTraces, n));
      }
      Map<String, Long> fromStatistics = new TreeMap<>();
      mapElements.values().forEach(e -> count(fromStatistics, e));

      assertThat(fromStatistics).containsKeys("link web-frontend^USER~web-frontend^NODE calls",
          "link legacy^TOMCAT~api-gateway^JAVA calls", "link api-gateway^UNKNOWN_CALLER~api-gateway^JAVA calls",
          "node legacy^TOMCAT calls", "link payments-events^KAFKA_CLIENT~notifier^PYTHON calls");
      assertThat(fromTraces).isEqualTo(fromStatistics);
    }
  }

  /** Every trace of the workload, found through each application's scatter dots. */
  private static Set<String> traceIds(ShopWorkload.Ingested ingested) {
    Set<String> ids = new HashSet<>();
    for (var app : ingested.storage().applications().applications()) {
      String cursor = null;
      ScatterIndex.ScatterPage page;
      do {
        page = ingested.storage().scatter().scan(new ScatterIndex.ScatterQuery(app.name(), ShopWorkload.FROM,
            ShopWorkload.TO, ScatterIndex.MAX_LIMIT, cursor));
        page.dots().forEach(d -> ids.add(d.traceId().toHex()));
        cursor = page.next();
      } while (!page.complete());
    }
    return ids;
  }

  private static void count(Map<String, Long> into, JsonNode element) {
    String what = (element.has("from") ? "link " : "node ") + element.get("key").asText();
    into.merge(what + " calls", element.get("totalCount").asLong(), Long::sum);
    into.merge(what + " errors", element.get("errorCount").asLong(), Long::sum);
    into.merge(what + " slow", element.get("slowCount").asLong(), Long::sum);
  }

  private static String get(HttpClient http, String uri) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(uri + " → " + r.body()).isEqualTo(200);
    return r.body();
  }
}
