/**
 * The storage API the receiver and the query side use: {@link io.pinscope.storage.Storage} opens an
 * engine by name and hands out the repositories — {@link io.pinscope.storage.TraceRepository},
 * {@link io.pinscope.storage.ScatterIndex}, {@link io.pinscope.storage.MapStatistics},
 * {@link io.pinscope.storage.ApplicationRegistry}, {@link io.pinscope.storage.AgentMetrics} and
 * {@link io.pinscope.storage.LogRepository}. Each documents its units, ordering, limits and idempotency.
 * Their one implementation over the wide-column SPI (table classes, row keys, binary codecs) is package-private
 * here; the layout is drawn in {@link io.pinscope.storage.Storage}.
 */
@NullMarked
package io.pinscope.storage;

import org.jspecify.annotations.NullMarked;
