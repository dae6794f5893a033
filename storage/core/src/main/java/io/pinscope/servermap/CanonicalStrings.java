package io.pinscope.servermap;

import java.util.function.UnaryOperator;

/**
 * Hands back one {@code String} instance for equal texts it saw recently: node names, agent ids,
 * {@code host:port} targets and routes repeat from span to span, but the receiver decodes (or concatenates)
 * each span's values afresh. Statistics keys made of the instances it returns hash with the strings' cached
 * hash codes and compare equal by identity, where fresh strings would be compared char by char in every map
 * they are looked up in.
 *
 * <p>A direct-mapped table of {@code capacity} entries (a power of two, 16..65,536): a text takes the entry its
 * hash selects, replacing what was there, so the table holds at most {@code capacity} strings of at most
 * {@value #MAX_LENGTH} chars. A miss returns the text itself, so the result is always equal to the argument.
 * Thread-safe without locks: entries are read and written racily, which can only cost a miss ({@code String}
 * is immutable and safely published).
 */
public final class CanonicalStrings implements UnaryOperator<String> {
  /** Longer texts (full URLs, statements) are returned as they are: they rarely repeat and would fill memory. */
  public static final int MAX_LENGTH = 256;

  private final String[] table;
  private final int mask;

  /**
   * A table of {@code capacity} entries.
   *
   * @throws IllegalArgumentException unless {@code capacity} is a power of two in 16..65,536
   */
  public CanonicalStrings(int capacity) {
    if (capacity < 16 || capacity > 65_536 || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity: " + capacity + " (expected: a power of two in 16..65536)");
    }
    this.table = new String[capacity];
    this.mask = capacity - 1;
  }

  /** The instance this table holds for {@code text}'s value, else {@code text} itself (then remembered). */
  @Override
  public String apply(String text) {
    int h = text.hashCode(); // cached in the string: computed once per fresh text
    int i = (h ^ (h >>> 16)) & mask;
    String known = table[i];
    if (known == text) {
      return text;
    }
    if (known != null && known.hashCode() == h && known.equals(text)) {
      return known;
    }
    if (text.length() <= MAX_LENGTH) {
      table[i] = text;
    }
    return text;
  }
}
