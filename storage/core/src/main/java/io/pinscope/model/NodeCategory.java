package io.pinscope.model;

/** The kinds of server-map node; the REST contract's {@code category} values. */
public enum NodeCategory {
  /** The virtual caller of a root entry span, or of a call whose caller is unknown. */
  USER,
  /** An instrumented application. */
  SERVER,
  /** A database or other terminal data store. */
  DATABASE,
  /** A cache (histograms use the FAST bands). */
  CACHE,
  /** A message broker destination. */
  QUEUE,
  /** An uninstrumented host ("cloud" node), or a type that names no node. */
  UNKNOWN
}
