package io.pinscope.compat.w3c;

import java.util.ArrayList;
import java.util.List;

/**
 * The instructions the W3C trace-context harness posts to a test service: a JSON array of
 * {@code {"url": ..., "arguments": ...}}. Each {@link Call} keeps its {@code arguments} as the JSON text it
 * arrived as, to be posted on unchanged. Just enough JSON for that (the service runs on JDK classes only);
 * anything else fails with {@link IllegalArgumentException} naming the offset.
 */
final class CallList {
  /** One call to make: POST {@code argumentsJson} to {@code url}. */
  record Call(String url, String argumentsJson) {}

  private final String text;
  private int pos;

  private CallList(String text) {
    this.text = text;
  }

  /** The calls in {@code json}, in order; a call without {@code arguments} posts {@code []}. */
  static List<Call> parse(String json) {
    CallList p = new CallList(json);
    List<Call> calls = new ArrayList<>();
    p.expect('[');
    if (!p.consume(']')) {
      do {
        calls.add(p.call());
      } while (p.consume(','));
      p.expect(']');
    }
    p.skipSpace();
    if (p.pos != json.length()) {
      throw p.error("end of input");
    }
    return calls;
  }

  private Call call() {
    String url = null;
    String arguments = "[]";
    expect('{');
    if (!consume('}')) {
      do {
        skipSpace();
        String key = string();
        expect(':');
        skipSpace();
        int start = pos;
        if (key.equals("url")) {
          url = string();
        } else {
          skipValue();
          if (key.equals("arguments")) {
            arguments = text.substring(start, pos);
          }
        }
      } while (consume(','));
      expect('}');
    }
    if (url == null) {
      throw error("a \"url\" member");
    }
    return new Call(url, arguments);
  }

  private void skipValue() {
    skipSpace();
    char c = peek();
    if (c == '"') {
      string();
    } else if (c == '[' || c == '{') {
      char close = c == '[' ? ']' : '}';
      pos++;
      if (!consume(close)) {
        do {
          if (close == '}') {
            skipSpace();
            string();
            expect(':');
          }
          skipValue();
        } while (consume(','));
        expect(close);
      }
    } else {
      int start = pos;
      while (pos < text.length() && "+-.eE0123456789truefalsn".indexOf(text.charAt(pos)) >= 0) {
        pos++;
      }
      if (pos == start) {
        throw error("a JSON value");
      }
    }
  }

  private String string() {
    expectHere('"');
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw error("four hex digits");
          }
          sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          pos += 4;
        }
        default -> sb.append(e);
      }
    }
  }

  private boolean consume(char c) {
    skipSpace();
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!consume(c)) {
      throw error("'" + c + "'");
    }
  }

  private void expectHere(char c) {
    if (peek() != c) {
      throw error("'" + c + "'");
    }
    pos++;
  }

  private char peek() {
    if (pos >= text.length()) {
      throw error("more input");
    }
    return text.charAt(pos);
  }

  private char next() {
    char c = peek();
    pos++;
    return c;
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String expected) {
    String found = pos < text.length() ? text.substring(pos, Math.min(text.length(), pos + 20)) : "the end";
    return new IllegalArgumentException("JSON at offset " + pos + ": expected " + expected + ", found " + found);
  }
}
