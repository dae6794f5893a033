package io.pinscope.storage.compliance;

import static io.pinscope.TestObjects.TODAY_MILLIS;
import static io.pinscope.TestObjects.agent;
import static io.pinscope.TestObjects.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.model.Attributes;
import io.pinscope.model.HostInfo;
import io.pinscope.storage.HostRegistry;
import io.pinscope.storage.Storage;
import org.junit.jupiter.api.Test;

/** {@link HostRegistry}: listing by name, lookup, first/last-seen merge, apart from the applications. */
public abstract class HostRegistryCompliance extends StorageCompliance {
  private static final Attributes LINUX = Attributes.of("host.name", "h", "os.type", "linux");

  @Test
  protected void register_listsHostsByName_andFindsOne() {
    Storage storage = open();
    String b = uniqueName("host-b");
    String a = "a-" + b;
    HostInfo hostB = new HostInfo(b, TODAY_MILLIS, TODAY_MILLIS + 1, LINUX);
    HostInfo hostA = new HostInfo(a, TODAY_MILLIS, TODAY_MILLIS, Attributes.empty());
    storage.hosts().register(hostB);
    storage.hosts().register(hostA);

    assertThat(storage.hosts().hosts()).containsExactly(hostA, hostB);
    assertThat(storage.hosts().host(b)).contains(hostB);
    assertThat(storage.hosts().host("nowhere")).isEmpty();
    assertThat(storage.hosts().host("")).isEmpty();
  }

  @Test
  protected void register_again_keepsFirstSeen_advancesLastSeen_takesTheNewResource() {
    Storage storage = open();
    String host = uniqueName("host");
    storage.hosts().register(new HostInfo(host, TODAY_MILLIS + 5_000, TODAY_MILLIS + 5_000, Attributes.empty()));
    storage.hosts().register(new HostInfo(host, TODAY_MILLIS + 60_000, TODAY_MILLIS + 60_000, Attributes.empty()));
    storage.hosts().register(new HostInfo(host, TODAY_MILLIS + 1_000, TODAY_MILLIS + 1_000, LINUX));

    assertThat(storage.hosts().hosts())
        .containsExactly(new HostInfo(host, TODAY_MILLIS + 1_000, TODAY_MILLIS + 60_000, LINUX));
  }

  @Test
  protected void hosts_andApplications_doNotSeeEachOther() {
    Storage storage = open();
    String app = uniqueName("orders");
    String host = uniqueName("host");
    storage.applications().register(agent(app, "o-1", TODAY_MILLIS));
    storage.hosts().register(new HostInfo(host, TODAY_MILLIS, TODAY_MILLIS, Attributes.empty()));

    assertThat(storage.hosts().hosts()).extracting(HostInfo::hostname).containsExactly(host);
    assertThat(storage.applications().applications()).extracting(a -> a.name()).containsExactly(app);
    assertThat(storage.applications().agent(host)).isEmpty();
  }
}
