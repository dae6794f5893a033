/**
 * The runnable server: {@link io.pinscope.server.PinscopeServer} composes storage, the OTLP receiver and/or
 * the query API and UI by {@link io.pinscope.server.Role}, health and metrics with Armeria builders, configured
 * by {@link io.pinscope.server.ServerConfig}; the {@code rebuild-statistics} and {@code hbase-schema} commands.
 */
@NullMarked
package io.pinscope.server;

import org.jspecify.annotations.NullMarked;
