package io.pinscope.servermap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.model.Histogram;
import io.pinscope.model.HistogramSchema;
import io.pinscope.model.HostMapping;
import io.pinscope.model.LinkKey;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotValue;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostMapResolverTest {
  private static final long SLOT = 28_333_320L * SlotValue.SLOT_MILLIS;
  private static final int JAVA = ServiceTypeRegistry.JAVA.code();
  private static final int PYTHON = ServiceTypeRegistry.PYTHON.code();
  private static final int EXTERNAL = ServiceTypeRegistry.OPENTELEMETRY_CLIENT.code();
  private static final int MYSQL = ServiceTypeRegistry.MYSQL.code();
  private static final Histogram THREE_CALLS = Histogram.of(HistogramSchema.NORMAL, 120, false)
      .plus(2_500, false).plus(40, true);

  private static SlotValue<LinkKey> link(long slot, String caller, String callee, int calleeType, String host,
      Histogram h) {
    return new SlotValue<>(slot, new LinkKey(caller, JAVA, callee, calleeType, host), h);
  }

  private static SlotValue<LinkKey> external(String caller, String callee, String host) {
    return link(SLOT, caller, callee, EXTERNAL, host, THREE_CALLS);
  }

  @Test
  void oneAcceptor_rewritesTheLinkToIt_keepingSlotHostAndHistogram() {
    List<ResolvedLink> resolved = HostMapResolver.resolve(
        List.of(external("A", "b.internal:8080", "b.internal:8080")),
        Set.of(new HostMapping("A", "b.internal:8080", "B", PYTHON)));

    assertThat(resolved).containsExactly(ResolvedLink.of(
        new SlotValue<>(SLOT, new LinkKey("A", JAVA, "B", PYTHON, "b.internal:8080"), THREE_CALLS)));
  }

  @Test
  void callerIndependentMapping_resolvesAnyCaller() {
    List<ResolvedLink> resolved = HostMapResolver.resolve(
        List.of(external("A", "b.internal:8080", "b.internal:8080")),
        Set.of(new HostMapping("", "b.internal:8080", "B", JAVA)));

    assertThat(resolved).extracting(r -> r.link().key().calleeName()).containsExactly("B");
    assertThat(resolved).extracting(ResolvedLink::virtual).containsExactly(false);
  }

  @Test
  void mappingsOfOtherCallers_areIgnored() {
    SlotValue<LinkKey> link = external("A", "b.internal:8080", "b.internal:8080");

    assertThat(HostMapResolver.resolve(List.of(link),
        Set.of(new HostMapping("C", "b.internal:8080", "B", JAVA))))
        .containsExactly(ResolvedLink.of(link));
  }

  @Test
  void severalAcceptors_fanOutToVirtualLinks_inAcceptorOrder_eachWithTheWholeHistogram() {
    List<ResolvedLink> resolved = HostMapResolver.resolve(
        List.of(external("A", "lb.internal:80", "lb.internal:80")),
        Set.of(new HostMapping("A", "lb.internal:80", "orders-v2", JAVA),
            new HostMapping("", "lb.internal:80", "orders-v1", JAVA),
            new HostMapping("A", "lb.internal:80", "orders-v1", JAVA)));

    assertThat(resolved).containsExactly(
        new ResolvedLink(new SlotValue<>(SLOT, new LinkKey("A", JAVA, "orders-v1", JAVA, "lb.internal:80"),
            THREE_CALLS), true),
        new ResolvedLink(new SlotValue<>(SLOT, new LinkKey("A", JAVA, "orders-v2", JAVA, "lb.internal:80"),
            THREE_CALLS), true));
  }

  @Test
  void noAcceptor_leavesTheLinkUnchanged() {
    SlotValue<LinkKey> link = external("A", "api.partner.example:443", "api.partner.example:443");

    assertThat(HostMapResolver.resolve(List.of(link),
        Set.of(new HostMapping("A", "b.internal:8080", "B", JAVA))))
        .containsExactly(ResolvedLink.of(link));
  }

  @Test
  void linkWithoutHost_matchesOnTheCalleeName() {
    List<ResolvedLink> resolved = HostMapResolver.resolve(
        List.of(external("A", "b.internal", "")),
        Set.of(new HostMapping("A", "b.internal", "B", JAVA)));

    assertThat(resolved).extracting(r -> r.link().key())
        .containsExactly(new LinkKey("A", JAVA, "B", JAVA, ""));
  }

  @Test
  void hostMatch_winsOverCalleeNameMatch() {
    List<ResolvedLink> resolved = HostMapResolver.resolve(
        List.of(external("A", "orders-service", "10.0.0.7:8080")),
        Set.of(new HostMapping("A", "10.0.0.7:8080", "orders", JAVA),
            new HostMapping("A", "orders-service", "orders-legacy", JAVA)));

    assertThat(resolved).extracting(r -> r.link().key().calleeName()).containsExactly("orders");
  }

  @Test
  void linksToApplicationsDatabasesAndUser_areNeverRewritten() {
    SlotValue<LinkKey> app = link(SLOT, "A", "b.internal:8080", JAVA, "b.internal:8080", THREE_CALLS);
    SlotValue<LinkKey> db = link(SLOT, "A", "b.internal:8080", MYSQL, "b.internal:8080", THREE_CALLS);
    SlotValue<LinkKey> user = new SlotValue<>(SLOT,
        new LinkKey("A", ServiceTypeRegistry.USER.code(), "A", JAVA, ""), THREE_CALLS);
    SlotValue<LinkKey> unregisteredType = link(SLOT, "A", "b.internal:8080", 1999, "b.internal:8080",
        THREE_CALLS);

    assertThat(HostMapResolver.resolve(List.of(app, db, user, unregisteredType),
        Set.of(new HostMapping("A", "b.internal:8080", "B", JAVA))))
        .containsExactly(ResolvedLink.of(app), ResolvedLink.of(db), ResolvedLink.of(user),
            ResolvedLink.of(unregisteredType));
  }

  @Test
  void resultsWithTheSameSlotAndKey_areSummed_inFirstAppearanceOrder() {
    Histogram paired = Histogram.of(HistogramSchema.NORMAL, 7_000, false);
    SlotValue<LinkKey> db = link(SLOT, "A", "orders", MYSQL, "mysql:3306", THREE_CALLS);
    SlotValue<LinkKey> alreadyPaired = new SlotValue<>(SLOT,
        new LinkKey("A", JAVA, "B", JAVA, "b.internal:8080"), paired);
    SlotValue<LinkKey> nextSlot = external("A", "b.internal:8080", "b.internal:8080");
    nextSlot = new SlotValue<>(SLOT + SlotValue.SLOT_MILLIS, nextSlot.key(), nextSlot.histogram());

    List<ResolvedLink> resolved = HostMapResolver.resolve(
        List.of(db, alreadyPaired, external("A", "b.internal:8080", "b.internal:8080"), nextSlot),
        Set.of(new HostMapping("A", "b.internal:8080", "B", JAVA)));

    LinkKey ab = new LinkKey("A", JAVA, "B", JAVA, "b.internal:8080");
    assertThat(resolved).containsExactly(
        ResolvedLink.of(db),
        ResolvedLink.of(new SlotValue<>(SLOT, ab, paired.plus(THREE_CALLS))),
        ResolvedLink.of(new SlotValue<>(SLOT + SlotValue.SLOT_MILLIS, ab, THREE_CALLS)));
    assertThat(resolved.get(1).link().histogram().totalCount()).isEqualTo(4);
  }

  @Test
  void emptyInput_givesEmptyOutput() {
    assertThat(HostMapResolver.resolve(List.of(), Set.of())).isEmpty();
  }

  @Test
  void nullArguments_areRejected() {
    assertThatThrownBy(() -> HostMapResolver.resolve(null, Set.of()))
        .isInstanceOf(NullPointerException.class).hasMessage("links");
    assertThatThrownBy(() -> HostMapResolver.resolve(List.of(), null))
        .isInstanceOf(NullPointerException.class).hasMessage("mappings");
  }
}
