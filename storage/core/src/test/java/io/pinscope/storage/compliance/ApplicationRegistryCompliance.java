package io.pinscope.storage.compliance;

import static io.pinscope.TestObjects.TODAY_MILLIS;
import static io.pinscope.TestObjects.agent;
import static io.pinscope.TestObjects.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.model.AgentInfo;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.storage.ApplicationRegistry;
import io.pinscope.storage.Storage;
import org.junit.jupiter.api.Test;

/** {@link ApplicationRegistry}: listing, lookup by agent id, first/last-seen merge. */
public abstract class ApplicationRegistryCompliance extends StorageCompliance {
  @Test
  protected void register_listsApplicationsAndAgents() {
    Storage storage = open();
    String orders = uniqueName("orders");
    String web = uniqueName("web");
    AgentInfo o1 = agent(orders, "o-1", TODAY_MILLIS);
    AgentInfo o2 = agent(orders, "o-2", TODAY_MILLIS);
    AgentInfo w1 = agent(web, "w-1", TODAY_MILLIS);
    storage.applications().register(o2);
    storage.applications().register(o1);
    storage.applications().register(w1);

    assertThat(storage.applications().applications())
        .contains(new ApplicationRegistry.Application(orders, ServiceTypeRegistry.JAVA),
            new ApplicationRegistry.Application(web, ServiceTypeRegistry.JAVA));
    assertThat(storage.applications().agents(orders)).containsExactly(o1, o2);
    assertThat(storage.applications().agent("w-1")).contains(w1);
    assertThat(storage.applications().agent("nobody")).isEmpty();
    assertThat(storage.applications().agents(uniqueName("none"))).isEmpty();
  }

  @Test
  protected void register_again_keepsFirstSeen_advancesLastSeen() {
    Storage storage = open();
    String app = uniqueName("orders");
    storage.applications().register(agent(app, "a-1", TODAY_MILLIS + 5_000));
    storage.applications().register(agent(app, "a-1", TODAY_MILLIS + 60_000));
    storage.applications().register(agent(app, "a-1", TODAY_MILLIS + 1_000));

    AgentInfo read = storage.applications().agent("a-1").orElseThrow();
    assertThat(read.firstSeenMillis()).isEqualTo(TODAY_MILLIS + 1_000);
    assertThat(read.lastSeenMillis()).isEqualTo(TODAY_MILLIS + 60_000);
    assertThat(storage.applications().agents(app)).hasSize(1);
  }
}
