package io.pinscope.servermap;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.LinkKey;
import io.pinscope.model.SlotValue;

/**
 * A link after host-map resolution.
 *
 * @param link the link's key and histogram in its slot
 * @param virtual true when the caller's host was answered by several applications and this link is one of
 *     the fan-out: each virtual link carries the whole histogram of the original link, so virtual links of
 *     one origin must not be added up (Pinpoint draws them dashed)
 */
public record ResolvedLink(SlotValue<LinkKey> link, boolean virtual) {
  public ResolvedLink {
    requireNonNull(link, "link");
  }

  /** A link that is not virtual. */
  public static ResolvedLink of(SlotValue<LinkKey> link) {
    return new ResolvedLink(link, false);
  }
}
