/**
 * The inspector's curated panels: which runtime an agent runs ({@link io.pinscope.query.inspector.AgentRuntime}),
 * the panel definitions as a table of rules ({@link io.pinscope.query.inspector.PanelRules}), and their
 * evaluation over an agent's metric buckets and response statistics
 * ({@link io.pinscope.query.inspector.AgentPanels}). JSON shaping stays with the REST API.
 */
@NullMarked
package io.pinscope.query.inspector;

import org.jspecify.annotations.NullMarked;
