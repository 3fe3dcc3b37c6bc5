package io.postrain.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.postrain.events.Events;
import io.postrain.events.InvalidEventException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns refused requests into JSON error answers, {@code {"error": ..., "field": ...}}, in every
 * service that depends on this module (Quarkus finds the mappers through the jar's Jandex index).
 */
public class ErrorMappers {

  private static final String BODY = "request body";

  /** The service's refusals: 400, 404, 409 or 503 as the service decided. */
  @ServerExceptionMapper
  public Response apiException(ApiException e) {
    return json(e.status(), new ErrorBody(e.getMessage(), e.field()));
  }

  /** A record (e.g. sampling parameters, a chat message) that failed its own validation: 400. */
  @ServerExceptionMapper
  public Response invalidEvent(InvalidEventException e) {
    return json(400, new ErrorBody(e.getMessage(), e.field()));
  }

  /** A body value of the wrong type: 400 naming the field. */
  @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
  public Response mismatchedInput(MismatchedInputException e) {
    return fromJackson(e);
  }

  /**
   * Malformed JSON or a failed validation while reading the body (which the JSON reader wraps),
   * else the exception's own status with a JSON body.
   */
  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e) {
    if (e.getCause() instanceof JsonProcessingException jpe) {
      return fromJackson(jpe);
    }
    int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
    return json(status, new ErrorBody(e.getMessage(), null));
  }

  private static Response fromJackson(JsonProcessingException e) {
    InvalidEventException invalid = Events.describe(e, BODY);
    return json(400, new ErrorBody(invalid.getMessage(), invalid.field()));
  }

  private static Response json(int status, ErrorBody body) {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
  }
}
