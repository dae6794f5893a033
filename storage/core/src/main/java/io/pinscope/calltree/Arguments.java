package io.pinscope.calltree;

import io.pinscope.model.Attributes;

/**
 * The "arguments" column of a call-tree row: the first present of a span's descriptive attributes, read
 * in both semantic-convention generations, with whitespace runs collapsed to one space and cut to
 * {@link #MAX_LENGTH} characters.
 */
final class Arguments {
  /** The longest rendering; longer values end in "...". */
  static final int MAX_LENGTH = 256;

  // Most specific first: a query beats a URL, a concrete URL beats the route template.
  private static final String[] KEYS = {
    "db.query.text", "db.statement",
    "url.full", "http.url",
    "url.path", "http.target",
    "http.route",
    "rpc.method",
    "messaging.destination.name", "messaging.destination",
  };

  static String of(Attributes attributes) {
    String text = attributes.firstText(KEYS);
    return text == null ? "" : shorten(text);
  }

  private static String shorten(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH));
    boolean pendingSpace = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        pendingSpace = out.length() > 0;
        continue;
      }
      if (pendingSpace) {
        out.append(' ');
        pendingSpace = false;
      }
      out.append(c);
      if (out.length() > MAX_LENGTH) {
        int cut = MAX_LENGTH - 3;
        if (Character.isHighSurrogate(out.charAt(cut - 1))) {
          cut--; // never split a surrogate pair
        }
        out.setLength(cut);
        return out.append("...").toString();
      }
    }
    return out.toString();
  }

  private Arguments() {}
}
