/**
 * The web UI: {@link io.pinscope.ui.UiService} serves the React bundle that the Maven build places under
 * {@code /ui/} on the classpath (see {@code query-ui/ui}).
 */
@NullMarked
package io.pinscope.ui;

import org.jspecify.annotations.NullMarked;
