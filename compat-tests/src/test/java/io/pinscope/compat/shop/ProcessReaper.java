package io.pinscope.compat.shop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension ({@code @RegisterExtension}) owning the processes a test starts: when the test fails
 * it prints every process's log (each is also kept as a file), and after each test it stops them all, the
 * last started first, so no process outlives its test.
 */
final class ProcessReaper implements AfterTestExecutionCallback, AfterEachCallback {
  /** Logs longer than this are printed from their end; the file has everything. */
  private static final int PRINTED_LINES = 150;

  private final List<ManagedProcess> processes = new CopyOnWriteArrayList<>();

  /** Takes {@code process} into care; returns it. */
  ManagedProcess track(ManagedProcess process) {
    processes.add(process);
    return process;
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isEmpty()) {
      return;
    }
    StringBuilder out = new StringBuilder("\n==== " + context.getDisplayName() + " failed; the logs of its "
        + processes.size() + " processes ====\n");
    for (ManagedProcess p : processes) {
      out.append("\n---- ").append(p).append(p.isAlive() ? "" : " (exited)").append(" ----\n")
          .append(p.tail(PRINTED_LINES)).append('\n');
    }
    System.out.println(out);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    List<ManagedProcess> reversed = new ArrayList<>(processes);
    java.util.Collections.reverse(reversed);
    // All are asked to stop at once (each exports what it still holds), then waited for one by one.
    reversed.forEach(ManagedProcess::stop);
    for (ManagedProcess p : reversed) {
      p.close();
    }
    processes.clear();
  }
}
