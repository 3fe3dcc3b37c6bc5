package io.postrain.curation.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.curation.api.CampaignCounters;
import io.postrain.curation.api.CampaignRequest;
import io.postrain.curation.api.CampaignView;
import io.postrain.curation.api.PromptView;
import io.postrain.curation.api.StrategySpec;
import io.postrain.curation.api.TrainingJobSpec;
import io.postrain.curation.config.CurationConfig;
import io.postrain.curation.repository.CampaignEntity;
import io.postrain.curation.repository.CampaignPromptEntity;
import io.postrain.curation.repository.CampaignStatus;
import io.postrain.curation.repository.DatasetEntity;
import io.postrain.curation.repository.DatasetOrigin;
import io.postrain.curation.repository.DatasetRowEntity;
import io.postrain.curation.repository.PromptStatus;
import io.postrain.curation.repository.PromptTotals;
import io.postrain.curation.service.strategy.Curators;
import io.postrain.curation.service.strategy.GroupCurator;
import io.postrain.curation.service.strategy.Strategy;
import io.postrain.events.Events;
import io.postrain.events.PromptEvent;
import io.postrain.events.SamplingParams;
import io.postrain.events.Topics;
import io.postrain.lm.template.ChatMessage;
import io.postrain.service.ApiException;
import io.postrain.service.RequestNames;
import io.postrain.service.outbox.OutboxService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Creates campaigns, sends their prompts (through the outbox) and reports on them. */
@ApplicationScoped
public class CampaignService {

  @Inject OutboxService outbox;

  @Inject CurationConfig config;

  @Inject TrainingOutcomes outcomes;

  /**
   * Validates and stores a campaign with its dataset and prompts, and queues one PromptEvent per
   * prompt.
   *
   * @throws ApiException 400 naming the invalid field
   */
  @Transactional
  public CampaignView create(CampaignRequest request) {
    if (request == null) {
      throw ApiException.badRequest(
          null, "the body is missing: expected {name, model, prompts, strategy, ...}");
    }
    requireText("name", request.name());
    requireText("model", request.model());
    RequestNames.modelReference("model", request.model());
    Strategy curator = Curators.create(request.strategy());
    List<CampaignPrompts.Prompt> prompts = CampaignPrompts.fromRequest(request, maxPrompts());
    requireFields(curator, prompts, "prompts");
    if (request.targetSize() != null && request.targetSize() < 1) {
      throw ApiException.badRequest(
          "targetSize", "targetSize is " + request.targetSize() + ": accepted is >= 1, or null");
    }
    TrainingJobSpec job =
        request.trainingJob() == null
            ? null
            : TrainingJobs.validate(
                request.trainingJob(), curator.kind(), request.model(), "trainingJob.");
    SamplingParams sampling =
        request.sampling() == null ? SamplingParams.DEFAULTS : request.sampling();
    Curators.checkSampling(curator, sampling);

    Instant now = Instant.now();
    DatasetEntity dataset = new DatasetEntity();
    dataset.id = Events.newId();
    dataset.name = request.name();
    dataset.kind = curator.kind();
    dataset.origin = DatasetOrigin.CAMPAIGN;
    dataset.createdAt = now;

    CampaignEntity campaign = new CampaignEntity();
    campaign.id = Events.newId();
    dataset.sourceCampaignId = campaign.id;
    campaign.name = request.name();
    campaign.model = request.model();
    campaign.status = CampaignStatus.CREATED;
    campaign.strategyType = request.strategy().type();
    campaign.strategySettings =
        Events.toJson(
            request.strategy().settings() == null
                ? Events.mapper().createObjectNode()
                : request.strategy().settings());
    campaign.sampling = Events.toJson(sampling);
    campaign.targetSize = request.targetSize();
    campaign.trainingJob = job == null ? null : Events.toJson(job);
    campaign.datasetId = dataset.id;
    campaign.createdAt = now;
    dataset.persist();
    campaign.persist();
    send(campaign, prompts);
    return view(campaign);
  }

  /**
   * Adds prompts from JSONL text to a campaign that has not completed, and queues them.
   *
   * @throws ApiException 404 unknown campaign, 409 completed campaign, 400 bad line
   */
  @Transactional
  public CampaignView addPrompts(String campaignId, String jsonl) {
    CampaignEntity campaign = find(campaignId);
    if (campaign.status == CampaignStatus.COMPLETED) {
      throw ApiException.conflict(
          "campaign " + campaignId + " has completed: create a new campaign for more prompts");
    }
    List<CampaignPrompts.Prompt> prompts = CampaignPrompts.fromJsonl(jsonl, "body", maxPrompts());
    if (prompts.isEmpty()) {
      throw ApiException.badRequest(
          "body", "the body holds no prompts: expected JSONL, one {\"messages\": [...]} per line");
    }
    requireFields(
        Curators.create(
            new StrategySpec(campaign.strategyType, readTree(campaign.strategySettings))),
        prompts,
        "body");
    send(campaign, prompts);
    return view(campaign);
  }

  /** Every campaign, newest first. */
  @Transactional
  public List<CampaignView> list() {
    return CampaignEntity.listNewestFirst().stream().map(this::view).toList();
  }

  /**
   * One campaign.
   *
   * @throws ApiException 404 if unknown
   */
  @Transactional
  public CampaignView get(String campaignId) {
    return view(find(campaignId));
  }

  /**
   * A campaign's prompts and what happened to each.
   *
   * @throws ApiException 404 if the campaign is unknown
   */
  @Transactional
  public List<PromptView> prompts(String campaignId) {
    find(campaignId);
    return CampaignPromptEntity.ofCampaign(campaignId).stream().map(CampaignService::view).toList();
  }

  /**
   * Every prompt holds the fields the strategy's rewards read (an {@code exact} reward's {@code
   * field}): otherwise 400 naming the prompt (0-based, in request order) and the field.
   */
  private static void requireFields(
      Strategy curator, List<CampaignPrompts.Prompt> prompts, String source) {
    if (!(curator instanceof GroupCurator group)) {
      return;
    }
    for (String field : group.requiredFields()) {
      for (int i = 0; i < prompts.size(); i++) {
        JsonNode value = prompts.get(i).fields().get(field);
        if (value == null || !(value.isTextual() || value.isNumber())) {
          String at = source + "[" + i + "].fields." + field;
          throw ApiException.badRequest(
              at,
              at
                  + " is missing: the strategy's exact reward compares each answer with the"
                  + " prompt's "
                  + field
                  + " (a string or number: \"fields\": {\""
                  + field
                  + "\": ...} in prompts, or a \""
                  + field
                  + "\" column in JSONL rows)");
        }
      }
    }
  }

  private void send(CampaignEntity campaign, List<CampaignPrompts.Prompt> prompts) {
    SamplingParams sampling = readSampling(campaign.sampling);
    int seq = (int) CampaignPromptEntity.countOfCampaign(campaign.id);
    for (CampaignPrompts.Prompt p : prompts) {
      List<ChatMessage> messages = p.messages();
      PromptEvent event =
          PromptEvent.create(campaign.id, campaign.model, messages, sampling, Map.of());
      CampaignPromptEntity prompt = new CampaignPromptEntity();
      prompt.id = event.id();
      prompt.campaignId = campaign.id;
      prompt.seq = seq++;
      prompt.messages = Conversations.toJson(messages);
      prompt.fields = p.fields().isEmpty() ? null : Events.toJson(p.fields());
      prompt.status = PromptStatus.SENT;
      prompt.sentAt = event.timestamp();
      prompt.persist();
      outbox.enqueue(Topics.PROMPTS, event.id(), event.id(), event);
    }
    if (!prompts.isEmpty() && campaign.status == CampaignStatus.CREATED) {
      campaign.status = CampaignStatus.RUNNING;
    }
  }

  private CampaignEntity find(String campaignId) {
    CampaignEntity campaign = CampaignEntity.findById(campaignId);
    if (campaign == null) {
      throw ApiException.notFound("no campaign with id '" + campaignId + "'");
    }
    return campaign;
  }

  private int maxPrompts() {
    return config.limits().maxPromptsPerRequest();
  }

  private CampaignView view(CampaignEntity c) {
    PromptTotals t = CampaignPromptEntity.totals(c.id);
    CampaignCounters counters =
        new CampaignCounters(
            t.prompts(),
            t.answered(),
            DatasetRowEntity.countOfDataset(c.datasetId),
            t.droppedIdentical(),
            t.droppedTruncated(),
            t.failed(),
            t.ignored());
    StrategySpec strategy = new StrategySpec(c.strategyType, readTree(c.strategySettings));
    JsonNode report =
        Curators.create(strategy) instanceof GroupCurator group
            ? CampaignReports.report(c.id, group)
            : null;
    return new CampaignView(
        c.id,
        c.name,
        c.model,
        c.status.name(),
        c.datasetId,
        strategy,
        readSampling(c.sampling),
        c.targetSize,
        c.trainingJob == null ? null : readTree(c.trainingJob),
        c.trainingJobId,
        outcomes.status(c.trainingJobId),
        c.note,
        c.createdAt,
        c.completedAt,
        counters,
        report);
  }

  private static PromptView view(CampaignPromptEntity p) {
    List<String> rowIds =
        DatasetRowEntity.<DatasetRowEntity>list("promptId = ?1 order by seq", p.id).stream()
            .map(r -> r.id)
            .toList();
    return new PromptView(
        p.id,
        p.seq,
        p.status.name(),
        Conversations.fromJson(p.messages),
        p.responseId,
        p.modelVersion,
        p.candidates,
        p.rowsCreated,
        p.droppedIdentical,
        p.droppedTruncated,
        p.dropReason,
        p.dropKey,
        p.scores == null ? null : readTree(p.scores),
        p.keptCandidate,
        p.rejectedCandidate,
        p.error,
        p.sentAt,
        p.answeredAt,
        rowIds);
  }

  static SamplingParams readSampling(String json) {
    try {
      return Events.mapper().readValue(json, SamplingParams.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored sampling is not valid JSON: " + json, e);
    }
  }

  static TrainingJobSpec readTrainingJob(String json) {
    try {
      return Events.mapper().readValue(json, TrainingJobSpec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored training job is not valid JSON: " + json, e);
    }
  }

  static JsonNode readTree(String json) {
    try {
      return Events.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored column is not valid JSON: " + json, e);
    }
  }

  private static void requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest(field, field + " is missing or blank");
    }
  }
}
