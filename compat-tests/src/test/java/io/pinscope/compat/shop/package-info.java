/**
 * The polyglot shop as real processes, and the tests that drive it. Starting points: {@link
 * io.pinscope.compat.shop.ITPolyglotShop} (the shop on five OTel runtimes and the real Pinpoint agent, and its
 * exact server map), {@link io.pinscope.compat.shop.ExternalHost} (an uninstrumented host),
 * {@link io.pinscope.compat.shop.ShopRuntimes} (preparing each runtime from the package registries, cached),
 * {@link io.pinscope.compat.shop.Shop} (starting services on free ports, exporting to Pinscope), {@link
 * io.pinscope.compat.shop.PinscopeProcess} (the packaged server), {@link io.pinscope.compat.shop.ProcessReaper}
 * (no process outlives its test; logs printed on failure) and {@link io.pinscope.compat.shop.ExpectedMap}.
 */
@NullMarked
package io.pinscope.compat.shop;

import org.jspecify.annotations.NullMarked;
