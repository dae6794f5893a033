/**
 * The alarm REST API under {@code /api/v1/alarms}: rule kinds, rules, their state (with acknowledgement),
 * history and silences, as {@code query-ui/API.md} specifies it.
 */
@NullMarked
package io.pinscope.query.alarm;

import org.jspecify.annotations.NullMarked;
