/**
 * The test service of the W3C Trace Context conformance suite ({@code ITW3cTraceContext}): {@link
 * io.pinscope.compat.w3c.TraceContextTestService} runs under the stock OpenTelemetry Java agent, and
 * {@link io.pinscope.compat.w3c.CallList} reads the suite's instructions without a JSON library.
 */
@NullMarked
package io.pinscope.compat.w3c;

import org.jspecify.annotations.NullMarked;
