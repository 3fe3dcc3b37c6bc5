package io.postrain.curation.repository;

import java.util.Arrays;

/** What a dataset's rows are. */
public enum DatasetKind {
  /** DPO rows: prompt, chosen, rejected. */
  PREFERENCE("preference", "dpo"),
  /** SFT rows: prompt, completion. */
  SFT("sft", "sft");

  private final String wireName;
  private final String trainingMethod;

  DatasetKind(String wireName, String trainingMethod) {
    this.wireName = wireName;
    this.trainingMethod = trainingMethod;
  }

  /** The name in URLs and JSON: {@code preference} or {@code sft}. */
  public String wireName() {
    return wireName;
  }

  /** The training method that consumes this kind: {@code dpo} or {@code sft}. */
  public String trainingMethod() {
    return trainingMethod;
  }

  /**
   * The kind with this wire name.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static DatasetKind fromWireName(String name) {
    return Arrays.stream(values())
        .filter(k -> k.wireName.equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "kind is '" + name + "': accepted are preference, sft"));
  }
}
