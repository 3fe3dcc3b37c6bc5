package io.postrain.trainer.repository;

/** What a dataset row holds, by the topic it came from. */
public enum RowKind {
  /** A {@code PreferencePairEvent} from {@code preference-pairs}; trains DPO jobs. */
  PREFERENCE,
  /** An {@code SftExampleEvent} from {@code sft-examples}; trains SFT jobs. */
  SFT;

  /** The kind of row a training method reads: {@code dpo} -> PREFERENCE, {@code sft} -> SFT. */
  public static RowKind forMethod(String method) {
    return switch (method) {
      case "dpo" -> PREFERENCE;
      case "sft" -> SFT;
      default ->
          throw new IllegalArgumentException(
              "unknown training method '" + method + "': accepted are sft and dpo");
    };
  }
}
