package io.pinscope.servermap;

import static java.util.Objects.requireNonNull;

/**
 * A statistics key in one 1-minute slot, the key of the accumulators' hash maps. Its hash code is computed
 * once, when it is made: a look-up hashes it once and compares it with the hash first, where a record would
 * hash its key again through method handles on every call. Equal when the slot and the key are.
 *
 * @param <K> the key (a self, link or route key, a statement, a host mapping)
 */
final class Slotted<K> {
  private final long slotMillis;
  private final K key;
  private final int hash;

  Slotted(long slotMillis, K key) {
    this.slotMillis = slotMillis;
    this.key = requireNonNull(key, "key");
    this.hash = 31 * Long.hashCode(slotMillis) + key.hashCode();
  }

  long slotMillis() {
    return slotMillis;
  }

  K key() {
    return key;
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof Slotted<?> other && hash == other.hash && slotMillis == other.slotMillis
        && key.equals(other.key));
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return slotMillis + "/" + key;
  }
}
