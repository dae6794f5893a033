package io.pinscope.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;

/**
 * Golden-byte assertions for the stored format. Expected bytes are written as annotated hex, one field a
 * line: hex digits (spaces ignored), then {@code //} and what the field is. A {@code ?} stands for a
 * nibble the format leaves free (only the log table's per-process counter uses it).
 *
 * <p>A mismatch means data already on disk would be misread by this version, and the message says so:
 * the fix is a new format version and a migration, never an edited hex literal.
 */
final class GoldenBytes {
  private static final HexFormat HEX = HexFormat.of();
  private static final String HOW_TO_CHANGE = "Reordering AttributeCodec.DICTIONARY, renumbering a"
      + " histogram cell code or changing a key, qualifier or value layout breaks every existing store."
      + " If the change is intended, add a new format version that still reads the old one (and a"
      + " migration); do not just update the golden bytes.";

  /** The bytes of annotated hex; {@code ?} nibbles read as 0. */
  static byte[] bytes(String annotatedHex) {
    return HEX.parseHex(digits(annotatedHex).replace('?', '0'));
  }

  /** The hex digits (and {@code ?}) of annotated hex, comments and spaces removed. */
  static String digits(String annotatedHex) {
    StringBuilder out = new StringBuilder();
    for (String line : annotatedHex.split("\n", -1)) {
      int comment = line.indexOf("//");
      String code = (comment < 0 ? line : line.substring(0, comment)).replaceAll("\\s+", "");
      if (!code.matches("[0-9a-f?]*")) {
        throw new IllegalArgumentException("golden hex line: \"" + line
            + "\" (expected: lower-case hex digits or '?', then an optional // comment)");
      }
      out.append(code);
    }
    if (out.length() % 2 != 0) {
      throw new IllegalArgumentException(
          "golden hex: " + out.length() + " digits (expected: an even number)\n" + annotatedHex);
    }
    return out.toString();
  }

  /** Fails, saying that the stored format changed, unless {@code actual} matches the annotated hex. */
  static void assertBytes(String what, byte[] actual, String annotatedHex) {
    String expected = digits(annotatedHex);
    String actualHex = HEX.formatHex(actual);
    assertThat(matches(expected, actualHex))
        .withFailMessage(() -> formatChanged(what, expected, actualHex, annotatedHex))
        .isTrue();
  }

  /** Fails with the format-changed message unless {@code actual} equals {@code expected}. */
  static void assertValue(String what, Object actual, Object expected) {
    assertThat(actual)
        .withFailMessage("The stored format of %s changed: data already on disk would be misread."
            + "%n  expected: %s%n  actual:   %s%n%s", what, expected, actual, HOW_TO_CHANGE)
        .isEqualTo(expected);
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  private static boolean matches(String expected, String actual) {
    if (expected.length() != actual.length()) {
      return false;
    }
    for (int i = 0; i < expected.length(); i++) {
      char e = expected.charAt(i);
      if (e != '?' && e != actual.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static String formatChanged(String what, String expected, String actual, String annotated) {
    int firstDifference = 0;
    while (firstDifference < Math.min(expected.length(), actual.length())
        && (expected.charAt(firstDifference) == '?'
            || expected.charAt(firstDifference) == actual.charAt(firstDifference))) {
      firstDifference++;
    }
    return "The stored format of " + what + " changed: data already on disk would be misread.\n"
        + "  first difference at byte " + firstDifference / 2 + " (expected " + expected.length() / 2
        + " bytes, got " + actual.length() / 2 + ")\n"
        + "  expected: " + expected + "\n"
        + "  actual:   " + actual + "\n"
        + "  expected, by field:\n" + indent(annotated)
        + HOW_TO_CHANGE;
  }

  private static String indent(String annotated) {
    StringBuilder out = new StringBuilder();
    for (String line : annotated.stripIndent().strip().split("\n")) {
      out.append("    ").append(line.stripTrailing()).append('\n');
    }
    return out.toString();
  }

  private GoldenBytes() {}
}
