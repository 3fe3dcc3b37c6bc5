package io.postrain.inference.rest;

import io.postrain.inference.api.ChatCompletion;
import io.postrain.inference.api.ChatLogprobs;
import io.postrain.inference.api.ToolCall;
import io.postrain.inference.service.ToolCallParser;
import io.postrain.lm.generate.Completion;
import io.postrain.lm.generate.TokenLogprob;
import io.postrain.lm.tokenizer.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Turns completions into the parts of OpenAI's answers: content, tool calls, logprobs, usage. */
final class ChatAnswers {

  private ChatAnswers() {}

  /**
   * One completion as an answer.
   *
   * @param content the text, null when the answer is only tool calls
   * @param toolCalls the parsed calls, empty when none
   * @param finishReason stop, length or tool_calls
   */
  record Parts(String content, List<ToolCall> toolCalls, String finishReason) {}

  /** Splits a completion into text and calls (when tools are in play) and its finish reason. */
  static Parts parts(String answerId, int choice, Completion c, boolean tools) {
    String reason = c.finishReason().jsonName();
    if (!tools) {
      return new Parts(c.text(), List.of(), reason);
    }
    ToolCallParser.Parsed parsed = ToolCallParser.parse(c.text());
    if (parsed.calls().isEmpty()) {
      return new Parts(c.text(), List.of(), reason);
    }
    List<ToolCall> calls = new ArrayList<>();
    for (int i = 0; i < parsed.calls().size(); i++) {
      ToolCallParser.Call call = parsed.calls().get(i);
      calls.add(
          new ToolCall(
              null,
              "call_" + answerId.replace("-", "").substring(0, 16) + "_" + choice + "_" + i,
              "function",
              new ToolCall.Function(call.name(), call.arguments())));
    }
    return new Parts(parsed.content(), calls, "tool_calls");
  }

  /** The calls as stream deltas: each with its index. */
  static List<ToolCall> indexed(List<ToolCall> calls) {
    List<ToolCall> out = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      ToolCall c = calls.get(i);
      out.add(new ToolCall(i, c.id(), c.type(), c.function()));
    }
    return out;
  }

  /**
   * A choice's logprobs, or null when not asked for: every generated token but a final stop token
   * (which is not part of the text), its top alternatives most likely first.
   */
  static ChatLogprobs logprobs(
      Completion c, boolean asked, Tokenizer tokenizer, Set<Integer> stopIds) {
    if (!asked) {
      return null;
    }
    List<TokenLogprob> tokens = c.logprobs();
    int n = tokens.size();
    if (n > 0 && stopIds.contains((int) tokens.get(n - 1).tokenId())) {
      n--;
    }
    List<ChatLogprobs.Token> content = new ArrayList<>();
    for (TokenLogprob t : tokens.subList(0, n)) {
      List<ChatLogprobs.Token> top = new ArrayList<>();
      for (TokenLogprob.Top alt : t.top()) {
        top.add(token(tokenizer, alt.tokenId(), alt.logprob(), null));
      }
      content.add(token(tokenizer, t.tokenId(), t.logprob(), top));
    }
    return new ChatLogprobs(content, null);
  }

  private static ChatLogprobs.Token token(
      Tokenizer tokenizer, long id, double logprob, List<ChatLogprobs.Token> top) {
    String text = tokenizer.decode(new long[] {id}, false);
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    int[] bytes = new int[utf8.length];
    for (int i = 0; i < utf8.length; i++) {
      bytes[i] = utf8[i] & 0xFF;
    }
    return new ChatLogprobs.Token(text, logprob, bytes, top);
  }

  /** Usage over all choices: the prompt once, the completion tokens summed. */
  static ChatCompletion.Usage usage(List<Completion> completions) {
    int prompt = completions.isEmpty() ? 0 : completions.get(0).promptTokens();
    int completion = completions.stream().mapToInt(Completion::completionTokens).sum();
    return new ChatCompletion.Usage(prompt, completion, prompt + completion);
  }
}
