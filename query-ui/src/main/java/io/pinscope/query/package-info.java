/**
 * The query API ({@code /api/v1}, contract in {@code query-ui/API.md}). Starting points:
 * {@link io.pinscope.query.QueryApi#configure} mounts it on an Armeria server; {@code ServerMapBuilder} builds
 * the server map from the map statistics; {@code TraceView} shapes one trace (spans, call tree,
 * per-transaction map, logs); {@code ScatterQueries} pages the scatter index with filters.
 *
 * <p>Decisions the contract leaves open:
 * <ul>
 *   <li>Extra fields: maps carry {@code truncated} (the node/link caps were hit); link detail carries
 *       {@code key}, {@code slowCount} and {@code virtual}; traces carry {@code truncated} (the span cap) and
 *       spans {@code scopeVersion}; logs {@code application} and {@code agentId}; metrics {@code truncated}.
 *   <li>Histograms: the band entries count successful calls, {@code "error"} every failed call, so the five
 *       add up to {@code totalCount}; {@code slowCount} counts calls past the third bound whether they failed
 *       or not (the core {@code Histogram#slowCount}).
 *   <li>Node detail of a terminal node sums every in-link of that node in the range (all callers, not only
 *       those on the map); of a USER node, its link into the application.
 *   <li>A virtual link and a real link between the same two nodes are summed into one link, virtual only when
 *       every part was.
 *   <li>Agents with {@code from}/{@code to}: those registered as seen within 5 minutes of the range (the
 *       receiver refreshes an agent's last-seen time at most once a minute).
 *   <li>Unknown applications give empty answers (200), never 404; 404 is for trace ids, TxIds and agents.
 * </ul>
 */
@NullMarked
package io.pinscope.query;

import org.jspecify.annotations.NullMarked;
