/**
 * The call-tree assembler: turns the spans of one trace, in any order and from any number of batches,
 * into Pinpoint Spans and SpanEvents and a flattened call tree for the transaction view.
 *
 * <p>Starting points: {@link io.pinscope.calltree.CallTreeAssembler#assemble}, which returns a
 * {@link io.pinscope.calltree.CallTree} of {@link io.pinscope.calltree.PinpointSpan}s and
 * {@link io.pinscope.calltree.CallTreeRow}s.
 *
 * <p>All times are nanoseconds (epoch nanoseconds for instants). Everything here is immutable.
 */
@NullMarked
package io.pinscope.calltree;

import org.jspecify.annotations.NullMarked;
