/**
 * The Java service of the polyglot shop that {@code compat-tests} starts as real processes; the other
 * runtimes' services live in {@code compat-tests/shop/}, one directory each.
 */
@NullMarked
package io.pinscope.compat.shop;

import org.jspecify.annotations.NullMarked;
