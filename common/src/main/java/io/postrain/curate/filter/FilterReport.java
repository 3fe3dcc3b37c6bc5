package io.postrain.curate.filter;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a filtering run did: rows read and kept, and one {@link FilterSection} per filter in the
 * order they run.
 *
 * @param rows rows read (broken ones included)
 * @param kept rows written
 * @param format the input's layout ({@link io.postrain.data.DataFormat} name), or null for a row
 *     stream
 * @param lengthUnit "tokens" or "words"
 * @param seed the run's seed
 * @param sections one per filter
 * @param seconds wall time of the run
 */
public record FilterReport(
    long rows,
    long kept,
    String format,
    String lengthUnit,
    long seed,
    List<FilterSection> sections,
    double seconds) {

  /** The section called {@code name}. */
  public FilterSection section(String name) {
    return sections.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no filter section " + name));
  }

  /** The report as JSON: totals, then {@code filters} with one object per filter. */
  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("rows", rows).put("kept", kept).put("removed", rows - kept);
    if (format != null) {
      node.put("format", format);
    }
    node.put("lengthUnit", lengthUnit).put("seed", seed);
    node.put("seconds", Math.round(seconds * 1000) / 1000.0);
    ObjectNode filters = node.putObject("filters");
    for (FilterSection s : sections) {
      filters.set(s.name(), s.toJson());
    }
    return node;
  }
}
