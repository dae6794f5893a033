package io.pinscope.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.storage.spi.StorageEngineProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class RocksDbEngineProviderTest {
  @Test
  void serviceLoader_findsTheEngineByName() {
    assertThat(ServiceLoader.load(StorageEngineProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("rocksdb"))
        .findFirst())
        .get()
        .isInstanceOf(RocksDbEngineProvider.class);
  }
}
