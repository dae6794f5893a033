package io.pinscope.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The statistics keys' written-out {@code equals}/{@code hashCode} keep the semantics (and the hash values) of
 * the generated record methods: compared with records of the same components.
 */
class StatisticsKeysTest {
  private record RefLink(String callerName, int callerTypeCode, String calleeName, int calleeTypeCode,
      String host) {}

  private record RefSelf(String applicationName, int serviceTypeCode, String agentId) {}

  private record RefUri(String applicationName, String route) {}

  private record RefSql(String applicationName, String dbSystem, String database, String statement) {}

  /** Fresh copies, so that equality cannot rest on identity. */
  private static String fresh(String s) {
    return new String(s.toCharArray());
  }

  @Test
  void linkKey_equalsAndHashCode_asTheRecordsWere() {
    List<LinkKey> keys = List.of(new LinkKey("a", 1, "b", 2, "h:1"), new LinkKey("x", 1, "b", 2, "h:1"),
        new LinkKey("a", 9, "b", 2, "h:1"), new LinkKey("a", 1, "x", 2, "h:1"), new LinkKey("a", 1, "b", 9, "h:1"),
        new LinkKey("a", 1, "b", 2, "h:2"), new LinkKey("b", 2, "a", 1, "h:1"));
    assertSameAsRecords(keys, k -> new LinkKey(fresh(k.callerName()), k.callerTypeCode(), fresh(k.calleeName()),
        k.calleeTypeCode(), fresh(k.host())),
        k -> new RefLink(k.callerName(), k.callerTypeCode(), k.calleeName(), k.calleeTypeCode(), k.host()));
  }

  @Test
  void selfKey_equalsAndHashCode_asTheRecordsWere() {
    List<SelfKey> keys = List.of(new SelfKey("a", 1, "g"), new SelfKey("b", 1, "g"), new SelfKey("a", 2, "g"),
        new SelfKey("a", 1, "h"));
    assertSameAsRecords(keys, k -> new SelfKey(fresh(k.applicationName()), k.serviceTypeCode(),
        fresh(k.agentId())), k -> new RefSelf(k.applicationName(), k.serviceTypeCode(), k.agentId()));
  }

  @Test
  void uriKey_equalsAndHashCode_asTheRecordsWere() {
    List<UriKey> keys = List.of(new UriKey("a", "GET /x"), new UriKey("b", "GET /x"), new UriKey("a", "GET /y"),
        new UriKey("GET /x", "a"));
    assertSameAsRecords(keys, k -> new UriKey(fresh(k.applicationName()), fresh(k.route())),
        k -> new RefUri(k.applicationName(), k.route()));
  }

  @Test
  void sqlKey_equalsAndHashCode_asTheRecordsWere() {
    List<SqlKey> keys = List.of(new SqlKey("a", "pg", "shop", "SELECT ?"), new SqlKey("b", "pg", "shop", "SELECT ?"),
        new SqlKey("a", "my", "shop", "SELECT ?"), new SqlKey("a", "pg", "shop2", "SELECT ?"),
        new SqlKey("a", "pg", "shop", "DELETE"), new SqlKey("a", "shop", "pg", "SELECT ?"));
    assertSameAsRecords(keys, k -> new SqlKey(fresh(k.applicationName()), fresh(k.dbSystem()), fresh(k.database()),
        fresh(k.statement())), k -> new RefSql(k.applicationName(), k.dbSystem(), k.database(), k.statement()));
  }

  private static <K> void assertSameAsRecords(List<K> keys, Function<K, K> copy, Function<K, Record> reference) {
    for (K a : keys) {
      K same = copy.apply(a);
      assertThat(a).isEqualTo(same).isEqualTo(a).isNotEqualTo(null).isNotEqualTo("a");
      assertThat(a.hashCode()).isEqualTo(same.hashCode()).isEqualTo(reference.apply(a).hashCode());
      for (K b : keys) {
        assertThat(a.equals(b)).as("%s vs %s", a, b).isEqualTo(reference.apply(a).equals(reference.apply(b)));
      }
    }
  }
}
