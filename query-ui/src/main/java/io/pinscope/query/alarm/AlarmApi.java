package io.pinscope.query.alarm;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Default;
import com.linecorp.armeria.server.annotation.Delete;
import com.linecorp.armeria.server.annotation.ExceptionHandler;
import com.linecorp.armeria.server.annotation.ExceptionHandlerFunction;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Param;
import com.linecorp.armeria.server.annotation.Post;
import com.linecorp.armeria.server.annotation.Put;
import io.pinscope.model.alarm.Acknowledgement;
import io.pinscope.query.JsonAnswers;
import io.pinscope.model.alarm.AlarmEvent;
import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.model.alarm.AlarmState;
import io.pinscope.model.alarm.RuleKind;
import io.pinscope.model.alarm.Silence;
import io.pinscope.storage.AlarmStore;
import io.pinscope.storage.AlarmStore.EventQuery;
import io.pinscope.storage.Storage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alarm API under {@code /api/v1/alarms}, as {@code query-ui/API.md} specifies it: rule kinds; rules
 * (create, read, replace, delete with their state); the state of each rule, firing first, with
 * acknowledgement; history newest first; silences. Errors: bad input 400 {@code {"error": "<field>: <bad
 * value> (expected: ...)"}}, unknown ids 404, acknowledging an alarm not firing or acknowledged already 409;
 * anything else (a stored record that cannot be read included) 500 with one warn log. Storage calls block, so every method runs on the blocking executor.
 *
 * <p>Acknowledging writes the state with a compare-and-set ({@link AlarmStore#replaceState}), so an
 * evaluation writing at the same moment never loses it unseen, and records an {@code ACKNOWLEDGED} event.
 */
@Blocking
@ExceptionHandler(AlarmApi.ErrorHandler.class)
public final class AlarmApi {
  /** Events a history read returns when no limit is given. */
  static final int DEFAULT_HISTORY_LIMIT = 100;
  /** Compare-and-set attempts of an acknowledgement racing evaluations. */
  private static final int ACK_ATTEMPTS = 5;

  private static final Logger logger = LoggerFactory.getLogger(AlarmApi.class);
  /** Reads request bodies; answers are written by {@link JsonAnswers}. */
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final AlarmStore alarms;
  private final Clock clock;

  private AlarmApi(AlarmStore alarms, Clock clock) {
    this.alarms = alarms;
    this.clock = clock;
  }

  /** Mounts the API on {@code sb}; {@code clock} is "now" for acknowledgements and silences in force. */
  public static void configure(ServerBuilder sb, Storage storage, Clock clock) {
    requireNonNull(sb, "sb");
    requireNonNull(storage, "storage");
    requireNonNull(clock, "clock");
    sb.annotatedService("/api/v1", new AlarmApi(storage.alarms(), clock));
  }

  @Get("/alarms/kinds")
  public HttpResponse kinds() {
    List<Map<String, Object>> kinds = new ArrayList<>();
    for (RuleKind k : RuleKind.values()) {
      kinds.add(AlarmJson.kind(k));
    }
    return json(HttpStatus.OK, Map.of("kinds", kinds));
  }

  @Get("/alarms/rules")
  public HttpResponse rules(@Param("application") @Default("") String application) {
    return json(HttpStatus.OK, Map.of("rules", rulesOf(application).stream().map(AlarmJson::rule).toList()));
  }

  @Post("/alarms/rules")
  public HttpResponse createRule(AggregatedHttpRequest request) {
    AlarmRule rule = AlarmJson.rule(body(request), UUID.randomUUID().toString());
    alarms.putRule(rule);
    return json(HttpStatus.CREATED, AlarmJson.rule(rule));
  }

  @Get("/alarms/rules/{id}")
  public HttpResponse rule(@Param("id") String id) {
    return json(HttpStatus.OK, AlarmJson.rule(existing(id)));
  }

  /**
   * Replaces a rule. Disabling it, or changing what it watches ({@link AlarmRule#sameSubject}: application,
   * kind, target), resets its state to PENDING: a firing streak belongs to what it was found on, and a rule
   * enabled again starts afresh. A streak so ended leaves a RECOVERY event saying why, sent to nobody. A new
   * threshold or new options keep the state: the next evaluation judges the streak by them, and a recovery it
   * finds is sent as any other.
   */
  @Put("/alarms/rules/{id}")
  public HttpResponse replaceRule(@Param("id") String id, AggregatedHttpRequest request) {
    AlarmRule before = existing(id);
    AlarmRule rule = AlarmJson.rule(body(request), id);
    alarms.putRule(rule);
    if (!rule.enabled() || !before.enabled() || !rule.sameSubject(before)) {
      reset(rule, !rule.enabled() ? "the rule was disabled" : !before.enabled() ? "the rule was enabled"
          : "the rule now watches something else");
    }
    return json(HttpStatus.OK, AlarmJson.rule(rule));
  }

  /** Sets the rule's state to PENDING (compare-and-set against evaluations), noting an ended streak. */
  private void reset(AlarmRule rule, String why) {
    for (int attempt = 0; attempt < ACK_ATTEMPTS; attempt++) {
      AlarmState current = alarms.state(rule.id()).orElse(null);
      if (current == null || current.status() == AlarmState.Status.PENDING) {
        return;
      }
      if (alarms.replaceState(current, AlarmState.pending(rule.id()))) {
        if (current.inStreak()) {
          alarms.appendEvent(AlarmEvent.of(rule, clock.millis(), AlarmEvent.Type.RECOVERY, null,
              "firing streak ended without evaluation: " + why + " (no recovery sent)"));
        }
        return;
      }
      // An evaluation wrote the state in between (it drops its step once it sees the new rule): read it again.
    }
    throw new IllegalStateException("the state of rule " + rule.id() + " kept changing while resetting it");
  }

  @Delete("/alarms/rules/{id}")
  public HttpResponse deleteRule(@Param("id") String id) {
    if (!alarms.deleteRule(id)) {
      throw notFound("rule", id);
    }
    return HttpResponse.of(HttpStatus.NO_CONTENT);
  }

  /** Every rule (of the application) with its state, firing first, then by name (then id). */
  @Get("/alarms/state")
  public HttpResponse states(@Param("application") @Default("") String application) {
    long now = clock.millis();
    List<Silence> silences = application.isEmpty() ? alarms.silences() : alarms.silences(application);
    List<Map.Entry<AlarmRule, AlarmState>> rows = new ArrayList<>();
    for (AlarmRule r : rulesOf(application)) {
      rows.add(Map.entry(r, stateOf(r.id())));
    }
    rows.sort(Comparator.comparing((Map.Entry<AlarmRule, AlarmState> e) -> e.getValue().status()
            != AlarmState.Status.FIRING)
        .thenComparing(e -> e.getKey().name()).thenComparing(e -> e.getKey().id()));
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map.Entry<AlarmRule, AlarmState> e : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rule", AlarmJson.rule(e.getKey()));
      m.put("state", AlarmJson.state(e.getValue(), e.getKey().kind(), silencedUntil(silences, e.getKey(), now)));
      out.add(m);
    }
    return json(HttpStatus.OK, Map.of("alarms", out));
  }

  /**
   * Acknowledges an alarm in a firing streak (FIRING, or FAILED since it fired): 200 with the new state; 409
   * when it is in no streak, or acknowledged already.
   */
  @Post("/alarms/rules/{id}/ack")
  public HttpResponse acknowledge(@Param("id") String id, AggregatedHttpRequest request) {
    AlarmRule rule = existing(id);
    long now = clock.millis();
    Acknowledgement ack = AlarmJson.acknowledgement(body(request), now);
    for (int attempt = 0; attempt < ACK_ATTEMPTS; attempt++) {
      AlarmState current = stateOf(id);
      if (!current.inStreak()) {
        throw new ApiException(HttpStatus.CONFLICT, "status: " + current.status()
            + " (expected: FIRING, or FAILED since it fired; only a firing alarm can be acknowledged)");
      }
      Acknowledgement previous = current.acknowledged();
      if (previous != null) {
        throw new ApiException(HttpStatus.CONFLICT, "acknowledged: by " + previous.by() + " at "
            + previous.atMillis() + " (expected: not acknowledged yet)");
      }
      // A state in a streak is always a stored one, so it is the expected value of the compare-and-set.
      AlarmState next = current.acknowledge(ack);
      if (alarms.replaceState(current, next)) {
        alarms.appendEvent(AlarmEvent.of(rule, now, AlarmEvent.Type.ACKNOWLEDGED, current.value(),
            "Acknowledged by " + ack.by() + (ack.comment().isEmpty() ? "" : ": " + ack.comment())));
        return json(HttpStatus.OK, AlarmJson.state(next, rule.kind(),
            silencedUntil(alarms.silences(rule.application()), rule, now)));
      }
      // An evaluation wrote the state in between: read it again.
    }
    throw new IllegalStateException("the state of rule " + id + " kept changing while acknowledging it");
  }

  @Get("/alarms/history")
  public HttpResponse history(@Param("application") @Default("") String application,
      @Param("ruleId") @Default("") String ruleId, @Param("from") @Default("") String from,
      @Param("to") @Default("") String to, @Param("limit") @Default("") String limit) {
    long f = from.isEmpty() ? 0 : millis("from", from);
    // Default "to": just after now, so events written this millisecond are included.
    long t = to.isEmpty() ? Math.max(clock.millis() + 1, f + 1) : millis("to", to);
    int n = limit.isEmpty() ? DEFAULT_HISTORY_LIMIT : limit(limit);
    List<AlarmEvent> events = alarms.events(new EventQuery(application.isEmpty() ? null : application,
        ruleId.isEmpty() ? null : ruleId, f, t, n));
    return json(HttpStatus.OK, Map.of("events", events.stream().map(AlarmJson::event).toList()));
  }

  @Get("/alarms/silences")
  public HttpResponse silences(@Param("application") @Default("") String application) {
    List<Silence> silences = application.isEmpty() ? alarms.silences() : alarms.silences(application);
    return json(HttpStatus.OK, Map.of("silences", silences.stream().map(AlarmJson::silence).toList()));
  }

  @Post("/alarms/silences")
  public HttpResponse createSilence(AggregatedHttpRequest request) {
    Silence s = AlarmJson.silence(body(request), UUID.randomUUID().toString());
    String ruleId = s.ruleId();
    if (ruleId != null) {
      AlarmRule rule = alarms.rule(ruleId).orElseThrow(() -> new IllegalArgumentException(
          "ruleId: \"" + ruleId + "\" (expected: the id of a rule of " + s.application() + "; no such rule)"));
      if (!rule.application().equals(s.application())) {
        throw new IllegalArgumentException("ruleId: \"" + ruleId + "\" (expected: a rule of " + s.application()
            + "; it is a rule of " + rule.application() + ")");
      }
    }
    alarms.putSilence(s);
    return json(HttpStatus.CREATED, AlarmJson.silence(s));
  }

  @Delete("/alarms/silences/{id}")
  public HttpResponse deleteSilence(@Param("id") String id) {
    if (!alarms.deleteSilence(id)) {
      throw notFound("silence", id);
    }
    return HttpResponse.of(HttpStatus.NO_CONTENT);
  }

  private List<AlarmRule> rulesOf(String application) {
    return application.isEmpty() ? alarms.rules() : alarms.rules(application);
  }

  private AlarmRule existing(String id) {
    return alarms.rule(id).orElseThrow(() -> notFound("rule", id));
  }

  private AlarmState stateOf(String ruleId) {
    return alarms.state(ruleId).orElseGet(() -> AlarmState.pending(ruleId));
  }

  /** The latest end of the silences covering {@code rule} at {@code now}, or null when none does. */
  static @Nullable Long silencedUntil(List<Silence> silences, AlarmRule rule, long now) {
    Silence s = Silence.latestCovering(silences, rule, now);
    return s == null ? null : s.toMillis();
  }

  private static JsonNode body(AggregatedHttpRequest request) {
    String text = request.contentUtf8();
    if (text.isBlank()) {
      throw new IllegalArgumentException("body: empty (expected: a JSON object)");
    }
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("body: not JSON (expected: a JSON object; " + e.getOriginalMessage() + ")");
    }
  }

  private static long millis(String name, String value) {
    try {
      long v = Long.parseLong(value);
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(name + ": " + value + " (expected: epoch milliseconds)");
  }

  private static int limit(String value) {
    try {
      int v = Integer.parseInt(value);
      if (v >= 1 && v <= AlarmStore.MAX_EVENTS) {
        return v;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(
        "limit: " + value + " (expected: an integer 1.." + AlarmStore.MAX_EVENTS + ")");
  }

  private static ApiException notFound(String what, String id) {
    return new ApiException(HttpStatus.NOT_FOUND, "id: " + id + " (no such " + what + ")");
  }

  private static HttpResponse json(HttpStatus status, Object body) {
    return JsonAnswers.of(status, body);
  }

  /** An answer other than 400 for a request that cannot be served: 404 unknown id, 409 wrong state. */
  static final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient HttpStatus status;

    ApiException(HttpStatus status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  /**
   * {@code {"error": message}} with 400 for bad input ({@link IllegalArgumentException}), the status of an
   * {@link ApiException}, else 500 with one warn log.
   */
  static final class ErrorHandler implements ExceptionHandlerFunction {
    @Override
    public HttpResponse handleException(ServiceRequestContext ctx, HttpRequest req, Throwable cause) {
      if (cause instanceof HttpStatusException) {
        return ExceptionHandlerFunction.fallthrough();
      }
      HttpStatus status = cause instanceof IllegalArgumentException ? HttpStatus.BAD_REQUEST
          : cause instanceof ApiException e ? e.status : HttpStatus.INTERNAL_SERVER_ERROR;
      String message = String.valueOf(cause.getMessage());
      if (status == HttpStatus.INTERNAL_SERVER_ERROR) {
        logger.warn("alarm request failed: {} {}", req.method(), ctx.path(), cause);
        message = "internal error";
      }
      return json(status, Map.of("error", message));
    }
  }
}
