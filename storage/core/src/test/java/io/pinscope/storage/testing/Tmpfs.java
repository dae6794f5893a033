package io.pinscope.storage.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * A size-limited tmpfs mounted for a disk-full test (needs root or CAP_SYS_ADMIN; without them the test is
 * skipped with the reason), and files of zeros that fill it.
 */
public final class Tmpfs implements AutoCloseable {
  private static final int MIB = 1 << 20;

  private final Path mount;

  private Tmpfs(Path mount) {
    this.mount = mount;
  }

  /** Mounts a tmpfs of {@code sizeMib} MiB on a new temporary directory, or aborts the test saying why not. */
  public static Tmpfs mount(String prefix, int sizeMib) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory(prefix);
    String failure = run("mount", "-t", "tmpfs", "-o", "size=" + sizeMib + "m", "tmpfs", dir.toString());
    if (failure != null) {
      Files.deleteIfExists(dir);
    }
    Assumptions.assumeTrue(failure == null, () -> "skipped: cannot mount a " + sizeMib + " MiB tmpfs at " + dir
        + " to fill (needs root or CAP_SYS_ADMIN): " + failure);
    return new Tmpfs(dir);
  }

  /** The mount point. */
  public Path path() {
    return mount;
  }

  /** Writes {@code bytes} zeros to {@code file}. */
  public static void fill(Path file, long bytes) throws IOException {
    byte[] chunk = new byte[MIB];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = bytes; left > 0; left -= chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
    }
  }

  /** Unmounts and removes the mount point. */
  @Override
  public void close() throws IOException {
    try {
      run("umount", mount.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(mount);
  }

  /** Runs a command; null when it succeeded, else its exit code and output. */
  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    int code = p.waitFor();
    return code == 0 ? null : "exit " + code + ": " + out;
  }
}
