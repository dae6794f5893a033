package io.pinscope.query.alarm;

import com.fasterxml.jackson.databind.JsonNode;
import io.pinscope.model.alarm.Acknowledgement;
import io.pinscope.model.alarm.AlarmChannel;
import io.pinscope.model.alarm.AlarmEvent;
import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.model.alarm.AlarmState;
import io.pinscope.model.alarm.DeliveryRecord;
import io.pinscope.model.alarm.Escalation;
import io.pinscope.model.alarm.RuleKind;
import io.pinscope.model.alarm.Silence;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one place the alarm model meets JSON: records to JSON-ready maps (field names as in API.md) and request
 * bodies to records. Every bad input is an {@link IllegalArgumentException} naming the field
 * ({@code "channels[0].type: \"SMS\" (expected one of [WEBHOOK, SLACK, EMAIL])"}); the records' own
 * validation names the rest. Unknown fields in a body are refused, so a misspelt field is never silently
 * ignored.
 */
final class AlarmJson {
  private static final Set<String> RULE_FIELDS = Set.of("id", "name", "application", "kind", "threshold", "target",
      "options", "channels", "escalation", "enabled");
  private static final Set<String> SILENCE_FIELDS = Set.of("id", "application", "ruleId", "from", "to", "reason",
      "createdBy");
  private static final Set<String> ACK_FIELDS = Set.of("by", "comment");

  // ---- records to JSON

  static Map<String, Object> kind(RuleKind k) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", k.name());
    m.put("name", k.displayName());
    m.put("unit", k.unitSymbol());
    m.put("target", k.target().name());
    m.put("targetRequired", k.targetRequired());
    m.put("firesWhen", k.firesWhen().name());
    m.put("description", k.description());
    List<Map<String, Object>> options = new ArrayList<>();
    for (RuleKind.Option o : k.options()) {
      Map<String, Object> om = new LinkedHashMap<>();
      om.put("name", o.name());
      om.put("default", o.defaultValue());
      om.put("min", o.min());
      om.put("max", o.max());
      om.put("description", o.description());
      options.add(om);
    }
    m.put("options", options);
    m.put("minThreshold", k.minThreshold());
    m.put("maxThreshold", k.maxThreshold() == Double.MAX_VALUE ? null : k.maxThreshold());
    return m;
  }

  static Map<String, Object> rule(AlarmRule r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("name", r.name());
    m.put("application", r.application());
    m.put("kind", r.kind().name());
    m.put("threshold", r.threshold());
    m.put("target", r.target());
    m.put("options", r.options());
    m.put("channels", channels(r.channels()));
    Escalation e = r.escalation();
    if (e == null) {
      m.put("escalation", null);
    } else {
      Map<String, Object> em = new LinkedHashMap<>();
      em.put("afterMinutes", e.afterMinutes());
      em.put("channels", channels(e.channels()));
      m.put("escalation", em);
    }
    m.put("enabled", r.enabled());
    return m;
  }

  /** The state as the API shows it; {@code silencedUntil} is the end of the silence now covering the rule. */
  static Map<String, Object> state(AlarmState s, RuleKind kind, @Nullable Long silencedUntil) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", s.status().name());
    m.put("since", s.sinceMillis());
    m.put("value", s.value());
    m.put("unit", kind.unitSymbol());
    m.put("message", s.message());
    m.put("lastEvaluated", s.lastEvaluatedMillis());
    m.put("sequence", s.sequence());
    m.put("notifications", s.notifications());
    m.put("nextNotification", s.nextNotificationMillis());
    Acknowledgement a = s.acknowledged();
    if (a == null) {
      m.put("acknowledged", null);
    } else {
      Map<String, Object> am = new LinkedHashMap<>();
      am.put("by", a.by());
      am.put("at", a.atMillis());
      am.put("comment", a.comment());
      m.put("acknowledged", am);
    }
    m.put("escalated", s.escalated());
    m.put("silencedUntil", silencedUntil);
    m.put("error", s.error());
    return m;
  }

  static Map<String, Object> event(AlarmEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("time", e.timeMillis());
    m.put("ruleId", e.ruleId());
    m.put("ruleName", e.ruleName());
    m.put("application", e.application());
    m.put("type", e.type().name());
    m.put("value", e.value());
    m.put("unit", e.unit());
    m.put("message", e.message());
    List<Map<String, Object>> deliveries = new ArrayList<>();
    for (DeliveryRecord d : e.deliveries()) {
      Map<String, Object> dm = new LinkedHashMap<>();
      dm.put("channel", channel(d.channel()));
      dm.put("delivered", d.delivered());
      dm.put("attempts", d.attempts());
      dm.put("detail", d.detail());
      dm.put("finished", d.finishedMillis());
      deliveries.add(dm);
    }
    m.put("deliveries", deliveries);
    return m;
  }

  static Map<String, Object> silence(Silence s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("application", s.application());
    m.put("ruleId", s.ruleId());
    m.put("from", s.fromMillis());
    m.put("to", s.toMillis());
    m.put("reason", s.reason());
    m.put("createdBy", s.createdBy());
    return m;
  }

  private static List<Map<String, Object>> channels(List<AlarmChannel> channels) {
    return channels.stream().map(AlarmJson::channel).toList();
  }

  private static Map<String, Object> channel(AlarmChannel c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", c.type().name());
    m.put("target", c.target());
    return m;
  }

  // ---- JSON to records

  /** A rule from a request body, given {@code id} (the body's own id must be absent, null or the same). */
  static AlarmRule rule(JsonNode body, String id) {
    object("body", body, RULE_FIELDS);
    String bodyId = text(body, "id");
    if (bodyId != null && !bodyId.equals(id)) {
      throw new IllegalArgumentException("id: \"" + bodyId + "\" (expected: none, or \"" + id + "\" as in the path)");
    }
    AlarmRule.Builder b = AlarmRule.builder().id(id).kind(RuleKind.parse(text(body, "kind")))
        .threshold(number(body, "threshold")).target(text(body, "target"))
        .channels(channels("channels", body.get("channels"))).escalation(escalation(body.get("escalation")))
        .enabled(bool(body, "enabled", true));
    // A missing name or application reaches the rule's validation as null, which names the field.
    b.name(text(body, "name")).application(text(body, "application"));
    JsonNode options = body.get("options");
    if (options != null && !options.isNull()) {
      if (!options.isObject()) {
        throw new IllegalArgumentException("options: " + options + " (expected: an object of numbers)");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        b.option(e.getKey(), number(options, e.getKey(), "options." + e.getKey()));
      }
    }
    return b.build();
  }

  static Silence silence(JsonNode body, String id) {
    object("body", body, SILENCE_FIELDS);
    if (text(body, "id") != null) {
      throw new IllegalArgumentException("id: " + body.get("id") + " (expected: none; the server gives ids)");
    }
    // A missing application reaches the silence's validation as null, which names the field.
    return new Silence(id, text(body, "application"), text(body, "ruleId"),
        integer(body, "from", null), integer(body, "to", null), orEmpty(text(body, "reason")),
        orEmpty(text(body, "createdBy")));
  }

  /** An acknowledgement from {@code {by, comment}}, made at {@code atMillis}. */
  static Acknowledgement acknowledgement(JsonNode body, long atMillis) {
    object("body", body, ACK_FIELDS);
    return new Acknowledgement(text(body, "by"), atMillis, orEmpty(text(body, "comment")));
  }

  private static @Nullable Escalation escalation(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    object("escalation", node, Set.of("afterMinutes", "channels"));
    long after = integer(node, "afterMinutes", "escalation.afterMinutes");
    List<AlarmChannel> channels = channels("escalation.channels", node.get("channels"));
    return new Escalation((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, after)), channels);
  }

  private static List<AlarmChannel> channels(String field, @Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException(field + ": " + node + " (expected: an array of {type, target})");
    }
    List<AlarmChannel> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String at = field + "[" + i + "]";
      JsonNode c = node.get(i);
      object(at, c, Set.of("type", "target"));
      String type = text(c, "type", at + ".type");
      AlarmChannel.Type t = null;
      for (AlarmChannel.Type candidate : AlarmChannel.Type.values()) {
        if (candidate.name().equals(type)) {
          t = candidate;
        }
      }
      if (t == null) {
        throw new IllegalArgumentException(at + ".type: " + quote(type) + " (expected one of "
            + List.of(AlarmChannel.Type.values()) + ")");
      }
      String target = text(c, "target", at + ".target");
      if (target == null || target.isBlank()) {
        throw new IllegalArgumentException(at + ".target: " + quote(target) + " (expected: "
            + (t == AlarmChannel.Type.EMAIL ? "an email address" : "an http:// or https:// URL") + ")");
      }
      out.add(new AlarmChannel(t, target));
    }
    return out;
  }

  /** Checks {@code node} is an object holding only {@code fields}. */
  private static void object(String field, @Nullable JsonNode node, Set<String> fields) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(field + ": " + node + " (expected: a JSON object)");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!fields.contains(name)) {
        throw new IllegalArgumentException(field + ": unknown field \"" + name + "\" (expected: fields among "
            + fields.stream().sorted().toList() + ")");
      }
    }
  }

  private static @Nullable String text(JsonNode node, String field) {
    return text(node, field, field);
  }

  private static @Nullable String text(JsonNode node, String field, String path) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(path + ": " + v + " (expected: a string)");
    }
    return v.textValue();
  }

  private static double number(JsonNode node, String field) {
    return number(node, field, field);
  }

  private static double number(JsonNode node, String field, String path) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(path + ": (missing) (expected: a number)");
    }
    if (!v.isNumber()) {
      throw new IllegalArgumentException(path + ": " + v + " (expected: a number)");
    }
    return v.doubleValue();
  }

  private static long integer(JsonNode node, String field, @Nullable String path) {
    String p = path == null ? field : path;
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(p + ": (missing) (expected: an integer)");
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(p + ": " + v + " (expected: an integer)");
    }
    return v.longValue();
  }

  private static boolean bool(JsonNode node, String field, boolean defaultValue) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return defaultValue;
    }
    if (!v.isBoolean()) {
      throw new IllegalArgumentException(field + ": " + v + " (expected: true or false)");
    }
    return v.booleanValue();
  }

  private static String orEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }

  private static String quote(@Nullable String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }

  private AlarmJson() {}
}
