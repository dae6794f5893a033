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

  // Written out (the record's would go through method handles): the SQL statistics hash and compare a key
  // for every database call. The same semantics and the same hash value as the generated methods.
  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof SqlKey k && applicationName.equals(k.applicationName)
        && statement.equals(k.statement) && database.equals(k.database) && dbSystem.equals(k.dbSystem));
  }

  @Override
  public int hashCode() {
    int h = applicationName.hashCode();
    h = 31 * h + dbSystem.hashCode();
    h = 31 * h + database.hashCode();
    return 31 * h + statement.hashCode();
  }
}
