/**
 * {@code --demo}: {@link io.pinscope.demo.DemoTraffic} feeds the server OTLP traffic of a small polyglot shop
 * ({@link io.pinscope.demo.DemoShop}) through its own OTLP/HTTP port, so that every view has data.
 */
@NullMarked
package io.pinscope.demo;

import org.jspecify.annotations.NullMarked;
