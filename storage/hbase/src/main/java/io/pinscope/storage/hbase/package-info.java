/**
 * The {@code hbase} storage engine: {@link io.pinscope.storage.hbase.HBaseEngineProvider} (options and
 * behaviour) and {@link io.pinscope.storage.hbase.HBaseSchema} (table layout and the DDL for operators).
 */
@NullMarked
package io.pinscope.storage.hbase;

import org.jspecify.annotations.NullMarked;
