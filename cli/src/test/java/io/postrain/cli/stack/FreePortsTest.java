package io.postrain.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void takesThePreferredPortOnlyWhenFree() throws Exception {
    int free = FreePorts.any();
    assertThat(FreePorts.preferred(free)).isEqualTo(free);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertThat(FreePorts.isFree(port)).isFalse();
      int fallback = FreePorts.preferred(port);
      assertThat(fallback).isNotEqualTo(port).isPositive();
      assertThat(FreePorts.isFree(fallback)).isTrue();
    }
  }
}
