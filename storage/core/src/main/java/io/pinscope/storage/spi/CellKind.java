package io.pinscope.storage.spi;

/** What the cells of a column family hold and how writes combine with what is stored. */
public enum CellKind {
  /** Opaque bytes; a put replaces the cell. */
  BYTES,
  /** A signed 64-bit counter; increments add atomically. Read back as 8 big-endian bytes. */
  COUNTER,
  /** A signed 64-bit maximum; writes keep the larger value atomically. Read back as 8 big-endian bytes. */
  MAX
}
