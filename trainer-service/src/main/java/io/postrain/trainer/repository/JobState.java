package io.postrain.trainer.repository;

/** Where a training job is in its lifecycle. */
public enum JobState {
  /** Accepted, not yet looked at by the worker. */
  QUEUED,
  /** Its dataset holds fewer rows than the job expects; the worker checks again later. */
  WAITING_FOR_DATA,
  /** Training on the worker thread. */
  RUNNING,
  /** Trained; the model is in the store and a model update was published. */
  SUCCEEDED,
  /** Stopped with an error (recorded on the job); nothing was published. */
  FAILED,
  /** Cancelled on request; nothing was published. */
  CANCELLED;

  /** Whether the job will not change any more. */
  public boolean finished() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
