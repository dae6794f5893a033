/**
 * The single implementation of the repositories over the wide-column SPI: the table layout
 * ({@link io.pinscope.storage.schema.Schema}), row-key builders and compact binary value codecs.
 * Internal: the layout may change between versions; use the repository interfaces.
 */
@NullMarked
package io.pinscope.storage.schema;

import org.jspecify.annotations.NullMarked;
