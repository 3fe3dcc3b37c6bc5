package io.postrain.inference.repository;

/** What became of a model version the registry was told about. */
public enum ModelVersionStatus {
  /** Loaded (or loadable) and served. */
  READY,
  /** Its checkpoint could not be loaded; never served. */
  FAILED
}
