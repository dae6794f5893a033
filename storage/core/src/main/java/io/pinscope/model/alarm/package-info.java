/** The alarm model as stored: rules, their channels, evaluation state, silences and history. */
@NullMarked
package io.pinscope.model.alarm;

import org.jspecify.annotations.NullMarked;
