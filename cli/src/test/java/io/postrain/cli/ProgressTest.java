package io.postrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void linesGiveRowsRateAndEta() throws Exception {
    StringWriter text = new StringWriter();
    Progress every = new Progress(new PrintWriter(text), "curate", 4, 0);
    Thread.sleep(20);
    every.update(1);
    every.finish(4);
    String[] lines = text.toString().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).matches("curate: 1/4 rows  [0-9.]+ rows/s  ETA 0m0[0-9]s");
    assertThat(lines[1]).matches("curate: 4/4 rows  [0-9.]+ rows/s  ETA 0m00s");
  }

  @Test
  void quietWhenTheRunIsShort() {
    StringWriter text = new StringWriter();
    Progress rare = new Progress(new PrintWriter(text), "curate", 4, 60);
    rare.update(1);
    rare.update(2);
    rare.finish(4);
    assertThat(text.toString()).isEmpty();
  }
}
