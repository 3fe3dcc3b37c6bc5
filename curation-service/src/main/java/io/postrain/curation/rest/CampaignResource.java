package io.postrain.curation.rest;

import io.postrain.curation.api.CampaignRequest;
import io.postrain.curation.api.CampaignView;
import io.postrain.curation.api.PromptView;
import io.postrain.curation.service.CampaignService;
import io.postrain.service.outbox.OutboxQueued;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** Curation campaigns: prompts out to a model, its answers curated into a dataset. */
@Path("/campaigns")
@Produces(MediaType.APPLICATION_JSON)
public class CampaignResource {

  /** JSON Lines, as used for prompt uploads and dataset import/export. */
  public static final String NDJSON = "application/x-ndjson";

  @Inject CampaignService campaigns;

  @Inject Event<OutboxQueued> outboxQueued;

  /** Creates a campaign and sends its prompts; 201 with the campaign. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(CampaignRequest request) {
    CampaignView campaign = campaigns.create(request);
    outboxQueued.fire(new OutboxQueued());
    return Response.created(URI.create("/campaigns/" + campaign.id())).entity(campaign).build();
  }

  /** Every campaign, newest first. */
  @GET
  public List<CampaignView> list() {
    return campaigns.list();
  }

  /** One campaign with its counters. */
  @GET
  @Path("/{id}")
  public CampaignView get(@PathParam("id") String id) {
    return campaigns.get(id);
  }

  /**
   * Adds prompts (JSONL, one {"messages": [...]} or {"user", "system"} per line) and sends them.
   */
  @POST
  @Path("/{id}/prompts")
  @Consumes({NDJSON, MediaType.TEXT_PLAIN})
  public CampaignView addPrompts(@PathParam("id") String id, String jsonl) {
    CampaignView campaign = campaigns.addPrompts(id, jsonl);
    outboxQueued.fire(new OutboxQueued());
    return campaign;
  }

  /** A campaign's prompts and what happened to each. */
  @GET
  @Path("/{id}/prompts")
  public List<PromptView> prompts(@PathParam("id") String id) {
    return campaigns.prompts(id);
  }
}
