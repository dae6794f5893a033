/** The OTLP load generator: realistic Java-agent-shaped traces sent over OTLP/HTTP or OTLP/gRPC. */
@NullMarked
package io.pinscope.compat.loadgen;

import org.jspecify.annotations.NullMarked;
