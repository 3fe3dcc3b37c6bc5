package io.postrain.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Picks TCP ports on 127.0.0.1 for the local stack's processes. */
public final class FreePorts {

  private FreePorts() {}

  /** A port the system reports free right now. */
  public static int any() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free TCP port on 127.0.0.1", e);
    }
  }

  /** {@code preferred} when it is free (and not 0), otherwise any free port. */
  static int preferred(int preferred) {
    if (preferred > 0 && isFree(preferred)) {
      return preferred;
    }
    return any();
  }

  /** Whether nothing listens on {@code port} of 127.0.0.1 and it can be bound. */
  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
