package io.pinscope.server.auth;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An immutable set of token hashes with their roles, as read from a token file: one token per line,
 * {@code <role> sha256:<64 hex> [name...]}; blank lines and lines starting with {@code #} are ignored. The name
 * (free text, may be empty) only labels the token in logs. {@link #find} hashes the presented token and compares
 * it with every entry's digest in constant time.
 */
public final class Tokens {
  /** A token's role, digest (32 bytes) and label. */
  public record Entry(TokenRole role, byte[] digest, String name) {
    public Entry {
      if (digest.length != 32) {
        throw new IllegalArgumentException("digest: " + digest.length + " bytes (expected: 32, a SHA-256)");
      }
      digest = digest.clone();
    }

    @Override
    public byte[] digest() {
      return digest.clone();
    }
  }

  private final List<Entry> entries;

  private Tokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** The given entries. */
  public static Tokens of(List<Entry> entries) {
    return new Tokens(entries);
  }

  /**
   * Parses a token file's text.
   *
   * @throws IllegalArgumentException naming the first bad line (by number, never echoing a token) and what was
   *     expected
   */
  public static Tokens parse(String text) {
    List<Entry> entries = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\\s+", 3);
      try {
        if (fields.length < 2) {
          throw new IllegalArgumentException(fields.length + " field (expected: <role> sha256:<64 hex> [name])");
        }
        entries.add(new Entry(TokenRole.of(fields[0]), TokenHash.parse(fields[1]),
            fields.length == 3 ? fields[2] : ""));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return new Tokens(entries);
  }

  /** These entries and {@code extra}. */
  public Tokens with(Entry extra) {
    List<Entry> all = new ArrayList<>(entries);
    all.add(extra);
    return new Tokens(all);
  }

  /** The entries, in file order. */
  public List<Entry> entries() {
    return entries;
  }

  /**
   * The entry whose digest is {@code token}'s, or null. Every entry is compared, whatever matched, with
   * {@link MessageDigest#isEqual} (constant time): the answer's timing tells nothing about how close a guess was.
   */
  public @Nullable Entry find(String token) {
    return find(TokenHash.digest(token));
  }

  /** The entry whose digest is {@code digest} (a token's SHA-256), or null; compared as {@link #find(String)}. */
  public @Nullable Entry find(byte[] digest) {
    Entry found = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(digest, e.digest) && found == null) {
        found = e;
      }
    }
    return found;
  }
}
