package io.pinscope.model.alarm;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Validation shared by the alarm records; messages name the field, the bad value and what was expected. */
final class Checks {
  /** Ids are used in URL paths and row keys. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
  /**
   * One address, no display name: local part, '@', a domain of dot-separated labels (a single label such as
   * {@code localhost} allowed, as test and intranet mail servers use); the SMTP server judges the rest.
   */
  private static final Pattern EMAIL = Pattern.compile("[^@\\s<>,;]+@[^@\\s<>,;.]+(\\.[^@\\s<>,;.]+)*");
  static final int MAX_TEXT = 1000;

  static String id(String field, @Nullable String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          field + ": " + quote(id) + " (expected: 1-64 letters, digits, '.', '_' or '-')");
    }
    return id;
  }

  /** A non-blank text of at most {@code max} characters. */
  static String text(String field, @Nullable String s, int max) {
    if (s == null || s.isBlank() || s.length() > max) {
      throw new IllegalArgumentException(
          field + ": " + quote(s) + " (expected: a non-blank text of at most " + max + " characters)");
    }
    return s;
  }

  /** Any text, possibly empty, of at most {@link #MAX_TEXT} characters. */
  static String optionalText(String field, @Nullable String s) {
    if (s == null || s.length() > MAX_TEXT) {
      throw new IllegalArgumentException(
          field + ": " + quote(s) + " (expected: a text of at most " + MAX_TEXT + " characters)");
    }
    return s;
  }

  static long nonNegative(String field, long v) {
    if (v < 0) {
      throw new IllegalArgumentException(field + ": " + v + " (expected: >= 0)");
    }
    return v;
  }

  /** Checks each channel's target for its type and returns an unmodifiable copy. */
  static List<AlarmChannel> channels(String field, @Nullable List<AlarmChannel> channels) {
    if (channels == null) {
      throw new IllegalArgumentException(field + ": null (expected: a list, possibly empty)");
    }
    List<AlarmChannel> out = new ArrayList<>(channels.size());
    for (int i = 0; i < channels.size(); i++) {
      AlarmChannel c = channels.get(i);
      if (c == null) {
        throw new IllegalArgumentException(field + "[" + i + "]: null (expected: {type, target})");
      }
      channel(field + "[" + i + "].target", c);
      out.add(c);
    }
    return List.copyOf(out);
  }

  /** Whether the channel's target suits its type: an http(s) URL for webhooks, an address for email. */
  static void channel(String field, AlarmChannel c) {
    String t = c.target();
    boolean ok = switch (c.type()) {
      case WEBHOOK, SLACK -> httpUrl(t);
      case EMAIL -> EMAIL.matcher(t).matches();
    };
    if (!ok) {
      String expected = c.type() == AlarmChannel.Type.EMAIL
          ? "an email address such as ops@example.com for EMAIL"
          : "an http:// or https:// URL for " + c.type();
      throw new IllegalArgumentException(field + ": " + quote(t) + " (expected: " + expected + ")");
    }
  }

  private static boolean httpUrl(String s) {
    try {
      URI u = new URI(s);
      return ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))
          && u.getHost() != null && !u.getHost().isEmpty();
    } catch (URISyntaxException e) {
      return false;
    }
  }

  static String quote(@Nullable String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }

  private Checks() {}
}
