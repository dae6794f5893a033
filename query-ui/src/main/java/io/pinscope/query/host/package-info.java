/**
 * The host view's queries: the hosts that sent host metrics (an OTel Collector's {@code hostmetrics}
 * receiver) with the agents running on them, and a host's CPU, memory, network and disk panels.
 */
@NullMarked
package io.pinscope.query.host;

import org.jspecify.annotations.NullMarked;
