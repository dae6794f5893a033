package io.pinscope.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DbStatementsTest {
  @Test
  void statementsDifferingOnlyInLiterals_areOne() {
    String a = DbStatements.normalise("SELECT * FROM orders WHERE id = 12 AND name = 'bob'");
    String b = DbStatements.normalise("select * from orders where id = 9913 and name = 'it''s'");
    assertThat(a).isEqualTo("SELECT * FROM orders WHERE id = ? AND name = ?");
    assertThat(b).isEqualTo("select * from orders where id = ? and name = ?");
    assertThat(DbStatements.normalise(" SELECT  *\n FROM\tt ")).isEqualTo("SELECT * FROM t");
    assertThat(DbStatements.normalise("SELECT a FROM t WHERE x IN (1, 2, 3)"))
        .isEqualTo(DbStatements.normalise("SELECT a FROM t WHERE x IN ('a','b')"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "UPDATE t SET v = -1.5e3 WHERE k = 0xFF |UPDATE t SET v = ? WHERE k = ?",
      "SELECT * FROM t2 WHERE c IN ( 1 ,2 ) |SELECT * FROM t2 WHERE c IN (?)",
      "SELECT col1 FROM t WHERE id = $1 |SELECT col1 FROM t WHERE id = $1",
      "SELECT * FROM t LIMIT 10 OFFSET 20 |SELECT * FROM t LIMIT ? OFFSET ?",
  })
  void normalise_replacesLiteralsNumbersHexAndInLists(String statement, String expected) {
    assertThat(DbStatements.normalise(statement)).isEqualTo(expected);
  }

  @Test
  void of_textFirst_thenSummary_thenOperationAndCollection_thenSpanName() {
    assertThat(DbStatements.of(Attributes.of("db.query.text", "SELECT 1", "db.statement", "SELECT 2"), "x"))
        .isEqualTo("SELECT ?");
    assertThat(DbStatements.of(Attributes.of("db.statement", "DELETE FROM t WHERE id=4"), "x"))
        .isEqualTo("DELETE FROM t WHERE id=?");
    assertThat(DbStatements.of(Attributes.of("db.query.summary", "SELECT orders", "db.operation.name", "GET"), "x"))
        .isEqualTo("SELECT orders");
    assertThat(DbStatements.of(Attributes.of("db.operation.name", "find", "db.collection.name", "users"), "x"))
        .isEqualTo("find users");
    assertThat(DbStatements.of(Attributes.of("db.operation", "GET"), "x")).isEqualTo("GET");
    assertThat(DbStatements.of(Attributes.of("db.system", "redis"), " SET  key ")).isEqualTo("SET key");
  }

  @Test
  void cacheCommands_keepTheirCommandWord_andHideTheirKeys() {
    assertThat(DbStatements.of(Attributes.of("db.system", "redis", "db.statement", "GET rec:u42"), "GET"))
        .isEqualTo(DbStatements.of(Attributes.of("db.system.name", "redis", "db.query.text", "get  rec:u7"), "GET"))
        .isEqualTo("GET ?");
    assertThat(DbStatements.of(Attributes.of("db.system", "memcached", "db.statement", "flush_all"), "x"))
        .isEqualTo("FLUSH_ALL");
    // Surrounding white space is no argument; any white space inside separates one.
    assertThat(DbStatements.of(Attributes.of("db.system", "redis", "db.statement", "\t ping \r\n"), "x"))
        .isEqualTo("PING");
    assertThat(DbStatements.of(Attributes.of("db.system", "redis", "db.statement", "hget\tk\u000Bf"), "x"))
        .isEqualTo("HGET ?");
    assertThat(DbStatements.of(Attributes.of("db.system", "redis", "db.statement", "\u2003 "), "x")).isEmpty();
    // A SQL database's statement keeps its shape.
    assertThat(DbStatements.of(Attributes.of("db.system", "mysql", "db.statement", "SELECT a FROM t WHERE k = 'u42'"),
        "x")).isEqualTo("SELECT a FROM t WHERE k = ?");
  }

  @Test
  void statement_isCutToItsMaximumLength() {
    String longSql = "SELECT " + "c, ".repeat(DbStatements.MAX_LENGTH) + "d FROM t";
    assertThat(DbStatements.normalise(longSql)).hasSize(DbStatements.MAX_LENGTH);
  }
}
