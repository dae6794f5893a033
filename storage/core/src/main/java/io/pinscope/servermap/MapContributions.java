package io.pinscope.servermap;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.Attributes;
import io.pinscope.model.DbStatements;
import io.pinscope.model.HistogramSchema;
import io.pinscope.model.LinkKey;
import io.pinscope.model.PinpointTraceState;
import io.pinscope.model.SelfKey;
import io.pinscope.model.Semconv;
import io.pinscope.model.ServiceType;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotValue;
import io.pinscope.model.SpanKind;
import io.pinscope.model.SqlKey;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import io.pinscope.model.UriKey;
import io.pinscope.model.UriRoutes;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one span contributes to the server map (DESIGN §3): the one place that decides node names, node
 * types and which spans make links. The receiver's statistics, the per-transaction map, the statistics
 * rebuild and the benchmarks all call it; {@link CallerRules} then decides who called whom for the halves.
 *
 * <p>Per span of application {@code app} (type {@code T}, agent {@code g}), all in the 1-minute slot of the
 * span's start, with its elapsed time and error:
 * <ul>
 *   <li>an <b>entry span</b> ({@link StoredSpan#isEntry()}) is one call answered by {@code (app, T, g)}:
 *       {@link Self};
 *   <li>a <b>root</b> entry span, unless it is a messaging CONSUMER, is called by the application's USER
 *       node: link {@code (app, USER) → (app, T)}, host {@code ""};
 *   <li>a CONSUMER span with {@code messaging.system} is called by its queue node: link
 *       {@code (destination, queue type) → (app, T)}, host = the broker address or {@code ""};
 *   <li>a CLIENT span with {@code db.system(.name)} calls a database or cache node named
 *       {@link Semconv#databaseName} and typed {@link ServiceTypeRegistry#forDbSystem} (caches use FAST
 *       bands);
 *   <li>a PRODUCER (or CLIENT) span with {@code messaging.system} calls its queue node;
 *   <li>any other CLIENT or PRODUCER span is a call that may reach an instrumented application: a
 *       {@link ClientHalf}, keyed by its own span id;
 *   <li>any other non-root entry span whose parent is not known to be in the same process (a SERVER span, a
 *       CONSUMER without {@code messaging.system}, an INTERNAL span with a remote parent) was called by
 *       something: a {@link ServerHalf}, keyed by its parent span id, carrying its {@code pp} caller.
 * </ul>
 * A link's histogram uses its callee's schema; a self histogram its application's.
 */
public final class MapContributions {
  /** One thing a span contributes. */
  public sealed interface Contribution permits Self, Link, Half {}

  /** One call answered by an application agent. */
  public record Self(long slotMillis, SelfKey key, long elapsedMillis, boolean error) implements Contribution {
    public Self {
      requireNonNull(key, "key");
    }
  }

  /** One call on a link whose both ends are known from the span alone. */
  public record Link(long slotMillis, LinkKey key, long elapsedMillis, boolean error) implements Contribution {
    public Link {
      requireNonNull(key, "key");
    }
  }

  /** The pairing key of a call: the client span's own id, which is the server span's parent id. */
  public record PairKey(TraceId traceId, long spanId) {
    public PairKey {
      requireNonNull(traceId, "traceId");
    }

    // Written out: pairing tables hash and compare these for every half, and the generated record methods
    // go through method handles.
    @Override
    public boolean equals(Object o) {
      return o instanceof PairKey k && spanId == k.spanId && traceId.high() == k.traceId.high()
          && traceId.low() == k.traceId.low();
    }

    @Override
    public int hashCode() {
      long h = traceId.high() * 31 + traceId.low();
      h = h * 31 + spanId;
      return (int) (h ^ (h >>> 32));
    }
  }

  /** One side of a call between two processes, resolved by {@link CallerRules}. */
  public sealed interface Half extends Contribution permits ClientHalf, ServerHalf {
    PairKey key();

    long slotMillis();
  }

  /**
   * The caller's side: an outgoing call that is no database or messaging call.
   *
   * @param host the target the client addressed ({@link Semconv#clientTarget}), or {@code ""}
   * @param externalName the node name when nobody instrumented answers ({@link Semconv#externalName})
   */
  public record ClientHalf(PairKey key, String application, int typeCode, long slotMillis, long elapsedMillis,
      boolean error, String host, String externalName) implements Half {
    public ClientHalf {
      requireNonNull(key, "key");
      requireNonNull(application, "application");
      requireNonNull(host, "host");
      requireNonNull(externalName, "externalName");
    }

    /**
     * The host-map key under which an acceptor of this call is recorded: the target, else a name the caller
     * gave the peer ({@code peer.service}); {@code ""} when nothing identifies it.
     */
    public String hostKey() {
      if (!host.isEmpty()) {
        return host;
      }
      return externalName.equals(Semconv.UNKNOWN_HOST) ? "" : externalName;
    }
  }

  /**
   * The callee's side: an entry span called from another process.
   *
   * @param host the host the server was addressed by ({@link Semconv#serverHost}), or {@code ""}
   * @param ppCaller the caller its {@code pp} trace-state entry names, or null
   */
  public record ServerHalf(PairKey key, String application, int typeCode, String agentId, long slotMillis,
      long elapsedMillis, boolean error, String host, PinpointTraceState.@Nullable Caller ppCaller)
      implements Half {
    public ServerHalf {
      requireNonNull(key, "key");
      requireNonNull(application, "application");
      requireNonNull(agentId, "agentId");
      requireNonNull(host, "host");
    }

    /** The span id of the caller span this server names as its parent. */
    public long parentSpanId() {
      return key.spanId();
    }
  }

  /** What {@code span}, of an application of type {@code applicationTypeCode}, contributes. */
  public static List<Contribution> of(StoredSpan span, int applicationTypeCode) {
    List<Contribution> out = new ArrayList<>(2);
    addTo(out, span, applicationTypeCode);
    return out;
  }

  /**
   * Appends what {@code span}, of an application of type {@code applicationTypeCode}, contributes.
   *
   * @return the span's {@link #databaseCall} (found on the way; null when it is no database call), so that a
   *     caller also counting its statement ({@link #statementOf(StoredSpan, DatabaseCall)}) need not look it
   *     up again
   */
  public static @Nullable DatabaseCall addTo(List<? super Contribution> out, StoredSpan span,
      int applicationTypeCode) {
    requireNonNull(span, "span");
    String app = span.applicationName();
    int type = applicationTypeCode;
    Attributes a = span.attributes();
    long slot = SlotValue.slotOf(span.startEpochMillis());
    long elapsed = elapsedMillis(span);
    boolean error = span.isError();
    SpanKind kind = span.kind();
    String messaging = kind == SpanKind.CLIENT || kind.isEntryKind() || kind == SpanKind.PRODUCER
        ? Semconv.messagingSystem(a) : null;
    boolean queueConsumer = kind == SpanKind.CONSUMER && messaging != null;

    if (span.isEntry()) {
      out.add(new Self(slot, new SelfKey(app, type, span.agentId()), elapsed, error));
      if (span.isRoot() && !queueConsumer) {
        out.add(new Link(slot, new LinkKey(app, ServiceTypeRegistry.USER.code(), app, type, ""), elapsed, error));
      }
    }
    if (queueConsumer) {
      ServiceType queue = ServiceTypeRegistry.forMessagingSystem(messaging);
      out.add(new Link(slot, new LinkKey(Semconv.destinationName(a, messaging), queue.code(), app, type,
          Semconv.clientTarget(a)), elapsed, error));
    } else if (kind.isOutgoing()) {
      // Every outgoing call's node or link needs the target: looked up once (the attribute scans are most
      // of this method's cost).
      String target = Semconv.clientTarget(a);
      DatabaseCall db = databaseCall(span, target);
      if (db != null) {
        ServiceType database = ServiceTypeRegistry.forDbSystem(db.system());
        out.add(new Link(slot, new LinkKey(app, type, db.database(), database.code(), target), elapsed, error));
        return db;
      } else if (messaging != null) {
        ServiceType queue = ServiceTypeRegistry.forMessagingSystem(messaging);
        out.add(new Link(slot, new LinkKey(app, type, Semconv.destinationName(a, messaging), queue.code(),
            target), elapsed, error));
      } else {
        out.add(new ClientHalf(new PairKey(span.traceId(), span.spanId()), app, type, slot, elapsed, error,
            target, Semconv.externalName(a, target)));
      }
    } else if (span.isEntry() && !span.isRoot() && !hasLocalParent(span)) {
      out.add(new ServerHalf(new PairKey(span.traceId(), span.parentSpanId()), app, type, span.agentId(), slot,
          elapsed, error, Semconv.serverHost(a), PinpointTraceState.caller(span.traceState())));
    }
    return null;
  }

  /** A call of a database: its {@code db.system(.name)} and the database node's name. */
  public record DatabaseCall(String system, String database) {}

  /**
   * The database {@code span} calls, when the map links it to a database node (a CLIENT span with
   * {@code db.system(.name)}, named by {@link Semconv#databaseName}); else null.
   */
  public static @Nullable DatabaseCall databaseCall(StoredSpan span) {
    String system = span.kind() == SpanKind.CLIENT ? Semconv.dbSystem(span.attributes()) : null;
    return system == null ? null : new DatabaseCall(system, Semconv.databaseName(span.attributes(), system));
  }

  /** {@link #databaseCall(StoredSpan)} of a span whose {@link Semconv#clientTarget} is {@code target}. */
  private static @Nullable DatabaseCall databaseCall(StoredSpan span, String target) {
    String system = span.kind() == SpanKind.CLIENT ? Semconv.dbSystem(span.attributes()) : null;
    return system == null ? null
        : new DatabaseCall(system, Semconv.databaseName(span.attributes(), system, target));
  }

  /**
   * The route {@code span} counts under in the URI statistics ({@link UriRoutes}), before any cardinality cap;
   * null when it is no entry span.
   */
  public static @Nullable UriKey routeOf(StoredSpan span) {
    String route = UriRoutes.of(span);
    return route == null ? null : new UriKey(span.applicationName(), route);
  }

  /**
   * The statement {@code span} counts under in the SQL statistics (its database call, {@link #databaseCall},
   * with the statement {@link DbStatements normalised}), before any cardinality cap; null when it is no
   * database call.
   */
  public static @Nullable SqlKey statementOf(StoredSpan span) {
    return statementOf(span, databaseCall(span));
  }

  /**
   * {@link #statementOf(StoredSpan)} when the span's {@link #databaseCall} is already known ({@code db}, as
   * {@link #addTo} returns it): the same key, without looking the call up again.
   */
  public static @Nullable SqlKey statementOf(StoredSpan span, @Nullable DatabaseCall db) {
    return db == null ? null : new SqlKey(span.applicationName(), db.system(), db.database(),
        DbStatements.of(span.attributes(), span.name()));
  }

  /**
   * The client half {@code span} contributes, when it is a call that may reach an instrumented application
   * (an outgoing span that is no database or messaging call); else null.
   */
  public static @Nullable ClientHalf clientHalfOf(StoredSpan span, int applicationTypeCode) {
    if (!span.kind().isOutgoing()) {
      return null;
    }
    for (Contribution c : of(span, applicationTypeCode)) {
      if (c instanceof ClientHalf client) {
        return client;
      }
    }
    return null;
  }

  /** The histogram schema of a link's cells: its callee's (FAST for caches). */
  public static HistogramSchema schemaOf(LinkKey key) {
    return ServiceTypeRegistry.ofCode(key.calleeTypeCode()).histogramSchema();
  }

  /** The histogram schema of a self cell: its application type's. */
  public static HistogramSchema schemaOf(SelfKey key) {
    return ServiceTypeRegistry.ofCode(key.serviceTypeCode()).histogramSchema();
  }

  /** Hands a {@link Self} or {@link Link} to the sink; halves go through {@link CallerRules} instead. */
  public static void apply(Contribution c, MapSink sink) {
    if (c instanceof Self s) {
      sink.self(s.slotMillis(), s.key(), s.elapsedMillis(), s.error());
    } else if (c instanceof Link l) {
      sink.link(l.slotMillis(), l.key(), l.elapsedMillis(), l.error());
    } else {
      throw new IllegalArgumentException("contribution: " + c + " (expected: Self or Link; halves are resolved "
          + "by CallerRules)");
    }
  }

  private static long elapsedMillis(StoredSpan span) {
    return span.durationNanos() / 1_000_000L;
  }

  /** The flags say the parent is in this process: no remote caller to link from. */
  private static boolean hasLocalParent(StoredSpan span) {
    return (span.flags() & StoredSpan.FLAG_HAS_IS_REMOTE) != 0 && !span.hasRemoteParent();
  }

  private MapContributions() {}
}
