/**
 * The small wide-column SPI every storage engine implements: tables with column families, byte row keys,
 * qualifiers and values; batched atomic writes (puts, counter increments, maxima); get; forward and
 * reverse range scans with a limit; per-table TTL. The repositories are written once over it
 * (package {@code io.pinscope.storage}, behind {@link io.pinscope.storage.Storage}).
 *
 * <p>Starting points: {@link io.pinscope.storage.spi.WideColumnStore},
 * {@link io.pinscope.storage.spi.StorageEngineProvider}, {@link io.pinscope.storage.spi.TableSpec}.
 *
 * <p>Ordering: rows compare as unsigned bytes, lexicographically; within a row, qualifiers do too.
 */
@NullMarked
package io.pinscope.storage.spi;

import org.jspecify.annotations.NullMarked;
