package io.postrain.lm.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import io.postrain.lm.checkpoint.CheckpointException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Hugging Face chat template (Jinja2) rendered in Java as transformers renders it with {@code
 * tokenizer.apply_chat_template(messages, tools=..., add_generation_prompt=..., **kwargs)}.
 *
 * <p>The template sees {@code messages}, {@code tools} (none when absent), {@code
 * add_generation_prompt}, the special tokens ({@code bos_token}, {@code eos_token}, ...) and any
 * extra variables such as {@code enable_thinking}, plus the globals {@code raise_exception} and
 * {@code strftime_now} and the {@code tojson} filter. Rendering runs on Jinjava adapted to Python
 * Jinja2's behaviour (see {@link Jinja2Environment}); outputs are checked byte for byte against
 * Python's Jinja2 in the tests.
 *
 * <p>Known differences from Jinja2 that remain (none is used by the Qwen3 template): a value that
 * is none prints as the empty string (Jinja2 prints {@code None}; inside lists it is {@code None});
 * {@code a and b} yields a boolean, not the operand {@code b}; loop filters ({@code for x in xs if
 * cond}), string repetition ({@code '-' * 3}) and {@code {% raw %}} are not supported; an undefined
 * attribute is silently empty rather than an error.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ChatTemplate {

  private static final Logger LOG = LoggerFactory.getLogger(ChatTemplate.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> RESERVED = Set.of("messages", "tools", "add_generation_prompt");

  /** End-of-turn markers of common template families, in the order they are looked for. */
  private static final List<String> TURN_END_MARKERS =
      List.of("<|im_end|>", "<|eot_id|>", "<end_of_turn>", "<|end|>", "<|endoftext|>");

  private final String source;
  private final String rewritten;
  private final Map<String, Object> specialTokens;
  private final Jinjava jinjava;

  private ChatTemplate(String source, Map<String, Object> specialTokens) {
    this.source = source;
    this.rewritten = Jinja2Source.rewrite(source);
    this.specialTokens = Map.copyOf(specialTokens);
    this.jinjava = Jinja2Environment.create();
  }

  /**
   * A template from its Jinja2 source.
   *
   * @param templateSource the Jinja2 text, e.g. tokenizer_config.json's {@code chat_template}
   * @param specialTokens variables such as {@code bos_token} and {@code eos_token} (string values)
   * @throws ChatTemplateException if the source cannot be scanned (an unclosed tag)
   */
  public static ChatTemplate of(String templateSource, Map<String, ?> specialTokens) {
    if (templateSource == null || templateSource.isEmpty()) {
      throw new ChatTemplateException("chat template source is empty");
    }
    Map<String, Object> tokens = new HashMap<>();
    specialTokens.forEach(
        (k, v) -> {
          if (v != null) {
            tokens.put(k, v);
          }
        });
    return new ChatTemplate(templateSource, tokens);
  }

  /**
   * The default ChatML template ({@code <|im_start|>role\ncontent<|im_end|>\n} per message and
   * {@code <|im_start|>assistant\n} as generation prompt), from the resource {@code
   * io/postrain/lm/template/chatml.jinja}.
   */
  public static ChatTemplate chatml() {
    try (InputStream in = ChatTemplate.class.getResourceAsStream("chatml.jinja")) {
      if (in == null) {
        throw new IllegalStateException("resource io/postrain/lm/template/chatml.jinja is missing");
      }
      return of(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), Map.of("eos_token", "<|im_end|>"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The template of a checkpoint directory: {@code chat_template.jinja} if present, else
   * tokenizer_config.json's {@code chat_template} (a string, or a list of {@code {name, template}}
   * from which "default" is taken), else ChatML. {@code bos_token}, {@code eos_token}, {@code
   * pad_token} and {@code unk_token} come from tokenizer_config.json (a string or an object with
   * {@code content}).
   *
   * @throws CheckpointException if a file exists but cannot be read or parsed
   */
  public static ChatTemplate fromCheckpoint(Path dir) {
    JsonNode config = readTokenizerConfig(dir);
    Map<String, Object> tokens = specialTokens(config);
    Path jinjaFile = dir.resolve("chat_template.jinja");
    if (Files.isRegularFile(jinjaFile)) {
      try {
        return of(Files.readString(jinjaFile), tokens);
      } catch (IOException e) {
        throw new CheckpointException("cannot read " + jinjaFile + ": " + e.getMessage(), e);
      }
    }
    String fromConfig = templateFromConfig(config, dir);
    if (fromConfig != null) {
      return of(fromConfig, tokens);
    }
    LOG.info("{} has no chat template; using ChatML", dir);
    ChatTemplate chatml = chatml();
    Map<String, Object> merged = new HashMap<>(chatml.specialTokens);
    merged.putAll(tokens);
    return new ChatTemplate(chatml.source, merged);
  }

  public static JsonNode readTokenizerConfig(Path dir) {
    Path file = dir.resolve("tokenizer_config.json");
    if (!Files.isRegularFile(file)) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new CheckpointException("cannot parse " + file + " as JSON: " + e.getMessage(), e);
    }
  }

  /** A special token entry of tokenizer_config.json: a string, {content: ...}, or null. */
  public static Optional<String> tokenContent(JsonNode node) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (node.isTextual()) {
      return Optional.of(node.asText());
    }
    JsonNode content = node.get("content");
    return content != null && content.isTextual()
        ? Optional.of(content.asText())
        : Optional.empty();
  }

  private static Map<String, Object> specialTokens(JsonNode config) {
    Map<String, Object> tokens = new HashMap<>();
    for (String name : List.of("bos_token", "eos_token", "pad_token", "unk_token")) {
      tokenContent(config.get(name)).ifPresent(t -> tokens.put(name, t));
    }
    return tokens;
  }

  private static String templateFromConfig(JsonNode config, Path dir) {
    JsonNode t = config.get("chat_template");
    if (t == null || t.isNull()) {
      return null;
    }
    if (t.isTextual()) {
      return t.asText();
    }
    if (t.isArray()) {
      for (JsonNode named : t) {
        if ("default".equals(named.path("name").asText()) && named.path("template").isTextual()) {
          return named.get("template").asText();
        }
      }
    }
    throw new CheckpointException(
        dir.resolve("tokenizer_config.json")
            + ": chat_template must be a string or a list of {name, template} with a \"default\"");
  }

  /**
   * Renders a conversation.
   *
   * @param messages the turns, each a map with at least role and content (assistant turns may carry
   *     tool_calls, reasoning_content, ...); values are JSON-like (String, Number, Boolean, List,
   *     Map, null)
   * @param tools tool definitions (JSON-schema maps), or null for none
   * @param addGenerationPrompt whether to end with the opening of an assistant turn
   * @param extraContext further template variables, e.g. {@code enable_thinking}; may be empty;
   *     must not redefine messages, tools or add_generation_prompt
   * @return the prompt text, special tokens included as text
   * @throws ChatTemplateException on a template error or {@code raise_exception(msg)}
   */
  public String render(
      List<Map<String, Object>> messages,
      List<Map<String, Object>> tools,
      boolean addGenerationPrompt,
      Map<String, Object> extraContext) {
    for (String key : extraContext.keySet()) {
      if (RESERVED.contains(key)) {
        throw new IllegalArgumentException(
            "extraContext must not contain '" + key + "'; pass it as its own argument");
      }
    }
    Map<String, Object> context = new HashMap<>(specialTokens);
    context.putAll(extraContext);
    context.put("messages", messages);
    context.put("tools", tools);
    context.put("add_generation_prompt", addGenerationPrompt);
    RenderResult result;
    try {
      result = jinjava.renderForResult(rewritten, context);
    } catch (Jinja2Environment.TemplateRaisedException e) {
      throw new ChatTemplateException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new ChatTemplateException("chat template failed: " + e.getMessage(), e);
    }
    List<TemplateError> fatal =
        result.getErrors().stream()
            .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL)
            .toList();
    if (!fatal.isEmpty()) {
      throw failure(fatal);
    }
    return result.getOutput();
  }

  /**
   * Renders plain-text turns; {@code enable_thinking} is passed as a template variable (Qwen3's
   * template closes an empty think block when it is false).
   */
  public String render(
      List<ChatMessage> messages, boolean addGenerationPrompt, boolean enableThinking) {
    List<Map<String, Object>> maps = new ArrayList<>();
    messages.forEach(m -> maps.add(m.toMap()));
    return render(maps, null, addGenerationPrompt, Map.of("enable_thinking", enableThinking));
  }

  private static ChatTemplateException failure(List<TemplateError> fatal) {
    for (TemplateError e : fatal) {
      Throwable cause = e.getException();
      while (cause != null) {
        if (cause instanceof Jinja2Environment.TemplateRaisedException raised) {
          return new ChatTemplateException(raised.getMessage(), raised);
        }
        cause = cause.getCause();
      }
    }
    String messages =
        fatal.stream()
            .map(e -> "line " + e.getLineno() + ": " + e.getMessage())
            .collect(Collectors.joining("; "));
    return new ChatTemplateException(
        "chat template error: " + messages, fatal.get(0).getException());
  }

  /**
   * The token that ends an assistant turn, for use as a stop token: the first of {@code
   * <|im_end|>}, {@code <|eot_id|>}, {@code <end_of_turn>}, {@code <|end|>}, {@code <|endoftext|>}
   * written literally in the template, else the eos token when the template emits {@code
   * eos_token}, else empty.
   */
  public Optional<String> endOfTurnToken() {
    for (String marker : TURN_END_MARKERS) {
      if (source.contains(marker)) {
        return Optional.of(marker);
      }
    }
    Object eos = specialTokens.get("eos_token");
    if (eos != null && source.contains("eos_token")) {
      return Optional.of(eos.toString());
    }
    return Optional.empty();
  }

  /** Whether the template reads the {@code tools} variable (otherwise tools would be lost). */
  public boolean rendersTools() {
    return source.matches("(?s).*\\btools\\b.*");
  }

  /** The Jinja2 source as given. */
  public String source() {
    return source;
  }

  /** The special-token variables the template sees (bos_token, eos_token, ...). */
  public Map<String, Object> specialTokens() {
    return new LinkedHashMap<>(specialTokens);
  }
}
