/**
 * The query API ({@code /api/v1}, contract in {@code query-ui/API.md}). Starting points:
 * {@link io.pinscope.query.QueryApi#configure} mounts it on an Armeria server; {@link
 * io.pinscope.query.ServerMapBuilder} builds the server map from the map statistics; {@link
 * io.pinscope.query.TraceView} shapes one trace (spans, call tree, per-transaction map, logs).
 */
@NullMarked
package io.pinscope.query;

import org.jspecify.annotations.NullMarked;
