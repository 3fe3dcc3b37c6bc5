package io.postrain.curation.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.postrain.curate.Decision;
import io.postrain.curation.api.StrategySpec;
import io.postrain.curation.api.TrainingJobSpec;
import io.postrain.curation.repository.CampaignEntity;
import io.postrain.curation.repository.CampaignPromptEntity;
import io.postrain.curation.repository.CampaignStatus;
import io.postrain.curation.repository.DatasetEntity;
import io.postrain.curation.repository.DatasetRowEntity;
import io.postrain.curation.repository.PromptStatus;
import io.postrain.curation.service.strategy.Curated;
import io.postrain.curation.service.strategy.Curator;
import io.postrain.curation.service.strategy.Curators;
import io.postrain.curation.service.strategy.GroupCurator;
import io.postrain.curation.service.strategy.Strategy;
import io.postrain.events.Candidate;
import io.postrain.events.Events;
import io.postrain.events.ResponseEvent;
import io.postrain.lm.template.ChatMessage;
import io.postrain.service.outbox.OutboxService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Curates responses into dataset rows, in one transaction per response: the prompt's record, the
 * rows, the outbox records and the campaign's completion commit together or not at all. A response
 * seen before (by its id, or a second response to an answered prompt) changes nothing.
 */
@ApplicationScoped
public class CurationService {

  private static final Logger LOG = Logger.getLogger(CurationService.class);
  private static final int MAX_ERROR = 2000;
  private static final int MAX_DROP_REASON = 500;

  @Inject OutboxService outbox;

  @Inject MeterRegistry registry;

  @Inject TrainingJobPublisher jobs;

  /** Curates one response and reports what became of it. */
  @Transactional
  public ResponseOutcome onResponse(ResponseEvent response) {
    ResponseOutcome outcome = process(response);
    registry
        .counter("postrain.curation.responses", "outcome", outcome.name().toLowerCase())
        .increment();
    return outcome;
  }

  private ResponseOutcome process(ResponseEvent response) {
    if (response.campaignId() == null) {
      return ResponseOutcome.NOT_OURS;
    }
    CampaignEntity campaign = CampaignEntity.findById(response.campaignId());
    if (campaign == null) {
      return ResponseOutcome.NOT_OURS;
    }
    if (CampaignPromptEntity.byResponseId(response.id()).isPresent()) {
      LOG.debugf("response %s was processed before: nothing to do", response.id());
      return ResponseOutcome.DUPLICATE;
    }
    CampaignPromptEntity prompt = CampaignPromptEntity.findById(response.promptId());
    if (prompt == null || !prompt.campaignId.equals(campaign.id)) {
      LOG.warnf(
          "response %s names prompt %s, which campaign %s never sent: ignored",
          response.id(), response.promptId(), campaign.id);
      return ResponseOutcome.UNKNOWN_PROMPT;
    }
    if (prompt.responseId != null) {
      LOG.infof(
          "prompt %s was answered by response %s before: response %s ignored",
          prompt.id, prompt.responseId, response.id());
      return ResponseOutcome.DUPLICATE;
    }
    prompt.responseId = response.id();
    prompt.answeredAt = Instant.now();
    prompt.modelVersion = response.modelVersion();
    prompt.candidates = response.candidates().size();
    if (campaign.status == CampaignStatus.COMPLETED) {
      prompt.status = PromptStatus.IGNORED;
      prompt.dropReason = "campaign had completed";
      return ResponseOutcome.IGNORED;
    }
    ResponseOutcome outcome;
    if (response.candidates().isEmpty()) {
      prompt.status = PromptStatus.FAILED;
      prompt.error = truncate(response.error());
      outcome = ResponseOutcome.FAILED;
    } else {
      try {
        curate(campaign, prompt, response);
        prompt.status = PromptStatus.ANSWERED;
        outcome = ResponseOutcome.CURATED;
      } catch (IllegalArgumentException e) {
        // A reward that cannot score these candidates (e.g. a regex past its backtracking
        // budget): the prompt fails with the reason, visible on the campaign; the rest goes on.
        prompt.status = PromptStatus.FAILED;
        prompt.error = truncate("curation failed: " + e.getMessage());
        outcome = ResponseOutcome.FAILED;
      }
    }
    completeIfDone(campaign);
    return outcome;
  }

  private void curate(
      CampaignEntity campaign, CampaignPromptEntity prompt, ResponseEvent response) {
    Strategy strategy =
        Curators.create(
            new StrategySpec(
                campaign.strategyType, CampaignService.readTree(campaign.strategySettings)));
    List<ChatMessage> messages = Conversations.fromJson(prompt.messages);
    if (strategy instanceof GroupCurator group) {
      curateGroup(campaign, prompt, response, group, messages);
      return;
    }
    Curator curator = (Curator) strategy;
    for (Candidate candidate : response.candidates()) {
      Curated curated = curator.curate(messages, candidate);
      if (curated instanceof Curated.Dropped dropped) {
        if (dropped.reason() == Curated.Reason.IDENTICAL) {
          prompt.droppedIdentical++;
        } else {
          prompt.droppedTruncated++;
        }
        prompt.dropReason = dropped.reason().description();
        continue;
      }
      if (!addRow(campaign, prompt, response, curator, messages, curated, candidate.index())) {
        break;
      }
    }
  }

  /**
   * A reward strategy on the response's candidates as one group: the scores, and the kept or chosen
   * and rejected candidates or why none, go on the prompt (the campaign's report replays them); at
   * most one row.
   */
  private void curateGroup(
      CampaignEntity campaign,
      CampaignPromptEntity prompt,
      ResponseEvent response,
      GroupCurator curator,
      List<ChatMessage> messages) {
    List<Candidate> candidates = response.candidates();
    JsonNode row =
        prompt.fields == null
            ? Events.mapper().createObjectNode()
            : CampaignService.readTree(prompt.fields);
    Decision decision = curator.curate(messages, row, candidates);
    prompt.scores = CampaignReports.scoresJson(candidates, decision.scores());
    Curated curated;
    int kept;
    if (decision instanceof Decision.Dropped dropped) {
      prompt.dropKey = dropped.reason().key();
      prompt.dropReason = truncate(dropped.detail(), MAX_DROP_REASON);
      return;
    } else if (decision instanceof Decision.Example example) {
      kept = candidates.get(example.index()).index();
      curated = new Curated.Example(List.of(ChatMessage.assistant(example.completion())));
    } else {
      Decision.Pair pair = (Decision.Pair) decision;
      kept = candidates.get(pair.chosenIndex()).index();
      prompt.rejectedCandidate = candidates.get(pair.rejectedIndex()).index();
      curated =
          new Curated.Pair(
              List.of(ChatMessage.assistant(pair.chosen())),
              List.of(ChatMessage.assistant(pair.rejected())));
    }
    if (addRow(campaign, prompt, response, curator, messages, curated, kept)) {
      prompt.keptCandidate = kept;
    } else {
      prompt.rejectedCandidate = null;
    }
  }

  /**
   * Stores one curated row and queues its event, unless the campaign's target size is reached.
   *
   * @return false when the target size was reached (nothing stored)
   */
  private boolean addRow(
      CampaignEntity campaign,
      CampaignPromptEntity prompt,
      ResponseEvent response,
      Strategy strategy,
      List<ChatMessage> messages,
      Curated curated,
      int candidateIndex) {
    int rows = (int) DatasetRowEntity.countOfDataset(campaign.datasetId);
    if (campaign.targetSize != null && rows >= campaign.targetSize) {
      prompt.dropReason = "target size reached";
      return false;
    }
    DatasetRowEntity row =
        DatasetRows.newRow(
            campaign.datasetId,
            rows,
            strategy.name(),
            messages,
            curated,
            new DatasetRows.Source(campaign.id, prompt.id, response.id(), candidateIndex));
    row.persist();
    outbox.enqueue(DatasetRows.topic(row), row.datasetId, row.id, DatasetRows.toEvent(row));
    prompt.rowsCreated++;
    return true;
  }

  private void completeIfDone(CampaignEntity campaign) {
    long rows = DatasetRowEntity.countOfDataset(campaign.datasetId);
    boolean targetReached = campaign.targetSize != null && rows >= campaign.targetSize;
    boolean allAnswered = CampaignPromptEntity.countByStatus(campaign.id, PromptStatus.SENT) == 0;
    if (!targetReached && !allAnswered) {
      return;
    }
    campaign.status = CampaignStatus.COMPLETED;
    campaign.completedAt = Instant.now();
    LOG.infof(
        "campaign %s completed (%s): %d rows in dataset %s",
        campaign.id,
        targetReached ? "target size reached" : "every prompt answered",
        rows,
        campaign.datasetId);
    if (campaign.trainingJob == null) {
      return;
    }
    if (rows == 0) {
      campaign.note = "no rows were curated, so the training job was not launched";
      LOG.warnf("campaign %s: %s", campaign.id, campaign.note);
      return;
    }
    TrainingJobSpec spec = CampaignService.readTrainingJob(campaign.trainingJob);
    int regularizationRows = jobs.regularizationRows(spec);
    if (spec.regularizationDatasetId() != null && regularizationRows == 0) {
      campaign.note =
          "regularization dataset "
              + spec.regularizationDatasetId()
              + " has no rows, so the training job was not launched";
      LOG.warnf("campaign %s: %s", campaign.id, campaign.note);
      return;
    }
    DatasetEntity dataset = DatasetEntity.findById(campaign.datasetId);
    campaign.trainingJobId = jobs.publish(spec, dataset, (int) rows, regularizationRows).jobId();
  }

  private static String truncate(String error) {
    return truncate(error, MAX_ERROR);
  }

  private static String truncate(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }
}
