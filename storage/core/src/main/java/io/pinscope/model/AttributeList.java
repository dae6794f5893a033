package io.pinscope.model;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.Attributes.Attribute;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The immutable entry list of {@link Attributes}, with the keys' hash codes in an array beside the entries:
 * a look-up ({@link #find}) scans the array and touches an entry only when the hash matches, where a plain list
 * would load every entry and its key; a 64-bit summary of the hashes answers most misses without the scan. A {@link List} like {@link List#copyOf}'s (unmodifiable, no nulls, equal
 * to any list of the same entries).
 */
final class AttributeList extends AbstractList<Attribute> implements RandomAccess {
  private final Attribute[] entries;
  private final int[] keyHashes;
  /** Bit {@code hash & 63} set for every key's hash: most look-ups (a key the span does not have) stop here. */
  private final long keyBits;

  private AttributeList(Attribute[] entries) {
    this.entries = entries;
    this.keyHashes = new int[entries.length];
    long bits = 0;
    for (int i = 0; i < entries.length; i++) {
      keyHashes[i] = requireNonNull(entries[i], "entry").key().hashCode();
      bits |= 1L << keyHashes[i];
    }
    this.keyBits = bits;
  }

  /** {@code list} itself when it is one, else an immutable copy of it. */
  static AttributeList copyOf(List<Attribute> list) {
    return list instanceof AttributeList a ? a : new AttributeList(list.toArray(new Attribute[0]));
  }

  /** The value of the first entry under {@code key}, or null. */
  @Nullable AttributeValue find(String key) {
    int hash = key.hashCode();
    if ((keyBits & (1L << hash)) == 0) { // a shift by an int uses its low 6 bits
      return null;
    }
    int[] hashes = keyHashes;
    for (int i = 0; i < hashes.length; i++) {
      if (hashes[i] == hash) {
        Attribute a = entries[i];
        if (a.key().equals(key)) {
          return a.value();
        }
      }
    }
    return null;
  }

  @Override
  public Attribute get(int index) {
    return entries[index];
  }

  @Override
  public int size() {
    return entries.length;
  }

  @Override
  public void forEach(Consumer<? super Attribute> action) {
    for (Attribute a : entries) {
      action.accept(a);
    }
  }
}
