package io.postrain.curation.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.curate.CurationReport;
import io.postrain.curate.Decision;
import io.postrain.curate.DropReason;
import io.postrain.curate.RewardSet;
import io.postrain.curation.repository.CampaignPromptEntity;
import io.postrain.curation.service.strategy.GroupCurator;
import io.postrain.events.Candidate;
import io.postrain.events.Events;
import io.postrain.lm.template.ChatMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The report of a reward campaign: the library's {@link CurationReport} (groups kept and dropped
 * per reason, the TRL reward metrics of every candidate, of the kept, chosen and rejected ones),
 * replayed from what each prompt stored, so a campaign shows what {@code ./postrain curate
 * --report} shows for a file.
 */
final class CampaignReports {

  private CampaignReports() {}

  /** A group's scores as stored on its prompt: {@code [{"index", "total", "each": [...]}]}. */
  static String scoresJson(List<Candidate> candidates, List<RewardSet.Scores> scores) {
    ArrayNode out = Events.mapper().createArrayNode();
    for (int i = 0; i < scores.size(); i++) {
      ObjectNode one = out.addObject();
      one.put("index", candidates.get(i).index()).put("total", scores.get(i).total());
      ArrayNode each = one.putArray("each");
      Arrays.stream(scores.get(i).each()).forEach(each::add);
    }
    return out.toString();
  }

  /** The campaign's report, over its scored prompts in order. */
  static ObjectNode report(String campaignId, GroupCurator curator) {
    CurationReport report =
        new CurationReport(curator.name(), curator.rewardNames(), CurationReport.DEFAULT_EXAMPLES);
    for (CampaignPromptEntity p : CampaignPromptEntity.scoredOfCampaign(campaignId)) {
      Decision decision = decision(p);
      if (decision != null) {
        report.add(decision, promptText(p), -1);
      }
    }
    return report.toJson();
  }

  /** The prompt's decision, or null when the group was kept but the target size was reached. */
  private static Decision decision(CampaignPromptEntity p) {
    List<Integer> indices = new ArrayList<>();
    List<RewardSet.Scores> scores = new ArrayList<>();
    for (JsonNode one : CampaignService.readTree(p.scores)) {
      indices.add(one.get("index").asInt());
      double[] each = new double[one.get("each").size()];
      for (int i = 0; i < each.length; i++) {
        each[i] = one.get("each").get(i).asDouble();
      }
      scores.add(new RewardSet.Scores(one.get("total").asDouble(), each));
    }
    if (p.dropKey != null) {
      return new Decision.Dropped(reason(p.dropKey), p.dropReason, scores);
    }
    if (p.keptCandidate == null) {
      return null;
    }
    int kept = indices.indexOf(p.keptCandidate);
    if (p.rejectedCandidate == null) {
      return new Decision.Example("", kept, scores.get(kept), scores);
    }
    int rejected = indices.indexOf(p.rejectedCandidate);
    return new Decision.Pair(
        "", "", kept, rejected, scores.get(kept), scores.get(rejected), scores);
  }

  private static DropReason reason(String key) {
    return Arrays.stream(DropReason.values())
        .filter(r -> r.key().equals(key))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("stored drop key is unknown: " + key));
  }

  private static String promptText(CampaignPromptEntity p) {
    List<ChatMessage> messages = Conversations.fromJson(p.messages);
    return messages.isEmpty() ? "" : messages.get(messages.size() - 1).content();
  }
}
