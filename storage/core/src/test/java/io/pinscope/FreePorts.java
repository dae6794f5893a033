package io.pinscope;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Distinct free loopback ports for tests that must pass port numbers to a process or a server config (an
 * in-process Armeria server should bind port 0 instead). The ports are released before returning, so
 * another process could take one in between; tests accept that small race.
 */
public final class FreePorts {
  /** {@code n} distinct ports that were free a moment ago. */
  public static int[] of(int n) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        sockets.add(new ServerSocket(0));
      }
      return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    } finally {
      for (ServerSocket s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // Closing a listening socket that accepted nothing does not fail in practice.
        }
      }
    }
  }

  private FreePorts() {}
}
