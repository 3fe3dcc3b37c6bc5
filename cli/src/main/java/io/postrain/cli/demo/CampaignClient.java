package io.postrain.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.cli.stack.HttpJson;
import io.postrain.scenario.HeldOutEval;
import java.io.PrintStream;
import java.util.List;

/** Creates the demo's correction campaign on the curation service and follows it to the end. */
public final class CampaignClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** At most one progress line per this many nanoseconds (and one at the end). */
  private static final long PRINT_EVERY_NANOS = 5_000_000_000L;

  private final HttpJson curation;
  private final ServicePolling polling;
  private final PrintStream out;

  /**
   * @param curation the curation service
   * @param polling how to wait
   * @param out where progress goes
   */
  public CampaignClient(HttpJson curation, ServicePolling polling, PrintStream out) {
    this.curation = curation;
    this.polling = polling;
    this.out = out;
  }

  /**
   * The {@code POST /campaigns} body: the prompts answered greedily by the base model, curated by
   * the correction strategy {@code oldName -> newName}, then a DPO job with the demo recipe.
   *
   * @param rehearsalDatasetId the curation dataset of SFT examples the DPO job rehearses (its
   *     general-skill regulariser), or null for none
   */
  public static ObjectNode request(
      DemoSettings settings, List<String> prompts, String rehearsalDatasetId) {
    ObjectNode body =
        campaign(
            "demo " + settings.names().oldName() + " -> " + settings.names().newName(),
            settings,
            prompts);
    ObjectNode strategy = body.putObject("strategy").put("type", "correction");
    strategy
        .putObject("settings")
        .put("from", settings.names().oldName())
        .put("to", settings.names().newName());
    ObjectNode job = body.putObject("trainingJob");
    job.put("method", "dpo")
        .put("baseModel", settings.baseModelName())
        .put("outputModel", settings.outputModel());
    if (rehearsalDatasetId != null) {
      job.put("regularizationDatasetId", rehearsalDatasetId);
    }
    try {
      job.set("config", JSON.readTree(settings.dpo().toJson()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("DpoConfig.toJson() is not JSON", e);
    }
    return body;
  }

  /**
   * The {@code POST /campaigns} body of the rehearsal set: the base model's own greedy answers to
   * the prompts, kept as SFT examples (distillation, truncated answers dropped), no training job.
   */
  public static ObjectNode rehearsalRequest(DemoSettings settings, List<String> prompts) {
    ObjectNode body = campaign("demo rehearsal set (general skills)", settings, prompts);
    body.putObject("strategy")
        .put("type", "distillation")
        .putObject("settings")
        .put("dropTruncated", true);
    return body;
  }

  private static ObjectNode campaign(String name, DemoSettings settings, List<String> prompts) {
    ObjectNode body = JSON.createObjectNode();
    body.put("name", name);
    body.put("model", settings.baseModelName());
    ArrayNode list = body.putArray("prompts");
    prompts.forEach(p -> list.addObject().put("user", p));
    body.putObject("sampling")
        .put("maxNewTokens", HeldOutEval.MAX_NEW_TOKENS)
        .put("temperature", 0.0)
        .put("n", 1);
    return body;
  }

  /**
   * Creates the correction campaign and waits until it completes.
   *
   * @param rehearsalDatasetId as {@link #request}
   * @return the completed campaign ({@code GET /campaigns/{id}})
   */
  public JsonNode runCorrection(
      DemoSettings settings, List<String> prompts, String rehearsalDatasetId) {
    return run(request(settings, prompts, rehearsalDatasetId), prompts.size(), "campaign");
  }

  /**
   * Creates the rehearsal campaign ({@link #rehearsalRequest}) and waits until it completes.
   *
   * @return the completed campaign; its {@code datasetId} holds the SFT examples
   */
  public JsonNode runRehearsal(DemoSettings settings, List<String> prompts) {
    return run(rehearsalRequest(settings, prompts), prompts.size(), "rehearsal");
  }

  private JsonNode run(ObjectNode request, int prompts, String label) {
    JsonNode created = curation.post("/campaigns", request);
    String id = created.path("id").asText();
    out.printf(
        "[%s] %s: %d prompts sent to %s%n", label, id, prompts, request.path("model").asText());
    String[] lastLine = {""};
    long[] lastPrinted = {0};
    JsonNode done =
        polling.until(
            "campaign " + id + " to complete",
            () -> curation.get("/campaigns/" + id),
            c -> "COMPLETED".equals(c.path("status").asText()),
            c -> {
              String line = progressLine(label, c, prompts);
              boolean due = System.nanoTime() - lastPrinted[0] > PRINT_EVERY_NANOS;
              boolean completed = "COMPLETED".equals(c.path("status").asText());
              if (!line.equals(lastLine[0]) && (due || completed)) {
                out.println(line);
                lastLine[0] = line;
                lastPrinted[0] = System.nanoTime();
              }
            });
    JsonNode counters = done.path("counters");
    if (counters.path("pairsCreated").asLong() == 0) {
      throw new IllegalStateException(
          "the "
              + label
              + " campaign curated no row ("
              + done.path("note").asText("no note")
              + "): "
              + counters);
    }
    return done;
  }

  /** One progress line of a campaign. */
  static String progressLine(String label, JsonNode campaign, int prompts) {
    JsonNode c = campaign.path("counters");
    return String.format(
        "[%s] %s: responses %d/%d, rows created %d, dropped (chosen = rejected) %d,"
            + " dropped (truncated) %d, errors %d",
        label,
        campaign.path("status").asText(),
        c.path("responsesReceived").asLong(),
        prompts,
        c.path("pairsCreated").asLong(),
        c.path("pairsDroppedIdentical").asLong(),
        c.path("droppedTruncated").asLong(),
        c.path("errors").asLong());
  }
}
