package io.pinscope.alarm.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The generic JSON webhook's body: one object per notification, a stable documented shape (fields are only
 * ever added, never renamed or removed; {@code version} changes if that ever has to be broken):
 *
 * <pre>{@code
 * {
 *   "version": 1,
 *   "kind": "FIRING",                       // FIRING | REPEAT | ESCALATION | RECOVERY
 *   "summary": "FIRING: ERROR RATE of shop ≥ 10 % (23.4 %)",
 *   "rule": {
 *     "id": "r-1", "name": "checkout errors",
 *     "checker": "ERROR RATE",              // the rule kind's display name
 *     "threshold": 10.0, "unit": "%",
 *     "target": null                        // callee, route or statement; null when the kind has none
 *   },
 *   "application": "shop",
 *   "value": 23.4,                          // in rule.unit; null if not a finite number
 *   "unit": "%",
 *   "message": "23.4 % of 1200 requests failed",
 *   "firstDetected": "2026-11-30T08:00:00Z", "firstDetectedMillis": 1795939200000,
 *   "evaluated": "2026-11-30T08:05:00Z",     "evaluatedMillis": 1795939500000,
 *   "sequence": 6,                          // evaluations in a row that found it
 *   "link": "https://pinscope.example/#/alarms?application=shop&rule=r-1"   // null when unknown
 * }
 * }</pre>
 *
 * Times are UTC ISO-8601 and epoch milliseconds. Sent with {@code Content-Type: application/json; charset=utf-8}.
 */
final class WebhookPayload {
  /** The shape's version; raised only on an incompatible change. */
  static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The body for {@code n}, as JSON text. */
  static String json(Notification n) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    root.put("kind", n.kind().name());
    root.put("summary", AlarmText.headline(n));
    ObjectNode rule = root.putObject("rule");
    rule.put("id", n.ruleId());
    rule.put("name", n.ruleName());
    rule.put("checker", n.checker());
    putNumber(rule, "threshold", n.threshold());
    rule.put("unit", n.unit());
    rule.put("target", n.target());
    root.put("application", n.application());
    putNumber(root, "value", n.value());
    root.put("unit", n.unit());
    root.put("message", n.message());
    root.put("firstDetected", AlarmText.time(n.firstDetectedMillis()));
    root.put("firstDetectedMillis", n.firstDetectedMillis());
    root.put("evaluated", AlarmText.time(n.evaluatedMillis()));
    root.put("evaluatedMillis", n.evaluatedMillis());
    root.put("sequence", n.sequence());
    root.put("link", n.link());
    return root.toString();
  }

  /** JSON has no NaN or infinity: those are written as null. */
  private static void putNumber(ObjectNode node, String field, double v) {
    if (Double.isFinite(v)) {
      node.put(field, v);
    } else {
      node.putNull(field);
    }
  }

  private WebhookPayload() {}
}
