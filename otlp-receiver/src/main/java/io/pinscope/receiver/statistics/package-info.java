/**
 * Server-map statistics from spans: self histograms of entry spans, links to USER, database, cache, queue,
 * external-host and application nodes, callee resolution by the {@code pp} trace-state entry and by
 * ingest-time client/server pairing, all aggregated per 1-minute slot in memory and flushed as increments.
 *
 * <p>Starting points: {@link io.pinscope.receiver.statistics.StatisticsAggregator} (its class javadoc holds
 * the rules) and {@link io.pinscope.receiver.statistics.StatisticsConfig}. The third way to resolve a
 * callee, the host map at query time, is {@code io.pinscope.servermap.HostMapResolver} in storage-core.
 */
@NullMarked
package io.pinscope.receiver.statistics;

import org.jspecify.annotations.NullMarked;
