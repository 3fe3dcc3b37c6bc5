package io.postrain.inference.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * OpenAI's model list: every loaded version as {@code name:version}, and per model the alias {@code
 * name:latest}.
 *
 * @param object always {@code list}
 * @param data the entries
 */
public record ModelList(String object, List<Entry> data) {

  /**
   * One servable reference.
   *
   * @param id what to pass as {@code model}
   * @param object always {@code model}
   * @param created Unix seconds when the version was loaded
   * @param ownedBy always {@code postrain}
   * @param name extension: the model name
   * @param version extension: the version the reference resolves to
   */
  public record Entry(
      String id,
      String object,
      long created,
      @JsonProperty("owned_by") String ownedBy,
      String name,
      String version) {}
}
