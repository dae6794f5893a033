/** Liveness and readiness of the Pinscope process ({@code /health}, {@code /ready}). */
@NullMarked
package io.pinscope.server.health;

import org.jspecify.annotations.NullMarked;
