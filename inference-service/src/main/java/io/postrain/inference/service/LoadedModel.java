package io.postrain.inference.service;

import io.postrain.lm.checkpoint.LanguageModel;
import java.nio.file.Path;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * One loaded model version with a count of the requests using it. A retired version is closed when
 * its last request releases it, so requests in flight keep the model they started with.
 */
public final class LoadedModel {

  private static final Logger LOG = Logger.getLogger(LoadedModel.class);

  private final String name;
  private final String version;
  private final Path path;
  private final Instant loadedAt;
  private final LanguageModel model;
  private int users;
  private boolean retired;
  private boolean closed;

  LoadedModel(String name, String version, Path path, LanguageModel model) {
    this.name = name;
    this.version = version;
    this.path = path;
    this.model = model;
    this.loadedAt = Instant.now();
  }

  public String name() {
    return name;
  }

  public String version() {
    return version;
  }

  /** {@code name:version}. */
  public String id() {
    return name + ":" + version;
  }

  public Path path() {
    return path;
  }

  public Instant loadedAt() {
    return loadedAt;
  }

  /** The model; only valid between {@link #acquire()} and {@link #release()}. */
  public LanguageModel model() {
    return model;
  }

  /** Counts one more user; false when the version is already retired. */
  synchronized boolean acquire() {
    if (retired) {
      return false;
    }
    users++;
    return true;
  }

  /** Counts one more user of a version the caller already holds (so it cannot be closed yet). */
  synchronized void hold() {
    if (users <= 0) {
      throw new IllegalStateException(id() + " held without being acquired first");
    }
    users++;
  }

  /** Counts one user less; closes a retired version when it was the last. */
  public synchronized void release() {
    if (users <= 0) {
      throw new IllegalStateException(id() + " released more often than acquired");
    }
    users--;
    closeIfIdle();
  }

  /** Serves no new request; closed now if idle, else when the last user releases it. */
  synchronized void retire() {
    retired = true;
    closeIfIdle();
  }

  /** Whether it is retired and closed. */
  public synchronized boolean isClosed() {
    return closed;
  }

  /** Requests currently using it. */
  public synchronized int users() {
    return users;
  }

  private void closeIfIdle() {
    if (retired && users == 0 && !closed) {
      closed = true;
      model.close();
      LOG.infof("closed model %s (retired, no request left using it)", id());
    }
  }
}
