package io.pinscope.server;

import io.pinscope.receiver.ReceiverConfig;
import io.pinscope.servermap.StatisticsRebuild;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StatisticsBatch;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code pinscope rebuild-statistics --from T --to T [--application APP] [--dry-run]} plus the storage options
 * ({@code --storage}, {@code --data-dir}, ...): recomputes the server-map statistics of a time range from the
 * stored traces ({@link StatisticsRebuild}) and replaces the stored ones. Times are epoch milliseconds or
 * ISO-8601 instants ({@code 2026-11-30T10:00:00Z}); the range is widened to whole minutes. With
 * {@code --dry-run} nothing is written: the differences are counted as the map shows them and cell by cell. Progress goes to stderr
 * every few seconds; the summary to stdout.
 */
final class RebuildStatisticsCommand {
  static final String NAME = "rebuild-statistics";
  private static final int MAX_LISTED = 50;
  private static final long PROGRESS_EVERY_MILLIS = 3_000;

  /** The command's own options; the rest are the server's storage options. */
  record Options(long fromMillis, long toMillis, @Nullable String application, boolean dryRun,
      ServerConfig server) {}

  private RebuildStatisticsCommand() {}

  static String usage() {
    return """
        Usage: java -jar pinscope.jar rebuild-statistics --from TIME --to TIME [--application APP] [--dry-run]
                                      [--storage rocksdb] [--data-dir data] [--retention-days 14] [--config FILE]
          Recomputes the server-map statistics of [from, to) from the stored traces, with the rules the receiver
          applies at ingest, and replaces the stored ones (the whole range, or what involves APP).
          TIME: epoch milliseconds or an ISO-8601 instant such as 2026-11-30T10:00:00Z; widened to whole minutes.
          --dry-run: write nothing; count the differences as the map shows them (host map applied) and cell by cell,
                     and list them. Pairing off or late pairing store calls as an external link plus a host-map
                     entry, which the rebuild pairs: those differ cell by cell, not on the map.
          --application APP: only what APP's spans decide (its self histograms, its calls out, calls into it from
                     queues and Pinpoint agents); calls from other instrumented applications are theirs.
          Stop the server first when it uses the same embedded data directory.
        """;
  }

  /**
   * Parses the command's arguments (after the command name).
   *
   * @throws IllegalArgumentException naming the bad or missing option
   */
  static Options parse(String[] args, Map<String, String> env) {
    String from = null;
    String to = null;
    String application = null;
    boolean dryRun = false;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--from" -> from = value(args, ++i, a);
        case "--to" -> to = value(args, ++i, a);
        case "--application" -> application = value(args, ++i, a);
        case "--dry-run" -> dryRun = true;
        default -> rest.add(a);
      }
    }
    if (from == null || to == null) {
      throw new IllegalArgumentException("--from and --to are required (expected: epoch milliseconds or an "
          + "ISO-8601 instant such as 2026-11-30T10:00:00Z)");
    }
    long fromMillis = time("--from", from);
    long toMillis = time("--to", to);
    if (toMillis <= fromMillis) {
      throw new IllegalArgumentException("--to: " + to + " (expected: after --from " + from + ")");
    }
    return new Options(fromMillis, toMillis, application, dryRun,
        ServerConfig.parse(rest.toArray(String[]::new), env));
  }

  /** Runs the command; returns the process exit code. */
  static int run(Options options, PrintStream out, PrintStream err, Clock clock) {
    Storage storage;
    try {
      storage = Storage.open(options.server().storage());
    } catch (RuntimeException e) {
      err.println("pinscope rebuild-statistics: cannot open storage: " + e.getMessage()
          + (options.server().storage().engine().equals("rocksdb")
              ? " (stop the Pinscope server that uses this data directory first)" : ""));
      return 1;
    }
    try (storage) {
      ReceiverConfig receiver = options.server().receiver();
      StatisticsRebuild rebuild = StatisticsRebuild.of(storage, options.fromMillis(), options.toMillis(),
          options.application(), new StatisticsRebuild.KeyCaps(receiver.statistics().maxRoutesPerApplication(),
              receiver.statistics().maxStatementsPerApplication()));
      String what = String.format(Locale.ROOT, "statistics of %s .. %s%s", Instant.ofEpochMilli(rebuild.fromMillis()),
          Instant.ofEpochMilli(rebuild.toMillis()),
          options.application() == null ? "" : " involving " + options.application());
      long[] nextReport = {clock.millis() + PROGRESS_EVERY_MILLIS};
      StatisticsRebuild.Progress progress = (traces, spans) -> {
        long now = clock.millis();
        if (now >= nextReport[0]) {
          err.printf(Locale.ROOT, "  read %,d traces (%,d spans) ...%n", traces, spans);
          nextReport[0] = now + PROGRESS_EVERY_MILLIS;
        }
      };
      if (options.dryRun()) {
        StatisticsBatch rebuilt = rebuild.compute(progress).toBatch();
        StatisticsBatch stored = rebuild.stored();
        List<String> onTheMap = StatisticsRebuild.mapDifferences(stored, rebuilt);
        List<String> cells = StatisticsRebuild.differences(stored, rebuilt);
        out.printf(Locale.ROOT, "%s: %,d cells stored, %,d rebuilt; map differences: %,d; cell differences: %,d "
            + "(stored | rebuilt; nothing written)%n", what, cells(stored), cells(rebuilt), onTheMap.size(),
            cells.size());
        List<String> listed = onTheMap.isEmpty() ? cells : onTheMap;
        listed.stream().limit(MAX_LISTED).forEach(d -> out.println("  " + d));
        if (listed.size() > MAX_LISTED) {
          out.printf(Locale.ROOT, "  ... and %,d more%n", listed.size() - MAX_LISTED);
        }
        return 0;
      }
      StatisticsRebuild.Result r = rebuild.run(progress);
      out.printf(Locale.ROOT, "%s rebuilt from %,d traces (%,d spans): %,d cells removed, %,d written%n", what,
          r.traces(), r.spans(), r.removedCells(), r.writtenCells());
      return 0;
    } catch (RuntimeException e) {
      err.println("pinscope rebuild-statistics: failed: " + e.getMessage());
      return 1;
    }
  }

  private static int cells(StatisticsBatch b) {
    return b.self().size() + b.links().size() + b.hostMappings().size() + b.uris().size() + b.sqls().size();
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + ": missing value (see rebuild-statistics --help)");
    }
    return args[i];
  }

  private static long time(String flag, String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException notMillis) {
      try {
        return Instant.parse(text).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(flag + ": " + text
            + " (expected: epoch milliseconds or an ISO-8601 instant such as 2026-11-30T10:00:00Z)");
      }
    }
  }
}
