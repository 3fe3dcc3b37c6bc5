package io.postrain.curate.filter;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** One filter's part of a {@link FilterReport}: what it checks, how many rows it removed, why. */
public final class FilterSection {

  /** How many removed rows a section keeps as examples. */
  public static final int EXAMPLES = 3;

  /**
   * A removed row.
   *
   * @param line the row's line in the input (1-based), or its position from 1 for a row stream
   * @param why why it was removed, with the numbers
   */
  public record Example(int line, String why) {}

  private final String name;
  private final String description;
  private final ObjectNode settings = JsonNodeFactory.instance.objectNode();
  private final List<Example> examples = new ArrayList<>();
  private long removed;

  FilterSection(String name, String description) {
    this.name = name;
    this.description = description;
  }

  /** The section's key in the report, e.g. {@code nearDuplicates}. */
  public String name() {
    return name;
  }

  /** Rows this filter removed (a row is counted by the first filter that removes it). */
  public long removed() {
    return removed;
  }

  /** The first {@value #EXAMPLES} rows removed. */
  public List<Example> examples() {
    return List.copyOf(examples);
  }

  /** The settings and figures of the filter (thresholds, S-curve points...). */
  public ObjectNode settings() {
    return settings;
  }

  void remove(int line, String why) {
    removed++;
    if (examples.size() < EXAMPLES) {
      examples.add(new Example(line, why));
    }
  }

  ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("removed", removed);
    node.put("checks", description);
    node.setAll(settings);
    var list = node.putArray("examples");
    for (Example e : examples) {
      list.addObject().put("line", e.line()).put("why", e.why());
    }
    return node;
  }
}
