package io.pinscope.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A token's hash as the token file stores it: {@code sha256:} and the 64 lower-case hex digits of the SHA-256 of
 * the token's UTF-8 bytes. Tokens are random secrets (not passwords), so a plain fast hash suffices: the file
 * never holds a token, only what it hashes to.
 */
public final class TokenHash {
  /** The prefix naming the algorithm. */
  public static final String PREFIX = "sha256:";
  private static final Pattern HASH = Pattern.compile("sha256:[0-9a-fA-F]{64}");
  private static final HexFormat HEX = HexFormat.of();

  private TokenHash() {}

  /** The SHA-256 digest (32 bytes) of {@code token}'s UTF-8 bytes. */
  public static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** {@code sha256:<hex>} of {@code token}. */
  public static String of(String token) {
    return PREFIX + HEX.formatHex(digest(token));
  }

  /**
   * The digest {@code text} ({@code sha256:<64 hex>}) names.
   *
   * @throws IllegalArgumentException when {@code text} is not such a hash
   */
  public static byte[] parse(String text) {
    if (!HASH.matcher(text).matches()) {
      throw new IllegalArgumentException("hash: " + abbreviate(text) + " (expected: sha256: and 64 hex digits, "
          + "as printed by pinscope hash-token)");
    }
    return HEX.parseHex(text.substring(PREFIX.length()));
  }

  // A hash field may hold a pasted token by mistake: never echo what could be a secret.
  private static String abbreviate(String text) {
    return text.startsWith(PREFIX) ? PREFIX + "<" + (text.length() - PREFIX.length()) + " characters>"
        : "<" + text.length() + " characters, not starting with " + PREFIX + ">";
  }
}
