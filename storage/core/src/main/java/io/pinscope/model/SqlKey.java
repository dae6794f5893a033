package io.pinscope.model;

import static java.util.Objects.requireNonNull;

/**
 * The key of a SQL-statistics cell: one normalised statement ({@link DbStatements}) of one application against
 * one database ({@code dbSystem} and {@code database} as the server map names the database node). Its
 * histograms use the {@link HistogramSchema#FAST} bands (100 ms / 300 ms / 500 ms / slow): statements are
 * mostly sub-second, and these bands bound the p95 the query side reports more tightly than NORMAL's.
 */
public record SqlKey(String applicationName, String dbSystem, String database, String statement) {
  public SqlKey {
    requireNonNull(applicationName, "applicationName");
    requireNonNull(dbSystem, "dbSystem");
    requireNonNull(database, "database");
    requireNonNull(statement, "statement");
  }
}
