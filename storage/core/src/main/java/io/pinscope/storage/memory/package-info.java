/**
 * The {@code memory} engine: sorted maps in the heap, for unit tests and {@code --storage=memory}.
 * Nothing survives a restart. Bounded: a span cap with oldest-first eviction and a scheduled TTL purge
 * ({@link io.pinscope.storage.memory.MemoryLimits}).
 */
@NullMarked
package io.pinscope.storage.memory;

import org.jspecify.annotations.NullMarked;
