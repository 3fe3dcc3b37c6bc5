package io.postrain.inference.rest;

import io.postrain.inference.api.GenerateRequest;
import io.postrain.inference.api.GenerateResponse;
import io.postrain.inference.config.InferenceConfig;
import io.postrain.inference.service.Answer;
import io.postrain.inference.service.InferenceService;
import io.postrain.lm.generate.Completion;
import io.postrain.lm.template.ChatMessage;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code POST /v1/generate}: n completions of a conversation, with token ids and counts. */
@Path("/v1/generate")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class GenerateResource {

  @Inject InferenceService inference;

  @Inject InferenceConfig config;

  /** Generates and answers when every candidate is done. */
  @POST
  public GenerateResponse generate(byte[] body) {
    RequestChecks.bodySize(body, config.limits().maxRequestBytes());
    GenerateRequest request = StrictJson.read(body, GenerateRequest.class, Map.of());
    RequestChecks.required("model", request.model(), "name, name:version or name:latest");
    List<ChatMessage> messages =
        RequestChecks.messages(request.messages(), request.system(), request.user());
    RequestChecks.promptChars(messages, config.limits().maxPromptChars());
    Answer answer =
        inference.generate(
            "model",
            request.model(),
            messages,
            RequestChecks.sampling(
                config,
                "max_new_tokens",
                request.maxNewTokens(),
                request.temperature(),
                request.topP(),
                request.topK(),
                request.seed(),
                request.n()),
            Boolean.TRUE.equals(request.enableThinking()));
    List<GenerateResponse.CandidateBody> candidates = new ArrayList<>();
    for (int i = 0; i < answer.completions().size(); i++) {
      Completion c = answer.completions().get(i);
      candidates.add(
          new GenerateResponse.CandidateBody(
              i,
              c.text(),
              c.tokenIds(),
              c.finishReason().jsonName(),
              c.promptTokens(),
              c.completionTokens()));
    }
    return new GenerateResponse(answer.id(), answer.modelName(), answer.modelVersion(), candidates);
  }
}
