package io.postrain.trainer.rest;

import io.postrain.trainer.api.JobEvent;
import io.postrain.trainer.api.JobRequest;
import io.postrain.trainer.api.JobView;
import io.postrain.trainer.repository.JobState;
import io.postrain.trainer.service.JobEvents;
import io.postrain.trainer.service.JobService;
import io.postrain.trainer.service.JobWorker;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
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
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Training jobs: submit, follow, cancel. */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

  @Inject JobService jobs;

  @Inject JobWorker worker;

  @Inject JobEvents events;

  /** Accepts a job (the fields of a TrainingJobEvent); 201 with the job. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Blocking
  public Response create(JobRequest request) {
    JobView job = jobs.create(request);
    worker.wake();
    return Response.created(URI.create("/jobs/" + job.id())).entity(job).build();
  }

  /** Every job, newest first. */
  @GET
  @Blocking
  public List<JobView> list() {
    return jobs.list();
  }

  /** One job with its progress and metrics history; 404 if unknown. */
  @GET
  @Path("/{id}")
  @Blocking
  public JobView get(@PathParam("id") String id) {
    return jobs.get(id);
  }

  /**
   * The job's progress as server-sent events: one JSON object per logged step, then a final state
   * event, after which the stream ends (at once for a finished job).
   */
  @GET
  @Path("/{id}/events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  @Blocking
  public Multi<JobEvent> events(@PathParam("id") String id) {
    JobView job = jobs.get(id);
    if (JobState.valueOf(job.state()).finished()) {
      return Multi.createFrom().item(jobs.finalEvent(id));
    }
    return events.stream(id);
  }

  /** Cancels an unfinished job; 409 if it has finished, 404 if unknown. */
  @POST
  @Path("/{id}/cancel")
  @Blocking
  public JobView cancel(@PathParam("id") String id) {
    return jobs.cancel(id);
  }
}
