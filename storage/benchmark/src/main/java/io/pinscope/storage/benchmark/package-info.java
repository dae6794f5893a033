/** The storage write-path benchmark program and its synthetic Java-agent-like traces. */
@NullMarked
package io.pinscope.storage.benchmark;

import org.jspecify.annotations.NullMarked;
