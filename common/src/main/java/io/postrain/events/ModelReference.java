package io.postrain.events;

/**
 * A reference to a model: {@code name}, {@code name:latest} or {@code name:version}, where name and
 * version each follow {@link Names#RULE} (so neither holds a {@code :} and a reference has at most
 * one). What a bare name means is the reader's choice: the trainer looks for a base model of that
 * name first, the inference service serves the newest version.
 *
 * @param name the model's name
 * @param version the version ({@link #LATEST} for the newest), or null for a bare name
 */
public record ModelReference(String name, String version) {

  /** The alias of a model's newest version. */
  public static final String LATEST = "latest";

  /** The accepted forms in words, for error messages. */
  public static final String FORMS =
      "name, name:version or name:latest, where name and version are each " + Names.RULE;

  public ModelReference {
    Names.check("name", name);
    if (version != null) {
      Names.check("version", version);
    }
  }

  /**
   * Parses a reference.
   *
   * @param field the field holding it, for the error
   * @throws InvalidEventException naming the field, the refused value and the accepted forms
   */
  public static ModelReference parse(String field, String reference) {
    if (reference == null || reference.isEmpty()) {
      throw new InvalidEventException(field, field + " is missing: expected " + FORMS);
    }
    int colon = reference.indexOf(':');
    String name = colon < 0 ? reference : reference.substring(0, colon);
    String version = colon < 0 ? null : reference.substring(colon + 1);
    if (!Names.valid(name) || (version != null && !Names.valid(version))) {
      throw new InvalidEventException(
          field,
          field
              + " "
              + Names.show(reference)
              + " is not an accepted model reference: expected "
              + FORMS);
    }
    return new ModelReference(name, version);
  }

  /** Whether it asks for the newest version: a bare name or {@code name:latest}. */
  public boolean newest() {
    return version == null || version.equals(LATEST);
  }

  /** The reference as written: {@code name} or {@code name:version}. */
  @Override
  public String toString() {
    return version == null ? name : name + ":" + version;
  }
}
