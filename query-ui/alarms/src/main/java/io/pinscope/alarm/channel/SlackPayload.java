package io.pinscope.alarm.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body for a Slack incoming webhook (and the many chat tools that accept Slack's format): a top-level
 * {@code text}, always present, which Slack shows in notifications and where blocks cannot be shown; and
 * {@code blocks} with the message laid out:
 *
 * <pre>{@code
 * {
 *   "text": "FIRING: ERROR RATE of shop ≥ 10 % (23.4 %)",
 *   "blocks": [
 *     {"type": "section", "text": {"type": "mrkdwn",
 *       "text": ":red_circle: *FIRING: ERROR RATE of shop ≥ 10 % (23.4 %)*\n23.4 % of 1200 requests failed\n<https://…|Open in Pinscope>"}},
 *     {"type": "context", "elements": [
 *       {"type": "mrkdwn", "text": "Rule *checkout errors* (r-1)"},
 *       {"type": "mrkdwn", "text": "First detected 2026-11-30T08:00:00Z"},
 *       {"type": "mrkdwn", "text": "Evaluated 2026-11-30T08:05:00Z"},
 *       {"type": "mrkdwn", "text": "6 evaluations in a row"}]}
 *   ]
 * }
 * }</pre>
 *
 * The kind shows as an emoji (red: firing, orange: still firing, rotating light: escalated, green: recovered)
 * rather than a legacy attachment colour. User-given text is escaped as Slack asks ({@code & < >}), and the
 * section text is kept under Slack's 3000-character limit for a text object.
 */
final class SlackPayload {
  /** Slack rejects a text object longer than this. */
  static final int MAX_TEXT_CHARS = 3000;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The body for {@code n}, as JSON text. */
  static String json(Notification n) {
    String headline = escape(AlarmText.headline(n));
    ObjectNode root = JSON.createObjectNode();
    root.put("text", headline);
    ArrayNode blocks = root.putArray("blocks");

    StringBuilder section = new StringBuilder(emoji(n.kind())).append(" *").append(headline).append('*');
    if (!n.message().isBlank()) {
      section.append('\n').append(escape(n.message()));
    }
    String link = n.link() == null ? "" : "\n<" + escape(n.link()).replace("|", "%7C") + "|Open in Pinscope>";
    // The link goes last and is never cut: shorten the message instead.
    String body = AlarmText.abbreviate(section.toString(), MAX_TEXT_CHARS - link.length()) + link;
    blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", body);

    ArrayNode context = blocks.addObject().put("type", "context").putArray("elements");
    mrkdwn(context, "Rule *" + escape(n.ruleName()) + "* (" + escape(n.ruleId()) + ")");
    mrkdwn(context, "First detected " + AlarmText.time(n.firstDetectedMillis()));
    mrkdwn(context, "Evaluated " + AlarmText.time(n.evaluatedMillis()));
    mrkdwn(context, n.sequence() == 1 ? "1 evaluation" : n.sequence() + " evaluations in a row");
    return root.toString();
  }

  private static void mrkdwn(ArrayNode elements, String text) {
    elements.addObject().put("type", "mrkdwn").put("text", AlarmText.abbreviate(text, MAX_TEXT_CHARS));
  }

  private static String emoji(Notification.Kind kind) {
    return switch (kind) {
      case FIRING -> ":red_circle:";
      case REPEAT -> ":large_orange_circle:";
      case ESCALATION -> ":rotating_light:";
      case RECOVERY -> ":large_green_circle:";
    };
  }

  /** Slack's escaping: only these three characters are control characters in message text. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private SlackPayload() {}
}
