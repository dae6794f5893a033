package io.pinscope.storage.hbase;

import static io.pinscope.TestObjects.randomTraceId;
import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.model.ScatterDot;
import io.pinscope.storage.ScatterIndex.ScatterQuery;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.AsyncConnection;
import org.apache.hadoop.hbase.client.RegionInfo;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Salting against hot spots: a burst of scatter dots of one application in time order (the write pattern
 * that puts every row at the head of one region without salting) lands on several of the table's
 * pre-split regions, counted by scanning each region's key range on the cluster. Each write's dots are one
 * row (a group), so the burst is many small writes.
 */
@ExtendWith(MiniHBase.class)
class HBaseSaltingTest {
  private static final int BUCKETS = 8;
  private static final int DOTS = 400;
  private static final int DOTS_PER_WRITE = 10;
  private static final int ROWS = DOTS / DOTS_PER_WRITE;

  @Test
  void timeOrderedBurst_landsOnSeveralRegions() throws Exception {
    String namespace = MiniHBase.newNamespace();
    Map<String, String> options = new HashMap<>(MiniHBase.options(namespace));
    options.put(HBaseSettings.SALT_BUCKETS, Integer.toString(BUCKETS));
    StorageConfig.Builder config = StorageConfig.builder().engine("hbase");
    options.forEach(config::engineOption);
    long start = 1_760_000_000_000L;
    List<ScatterDot> dots = new ArrayList<>();
    try (Storage storage = Storage.open(config.build())) {
      assertThat(storage.store().saltBuckets()).isEqualTo(BUCKETS);
      for (int i = 0; i < DOTS; i++) {
        dots.add(new ScatterDot("orders", "orders-1", start + i, 5, false, randomTraceId(), i));
        if (dots.size() % DOTS_PER_WRITE == 0) {
          storage.scatter().write(dots.subList(dots.size() - DOTS_PER_WRITE, dots.size()));
        }
      }
      assertThat(storage.scatter().scan(new ScatterQuery("orders", start, start + DOTS, 1_000, null)).dots())
          .as("every dot reads back, newest first").hasSize(DOTS)
          .isSortedAccordingTo((a, b) -> Long.compare(b.epochMillis(), a.epochMillis()));
    }

    Map<String, Integer> rowsByRegion = rowsByRegion(TableName.valueOf(namespace, "scatter"));
    System.out.println("scatter rows per region: " + rowsByRegion);
    assertThat(rowsByRegion).hasSize(BUCKETS);
    assertThat(rowsByRegion.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(ROWS);
    assertThat(rowsByRegion.values().stream().filter(n -> n > 0).count())
        .as("regions the burst landed on").isGreaterThan(1);
    assertThat(rowsByRegion.values()).as("no region takes half the burst").allMatch(n -> n < ROWS / 2);
  }

  private static Map<String, Integer> rowsByRegion(TableName table) throws Exception {
    AsyncConnection connection = MiniHBase.cluster().connection;
    Map<String, Integer> rows = new TreeMap<>();
    for (RegionInfo region : connection.getAdmin().getRegions(table).get()) {
      int n = 0;
      Scan scan = new Scan().withStartRow(region.getStartKey()).withStopRow(region.getEndKey());
      try (ResultScanner scanner = connection.getTable(table).getScanner(scan)) {
        for (Result r = scanner.next(); r != null; r = scanner.next()) {
          n++;
        }
      }
      rows.put("[" + Bytes.toStringBinary(region.getStartKey()) + "," + Bytes.toStringBinary(region.getEndKey()) + ")", n);
    }
    return rows;
  }
}
