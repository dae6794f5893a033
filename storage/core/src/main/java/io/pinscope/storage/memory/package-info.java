/**
 * The {@code memory} engine: sorted maps in the heap, for unit tests and {@code --storage=memory}.
 * Nothing survives a restart.
 */
@NullMarked
package io.pinscope.storage.memory;

import org.jspecify.annotations.NullMarked;
