package io.postrain.curation.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.curation.api.DatasetView;
import io.postrain.curation.api.FilterRequest;
import io.postrain.curation.api.FilteredDatasetView;
import io.postrain.curation.api.TrainingJobSpec;
import io.postrain.curation.api.TrainingJobView;
import io.postrain.curation.service.DatasetFilter;
import io.postrain.curation.service.DatasetLint;
import io.postrain.curation.service.DatasetService;
import io.postrain.service.outbox.OutboxQueued;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.net.URI;
import java.util.List;

/** Datasets: curated by campaigns or imported; exported in TRL's formats; trained on. */
@Path("/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

  @Inject DatasetService datasets;

  @Inject Event<OutboxQueued> outboxQueued;

  @Inject DatasetLint lints;

  @Inject DatasetFilter filter;

  /** Every dataset, newest first. */
  @GET
  public List<DatasetView> list() {
    return datasets.list();
  }

  /** One dataset with a sample of its rows. */
  @GET
  @Path("/{id}")
  public DatasetView get(@PathParam("id") String id) {
    return datasets.get(id);
  }

  /** The dataset as JSONL in TRL's conversational preference or prompt-completion format. */
  @GET
  @Path("/{id}/export")
  @Produces(CampaignResource.NDJSON)
  public Response export(@PathParam("id") String id) {
    datasets.requireExists(id);
    StreamingOutput body = out -> datasets.export(id, out);
    return Response.ok(body, CampaignResource.NDJSON)
        .header("Content-Disposition", "attachment; filename=\"" + id + ".jsonl\"")
        .build();
  }

  /** Imports a JSONL dataset of kind {@code preference} or {@code sft}; 201 with the dataset. */
  @POST
  @Path("/import")
  @Consumes({CampaignResource.NDJSON, MediaType.TEXT_PLAIN})
  public Response importJsonl(
      @QueryParam("name") String name, @QueryParam("kind") String kind, String jsonl) {
    DatasetView dataset = datasets.importJsonl(name, kind, jsonl);
    return Response.created(URI.create("/datasets/" + dataset.id())).entity(dataset).build();
  }

  /**
   * The dataset linter's report on the dataset (one section per check, as {@code postrain lint
   * --json}); {@code maxLength} and {@code expectedWords} are the command line's {@code
   * --max-length} (in words) and {@code --expected-words}.
   */
  @GET
  @Path("/{id}/lint")
  public JsonNode lint(
      @PathParam("id") String id,
      @QueryParam("maxLength") String maxLength,
      @QueryParam("expectedWords") String expectedWords) {
    return lints.lint(id, maxLength, expectedWords);
  }

  /** Requests a training job on the dataset; 202 with the job's id. */
  @POST
  @Path("/{id}/train")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response train(@PathParam("id") String id, TrainingJobSpec request) {
    TrainingJobView job = datasets.train(id, request);
    outboxQueued.fire(new OutboxQueued());
    return Response.accepted(job).build();
  }

  /**
   * Filters the dataset into a new one (duplicates, near duplicates, lengths, repetition, refusals,
   * diversity; see docs/curation.md); 201 with the new dataset and the filter report.
   */
  @POST
  @Path("/{id}/filter")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response filter(@PathParam("id") String id, FilterRequest request) {
    FilteredDatasetView filtered = filter.filter(id, request);
    return Response.created(URI.create("/datasets/" + filtered.dataset().id()))
        .entity(filtered)
        .build();
  }
}
