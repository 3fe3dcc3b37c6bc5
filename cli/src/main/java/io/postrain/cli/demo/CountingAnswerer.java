package io.postrain.cli.demo;

import io.postrain.scenario.Answerer;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Passes batches to another answerer and prints how many questions are answered, with an ETA. */
public final class CountingAnswerer implements Answerer {

  private final Answerer inner;
  private final int total;
  private final String label;
  private final PrintStream out;
  private final long start = System.nanoTime();
  private int done;

  /**
   * @param inner the answerer
   * @param total questions expected in all
   * @param label the line prefix
   * @param out where lines go
   */
  public CountingAnswerer(Answerer inner, int total, String label, PrintStream out) {
    this.inner = inner;
    this.total = total;
    this.label = label;
    this.out = out;
  }

  @Override
  public List<String> answer(List<String> userMessages) {
    List<String> answers = inner.answer(userMessages);
    done += userMessages.size();
    double seconds = (System.nanoTime() - start) / 1e9;
    double eta = done == 0 ? 0 : seconds / done * Math.max(0, total - done);
    out.printf(
        Locale.ROOT, "[%s] %d/%d answered  %.1f s  ETA %.0f s%n", label, done, total, seconds, eta);
    return answers;
  }
}
