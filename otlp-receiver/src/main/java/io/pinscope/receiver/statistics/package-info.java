/**
 * Server-map statistics from spans: self histograms of entry spans, links to USER, database, cache, queue,
 * external-host and application nodes, callee resolution by the {@code pp} trace-state entry and by
 * ingest-time client/server pairing, all aggregated per 1-minute slot in memory and flushed as increments.
 */
@NullMarked
package io.pinscope.receiver.statistics;

import org.jspecify.annotations.NullMarked;
