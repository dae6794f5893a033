package io.pinscope.servermap;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.HostMapping;
import io.pinscope.model.LinkKey;
import io.pinscope.model.NodeCategory;
import io.pinscope.model.PinpointTraceState;
import io.pinscope.model.ServiceType;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.StoredSpan;
import io.pinscope.servermap.MapContributions.ClientHalf;
import io.pinscope.servermap.MapContributions.ServerHalf;
import org.jspecify.annotations.Nullable;

/**
 * Who called whom: the resolution of {@link ClientHalf client} and {@link ServerHalf server} halves into
 * links (DESIGN §3). A caller is named only when it is known to be the caller — a wrong edge is worse than a
 * missing one. In order:
 * <ol>
 *   <li>{@link #pair}: the client span and the server span naming it as parent met (at ingest, or in a
 *       whole trace): one link {@code client app → server app} with the client's elapsed time and error, and
 *       the host-map entry {@code (client app, target) → server app}.
 *   <li>{@link #serverWithParent}: the server's parent span was found in the store (the late pairing).
 *       When it is a client half, that span makes the link itself (paired, or alone to an external node),
 *       so the server records only the host-map entry under the client's own host key, which rewrites the
 *       external node at query time; any other parent span of another agent (its HTTP client was not
 *       instrumented) is the caller, with the server's elapsed time; a parent of the same agent makes no
 *       link.
 *   <li>{@link #serverWithoutParent}: the parent span is not in the store. A {@code pp} entry made from
 *       Pinpoint headers (a Pinpoint agent called, whose spans never reach Pinscope;
 *       {@link PinpointTraceState.Caller#fromPinpointHeaders()}) names the caller at once. Otherwise the
 *       server waits (the caller's exporter may be slow) until its last chance, when a {@code pp} written by
 *       exactly its parent span ({@code sid} = parent id) still names the caller; else the call is drawn
 *       from an "unknown caller" node ({@link ServiceTypeRegistry#UNKNOWN_CALLER}, category USER, named after
 *       the application), plus the host-map entry {@code ("", host) → app}.
 *   <li>{@link #clientAlone}: a client whose server did not show up links to an external-host node
 *       ({@link ServiceTypeRegistry#OPENTELEMETRY_CLIENT}), which the host map may rewrite at query time.
 * </ol>
 * A {@code pp} that an SDK passed along unchanged (its {@code sid} names an earlier caller) never names a
 * caller.
 */
public final class CallerRules {
  /** The application types the caller of the rules knows (to type callers named by spans or {@code pp}). */
  @FunctionalInterface
  public interface ApplicationTypes {
    /** The type code of {@code application}, or null when unknown. */
    @Nullable Integer typeOf(String application);
  }

  /** Both halves met. */
  public static void pair(ClientHalf client, ServerHalf server, MapSink sink) {
    String host = client.host().isEmpty() ? server.host() : client.host();
    sink.link(client.slotMillis(), new LinkKey(client.application(), client.typeCode(), server.application(),
        server.typeCode(), host), client.elapsedMillis(), client.error());
    acceptorMapping(client, server, sink);
  }

  /** The client's server did not show up: a link to an external-host node. */
  public static void clientAlone(ClientHalf client, MapSink sink) {
    LinkKey key = new LinkKey(client.application(), client.typeCode(), client.externalName(),
        ServiceTypeRegistry.OPENTELEMETRY_CLIENT.code(), client.host());
    sink.link(client.slotMillis(), key, client.elapsedMillis(), client.error());
    sink.linkExample(client.slotMillis(), key, client.key().traceId());
  }

  /** The server's parent span {@code parent} was found (its id is the server's parent id). */
  public static void serverWithParent(ServerHalf server, StoredSpan parent, ApplicationTypes types, MapSink sink) {
    requireNonNull(parent, "parent");
    if (parent.applicationName().equals(server.application()) && parent.agentId().equals(server.agentId())) {
      return; // A local parent whose exporter did not set the remoteness flags: no remote caller.
    }
    int callerType = typeOf(types, parent.applicationName(), null);
    ClientHalf client = MapContributions.clientHalfOf(parent, callerType);
    if (client != null) {
      acceptorMapping(client, server, sink);
      return;
    }
    linkFrom(parent.applicationName(), callerType, server, sink);
  }

  /** How {@link #serverWithoutParent} resolved a server. */
  public enum Outcome {
    /** Its {@code pp} entry named the caller. */
    NAMED_BY_PP,
    /** Drawn from the unknown-caller node. */
    UNKNOWN_CALLER,
    /** Nothing was done: the server should wait for its caller's span. */
    WAIT
  }

  /**
   * The server's parent span is not in the store. {@link Outcome#WAIT}, having done nothing, when the
   * server should wait for its caller's span ({@code lastChance} false and nothing but that span can name
   * the caller).
   */
  public static Outcome serverWithoutParent(ServerHalf server, boolean lastChance, ApplicationTypes types,
      MapSink sink) {
    PinpointTraceState.Caller pp = server.ppCaller();
    if (pp != null && (pp.fromPinpointHeaders() || (lastChance && pp.writtenBy(server.parentSpanId())))) {
      linkFrom(pp.application(), typeOf(types, pp.application(), pp.type()), server, sink);
      return Outcome.NAMED_BY_PP;
    }
    if (!lastChance) {
      return Outcome.WAIT;
    }
    sink.link(server.slotMillis(), new LinkKey(server.application(), ServiceTypeRegistry.UNKNOWN_CALLER.code(),
        server.application(), server.typeCode(), ""), server.elapsedMillis(), server.error());
    anonymousHostMapping(server, sink);
    return Outcome.UNKNOWN_CALLER;
  }

  /**
   * The type of a caller application: the type its own spans arrived with, else {@code ppType} when it is
   * an application type (or a code we don't know, such as a Pinpoint agent's), else
   * {@link ServiceTypeRegistry#OPENTELEMETRY_SERVER}.
   */
  public static int typeOf(ApplicationTypes types, String application, @Nullable String ppType) {
    Integer known = types.typeOf(application);
    if (known != null) {
      return known;
    }
    if (ppType != null) {
      try {
        int code = Integer.parseInt(ppType);
        ServiceType t = ServiceTypeRegistry.ofCode(code);
        if (t.code() != code || t.category() == NodeCategory.SERVER) {
          return code;
        }
      } catch (NumberFormatException e) {
        // Not a code: fall through.
      }
    }
    return ServiceTypeRegistry.OPENTELEMETRY_SERVER.code();
  }

  private static void linkFrom(String caller, int callerType, ServerHalf server, MapSink sink) {
    sink.link(server.slotMillis(), new LinkKey(caller, callerType, server.application(), server.typeCode(),
        server.host()), server.elapsedMillis(), server.error());
    if (!server.host().isEmpty()) {
      sink.hostMapping(server.slotMillis(),
          new HostMapping(caller, server.host(), server.application(), server.typeCode()));
    }
  }

  /**
   * "The client's application reached the server's at this host": under the key the client's own link to an
   * external host would be resolved by (its target, else its peer name), else the server's host; in the
   * client's slot, where its link is.
   */
  private static void acceptorMapping(ClientHalf client, ServerHalf server, MapSink sink) {
    String key = client.hostKey().isEmpty() ? server.host() : client.hostKey();
    if (!key.isEmpty()) {
      sink.hostMapping(client.slotMillis(),
          new HostMapping(client.application(), key, server.application(), server.typeCode()));
    }
  }

  private static void anonymousHostMapping(ServerHalf server, MapSink sink) {
    if (!server.host().isEmpty()) {
      sink.hostMapping(server.slotMillis(),
          new HostMapping("", server.host(), server.application(), server.typeCode()));
    }
  }

  private CallerRules() {}
}
