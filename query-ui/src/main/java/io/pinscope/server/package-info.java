/**
 * The runnable server: {@link io.pinscope.server.PinscopeServer} composes storage, the OTLP receiver,
 * health and metrics with Armeria builders, configured by {@link io.pinscope.server.ServerConfig}.
 */
@NullMarked
package io.pinscope.server;

import org.jspecify.annotations.NullMarked;
