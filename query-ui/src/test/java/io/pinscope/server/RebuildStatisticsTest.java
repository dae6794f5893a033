package io.pinscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.MutableClock;
import io.pinscope.model.LinkKey;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotValue;
import io.pinscope.model.UriKey;
import io.pinscope.model.UriRoutes;
import io.pinscope.servermap.StatisticsRebuild;
import io.pinscope.storage.StatisticsBatch;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Statistics built at ingest equal those rebuilt from the stored traces ({@code pinscope rebuild-statistics}),
 * for a shuffled, batched, multi-service workload ({@link ShopWorkload}).
 */
class RebuildStatisticsTest {
  private static final Instant NOW = ShopWorkload.NOW;
  private static final long FROM = ShopWorkload.FROM;
  private static final long TO = ShopWorkload.TO;

  @TempDir
  Path dir;

  /** With pairing on, every pair meets at ingest: the stored cells equal the rebuilt ones, cell by cell. */
  @Test
  void pairingOn_ingestStatisticsEqualRebuiltOnes_cellByCell_andAsTheMapShowsThem() throws Exception {
    try (ShopWorkload.Ingested ingested = ShopWorkload.ingest(dir, 10, "memory")) {
      StatisticsRebuild rebuild = StatisticsRebuild.of(ingested.storage(), FROM, TO, null);
      StatisticsBatch atIngest = rebuild.stored();
      StatisticsBatch rebuilt = rebuild.compute((t, s) -> { }).toBatch();

      assertThat(atIngest.links()).hasSizeGreaterThan(20);
      assertThat(atIngest.uris()).hasSizeGreaterThan(5);
      assertThat(atIngest.sqls()).isNotEmpty();
      assertThat(StatisticsRebuild.differences(atIngest, rebuilt)).isEmpty();
      assertThat(StatisticsRebuild.mapDifferences(atIngest, rebuilt)).isEmpty();
      assertThat(linkNames(rebuilt)).contains("legacy->api-gateway", "api-gateway^UNKNOWN_CALLER->api-gateway");
    }
  }

  /**
   * A rebuild keeps each application's routes and statements within the receiver's caps: those stored in the
   * range first, the rest under {@code other}, every call still counted once.
   */
  @Test
  void keyCaps_keepTheStoredKeysFirst_andFoldTheRestIntoOther() throws Exception {
    try (ShopWorkload.Ingested ingested = ShopWorkload.ingest(dir, 10, "memory")) {
      StatisticsBatch atIngest = StatisticsRebuild.of(ingested.storage(), FROM, TO, null).stored();
      Map<String, Long> routesPerApp = new HashMap<>();
      atIngest.uris().forEach(u -> routesPerApp.merge(u.key().applicationName(), u.histogram().totalCount(),
          Long::sum));
      String app = routesPerApp.keySet().stream().filter(a -> routes(atIngest, a).size() >= 2).findFirst()
          .orElseThrow(() -> new AssertionError("the workload has an application with two routes"));
      // Only one route of app was stored: a rebuild capped at 1 keeps that one, the others fold into other.
      String keptRoute = routes(atIngest, app).first();
      StatisticsBatch others = new StatisticsBatch();
      atIngest.uris().stream().filter(u -> u.key().applicationName().equals(app) && !u.key().route().equals(keptRoute))
          .forEach(others::addUri);
      ingested.storage().statistics().remove(others);

      StatisticsBatch rebuilt = StatisticsRebuild.of(ingested.storage(), FROM, TO, app,
          new StatisticsRebuild.KeyCaps(1, 1)).compute((t, s) -> { }).toBatch();
      assertThat(routes(rebuilt, app)).containsExactlyInAnyOrder(keptRoute, UriRoutes.OTHER);
      long total = rebuilt.uris().stream().mapToLong(u -> u.histogram().totalCount()).sum();
      assertThat(total).isEqualTo(routesPerApp.get(app));

      // Ingest had reached its cap in the range (an other row is stored): however high the rebuild's cap, the
      // folded routes stay folded, as ingest keeps folding every new key once its cap is reached.
      SlotValue<UriKey> first = atIngest.uris().get(0);
      StatisticsBatch folded = new StatisticsBatch();
      folded.addUri(new SlotValue<>(first.slotMillis(), new UriKey(app, UriRoutes.OTHER), first.histogram()));
      ingested.storage().statistics().write(folded);
      StatisticsBatch rebuiltAgain = StatisticsRebuild.of(ingested.storage(), FROM, TO, app,
          new StatisticsRebuild.KeyCaps(100, 100)).compute((t, s) -> { }).toBatch();
      assertThat(routes(rebuiltAgain, app)).containsExactlyInAnyOrder(keptRoute, UriRoutes.OTHER);
    }
  }

  private static TreeSet<String> routes(StatisticsBatch batch, String application) {
    TreeSet<String> out = new TreeSet<>();
    batch.uris().stream().filter(u -> u.key().applicationName().equals(application))
        .forEach(u -> out.add(u.key().route()));
    return out;
  }

  /**
   * With pairing off, calls are stored as links to external hosts plus host-map entries, which the map
   * resolves: the resolved links equal the rebuilt ones, link by link.
   */
  @Test
  void pairingOff_resolvedLinksEqualRebuiltOnes_linkByLink() throws Exception {
    try (ShopWorkload.Ingested ingested = ShopWorkload.ingest(dir, 0, "memory")) {
      StatisticsRebuild rebuild = StatisticsRebuild.of(ingested.storage(), FROM, TO, null);
      StatisticsBatch atIngest = rebuild.stored();
      StatisticsBatch rebuilt = rebuild.compute((t, s) -> { }).toBatch();

      assertThat(linkNames(atIngest)).anyMatch(l -> l.endsWith("^OPENTELEMETRY_CLIENT"));
      assertThat(StatisticsRebuild.mapDifferences(atIngest, rebuilt)).isEmpty();
      assertThat(StatisticsRebuild.differences(atIngest, rebuilt)).isNotEmpty(); // external links + host map
    }
  }

  /**
   * The command, as an operator runs it on a stopped server's data directory: statistics of the gateway lost
   * (a crash between two flushes) come back, nothing is counted twice, and a second run changes nothing.
   */
  @ParameterizedTest(name = "pairing window {0} s, application \"{1}\"")
  @CsvSource({"10, ''", "10, api-gateway", "0, ''", "0, api-gateway"})
  void command_dryRunShowsNoMapDifference_restoresLostCells_andIsIdempotent(int window, String application)
      throws Exception {
    Path data = dir.resolve("data");
    StatisticsBatch before;
    try (ShopWorkload.Ingested ingested = ShopWorkload.ingest(dir, window, "rocksdb")) {
      before = StatisticsRebuild.of(ingested.storage(), FROM, TO, null).stored();
    }
    String[] range = application.isEmpty()
        ? new String[] {"--from", NOW.minusSeconds(1800).toString(), "--to", Long.toString(TO)}
        : new String[] {"--from", NOW.minusSeconds(1800).toString(), "--to", Long.toString(TO),
            "--application", application};
    assertThat(command(data, range, "--dry-run")).contains("map differences: 0;")
        .contains(window == 0 ? "cell differences: " : "cell differences: 0 ");

    // A crash between two flushes: the gateway's own statistics, its calls out and routes, and the SQL
    // statistics (of every application, or of the one rebuilt) are lost.
    try (Storage storage = Storage.open(StorageConfig.builder().engine("rocksdb").dataDirectory(data).build())) {
      StatisticsBatch lost = new StatisticsBatch();
      before.self().stream().filter(s -> s.key().applicationName().equals("api-gateway")).forEach(lost::addSelf);
      before.links().stream().filter(l -> l.key().callerName().equals("api-gateway")).forEach(lost::addLink);
      before.uris().stream().filter(u -> u.key().applicationName().equals("api-gateway")).forEach(lost::addUri);
      before.sqls().stream().filter(q -> application.isEmpty() || q.key().applicationName().equals(application))
          .forEach(lost::addSql);
      storage.statistics().remove(lost);
    }
    assertThat(command(data, range, "--dry-run")).doesNotContain("map differences: 0;").contains("api-gateway");

    assertThat(command(data, range)).contains("rebuilt from").contains("cells removed");
    assertThat(command(data, range, "--dry-run")).contains("map differences: 0;").contains("cell differences: 0 ");
    try (Storage storage = Storage.open(StorageConfig.builder().engine("rocksdb").dataDirectory(data).build())) {
      StatisticsBatch after = StatisticsRebuild.of(storage, FROM, TO, null).stored();
      assertThat(StatisticsRebuild.mapDifferences(before, after)).isEmpty();
    }
  }

  @Test
  void command_refusesABadRange_andALockedDataDirectory_withMessagesNamingTheFix() throws Exception {
    assertThatArgumentError(new String[] {"--from", "yesterday", "--to", "1"}, "--from: yesterday (expected: epoch "
        + "milliseconds or an ISO-8601 instant such as 2026-11-30T10:00:00Z)");
    assertThatArgumentError(new String[] {"--from", "5", "--to", "5"}, "--to: 5 (expected: after --from 5)");
    assertThatArgumentError(new String[] {"--to", "5"}, "--from and --to are required");
    try (ShopWorkload.Ingested running = ShopWorkload.ingest(dir, 10, "rocksdb")) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = RebuildStatisticsCommand.run(RebuildStatisticsCommand.parse(new String[] {"--from", "0", "--to",
              "60000", "--data-dir", dir.resolve("data").toString()}, Map.of()),
          new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
          java.time.Clock.systemUTC());
      assertThat(code).isEqualTo(1);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot open storage")
          .contains("stop the Pinscope server that uses this data directory first");
    }
  }

  private static void assertThatArgumentError(String[] args, String message) {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RebuildStatisticsCommand.parse(args, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }

  private String command(Path data, String[] range, String... more) {
    List<String> args = new ArrayList<>(List.of(range));
    args.addAll(List.of("--data-dir", data.toString()));
    args.addAll(List.of(more));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = RebuildStatisticsCommand.run(RebuildStatisticsCommand.parse(args.toArray(String[]::new), Map.of()),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        new MutableClock(NOW));
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as("exit code; stdout:%n%s%nstderr:%n%s", text, err.toString(StandardCharsets.UTF_8))
        .isZero();
    return text;
  }

  private static Set<String> linkNames(StatisticsBatch batch) {
    Set<String> out = new HashSet<>();
    for (SlotValue<LinkKey> l : batch.links()) {
      LinkKey k = l.key();
      boolean userLike = ServiceTypeRegistry.ofCode(k.callerTypeCode()).category()
          == io.pinscope.model.NodeCategory.USER;
      out.add((userLike ? k.callerName() + "^" + ServiceTypeRegistry.ofCode(k.callerTypeCode()).name()
          : k.callerName()) + "->" + k.calleeName()
          + (ServiceTypeRegistry.ofCode(k.calleeTypeCode()) == ServiceTypeRegistry.OPENTELEMETRY_CLIENT
              ? "^OPENTELEMETRY_CLIENT" : ""));
    }
    return out;
  }
}
