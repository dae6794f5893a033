package io.pinscope.query;

import io.pinscope.model.DbStatements;
import io.pinscope.model.Histogram;
import io.pinscope.model.SqlKey;
import io.pinscope.query.Params.Range;
import io.pinscope.storage.Storage;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The SQL statistics of an application, read from the per-slot statement histograms the receiver aggregates
 * ({@link io.pinscope.storage.MapStatistics#readSqls}), summarised like the URI statistics
 * ({@link UriQueries#summary(java.util.List, Comparator, java.util.function.Predicate, UriQueries.RowWriter,
 * UriQueries.Sort, int)}). Counts, average and maximum are exact; {@code p95Ms} is an upper bound at band
 * resolution ({@link io.pinscope.model.Histogram#quantileUpperBoundMillis}).
 */
final class SqlQueries {
  /** The quantile {@code p95Ms} bounds. */
  static final double P95 = 0.95;

  private static final Comparator<SqlKey> KEY_ORDER = Comparator.comparing(SqlKey::statement)
      .thenComparing(SqlKey::dbSystem).thenComparing(SqlKey::database);

  private final Storage storage;

  SqlQueries(Storage storage) {
    this.storage = storage;
  }

  /**
   * {@code {rows:[{statement, dbSystem, database, totalCount, errorCount, avgMs, maxMs, p95Ms, examples}],
   * folded}}: at most {@code limit} statements (each with its database) in {@code sort} order, the folded
   * statements {@value DbStatements#OTHER} among them; {@code folded} is their call count; {@code examples}
   * as the URI statistics' ({@link UriQueries#examples}).
   */
  Map<String, Object> summary(String application, StatisticsRange r, UriQueries.Sort sort, int limit) {
    UriQueries.ExampleRows<SqlKey> examples = new UriQueries.ExampleRows<>();
    Map<String, Object> out = r.describe(UriQueries.summary(storage.statistics().readSqls(application, r.from(),
        r.to(), r.resolution()), KEY_ORDER,
        k -> k.statement().equals(DbStatements.OTHER), (k, h, row) -> {
          row.put("statement", k.statement());
          row.put("dbSystem", k.dbSystem());
          row.put("database", k.database());
          withP95(UriQueries.counts(row, h), h);
          examples.add(k, row);
        }, sort, limit));
    Range ex = r.exampleRange();
    examples.fill(storage.statistics().readSqlExamples(application, ex.from(), ex.to(), examples.keys(),
        UriQueries.MAX_EXAMPLES));
    return out;
  }

  /** Puts {@code p95Ms}, the upper bound of {@code h}'s 95th percentile at band resolution, into {@code m}. */
  static Map<String, Object> withP95(Map<String, Object> m, Histogram h) {
    m.put("p95Ms", h.quantileUpperBoundMillis(P95));
    return m;
  }
}
