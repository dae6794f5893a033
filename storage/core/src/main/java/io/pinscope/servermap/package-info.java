/**
 * Building the server map from stored statistics. Starting point: {@link
 * io.pinscope.servermap.HostMapResolver}, which turns links to external hosts into links to the
 * applications that answered on those hosts.
 */
@NullMarked
package io.pinscope.servermap;

import org.jspecify.annotations.NullMarked;
