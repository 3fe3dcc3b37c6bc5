package io.postrain.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress lines of a long run on stderr: rows done of the total, rows/s and the ETA, at most one
 * line every {@code everySeconds}, and a last line at the end when any was printed.
 */
public final class Progress {

  private final PrintWriter err;
  private final String label;
  private final long total;
  private final double everySeconds;
  private final long start = System.nanoTime();
  private double lastPrinted;
  private boolean printed;

  public Progress(PrintWriter err, String label, long total, double everySeconds) {
    this.err = err;
    this.label = label;
    this.total = total;
    this.everySeconds = everySeconds;
  }

  /** Tells that {@code done} rows are done; prints when a line is due. */
  public void update(long done) {
    double seconds = (System.nanoTime() - start) / 1e9;
    if (seconds - lastPrinted >= everySeconds) {
      print(done, seconds);
    }
  }

  /** The last line, when the run printed any. */
  public void finish(long done) {
    if (printed) {
      print(done, (System.nanoTime() - start) / 1e9);
    }
  }

  private void print(long done, double seconds) {
    double rate = done / Math.max(seconds, 1e-9);
    long eta = rate == 0 ? 0 : Math.round(Math.max(0, total - done) / rate);
    err.printf(
        Locale.ROOT,
        "%s: %d/%d rows  %.2f rows/s  ETA %dm%02ds%n",
        label,
        done,
        total,
        rate,
        eta / 60,
        eta % 60);
    err.flush();
    lastPrinted = seconds;
    printed = true;
  }
}
