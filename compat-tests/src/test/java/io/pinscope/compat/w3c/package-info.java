/**
 * W3C Trace Context conformance of the stock OpenTelemetry Java agent with and without Pinscope's
 * extension: {@code ITW3cTraceContext} runs the official test suite and probes of its own against
 * {@code TraceContextTestService} under each.
 */
@NullMarked
package io.pinscope.compat.w3c;

import org.jspecify.annotations.NullMarked;
