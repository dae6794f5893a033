package io.pinscope.servermap;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.StoredSpan;
import io.pinscope.servermap.CallerRules.ApplicationTypes;
import io.pinscope.servermap.MapContributions.ClientHalf;
import io.pinscope.servermap.MapContributions.Contribution;
import io.pinscope.servermap.MapContributions.PairKey;
import io.pinscope.servermap.MapContributions.ServerHalf;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The map contributions of one trace read as a whole from the store — the per-transaction map and the
 * statistics rebuild — through the same {@link MapContributions} and {@link CallerRules} the receiver
 * applies span by span. Inside a trace every half that can meet its other half does: a server span pairs
 * with the client span it names as parent; else its parent span, if present, decides
 * ({@link CallerRules#serverWithParent}); else it has had its last chance
 * ({@link CallerRules#serverWithoutParent}). Client spans nobody answered link to external hosts. So the
 * result equals what ingest-time pairing writes when every pair met, and what the host map resolves it to
 * otherwise — unless a caller's span reached the receiver after its server's last chance (the pairing and
 * late windows), where ingest kept the server's resolution and the whole trace pairs them.
 *
 * <p>Spans are de-duplicated by span id (the first is kept, as retries resend identical copies); servers are
 * resolved in start order, and of several servers naming one client span (a retried request) the first
 * pairs and the others are treated as having found their parent.
 */
public final class TraceMap {
  /**
   * Hands every contribution of {@code spans} (one trace) to {@code sink}. {@code types} gives each
   * application's type code (unknown ones are {@link ServiceTypeRegistry#OPENTELEMETRY_SERVER}) and types
   * callers named by {@code pp}.
   */
  public static void contribute(Collection<StoredSpan> spans, ApplicationTypes types, MapSink sink) {
    requireNonNull(spans, "spans");
    requireNonNull(types, "types");
    requireNonNull(sink, "sink");
    Map<Long, StoredSpan> byId = new LinkedHashMap<>();
    for (StoredSpan s : spans) {
      byId.putIfAbsent(s.spanId(), s);
    }
    List<StoredSpan> ordered = new ArrayList<>(byId.values());
    ordered.sort((a, b) -> a.startEpochNanos() != b.startEpochNanos()
        ? Long.compare(a.startEpochNanos(), b.startEpochNanos()) : Long.compareUnsigned(a.spanId(), b.spanId()));
    Map<PairKey, ClientHalf> clients = new HashMap<>();
    List<ServerHalf> servers = new ArrayList<>();
    List<Contribution> contributions = new ArrayList<>(4);
    for (StoredSpan span : ordered) {
      contributions.clear();
      MapContributions.addTo(contributions, span, CallerRules.typeOf(types, span.applicationName(), null));
      for (Contribution c : contributions) {
        if (c instanceof ClientHalf client) {
          clients.putIfAbsent(client.key(), client);
        } else if (c instanceof ServerHalf server) {
          servers.add(server);
        } else {
          MapContributions.apply(c, sink);
        }
      }
    }
    Set<PairKey> answered = new HashSet<>();
    for (ServerHalf server : servers) {
      ClientHalf client = clients.get(server.key());
      if (client != null && answered.add(server.key())) {
        CallerRules.pair(client, server, sink);
        continue;
      }
      StoredSpan parent = byId.get(server.parentSpanId());
      if (parent != null) {
        CallerRules.serverWithParent(server, parent, types, sink);
      } else {
        CallerRules.serverWithoutParent(server, true, types, sink);
      }
    }
    for (StoredSpan span : ordered) {
      ClientHalf client = clients.get(new PairKey(span.traceId(), span.spanId()));
      if (client != null && !answered.contains(client.key())) {
        CallerRules.clientAlone(client, sink);
      }
    }
  }

  private TraceMap() {}
}
