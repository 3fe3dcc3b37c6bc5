package io.postrain.lm.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.postrain.lm.Decoder;
import io.postrain.lm.ModelConfig;
import io.postrain.lm.generate.Completion;
import io.postrain.lm.generate.GeneratedSequence;
import io.postrain.lm.generate.GenerationConfig;
import io.postrain.lm.generate.Generator;
import io.postrain.lm.generate.TokenListener;
import io.postrain.lm.template.ChatMessage;
import io.postrain.lm.template.ChatTemplate;
import io.postrain.lm.tokenizer.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A checkpoint directory in Hugging Face layout, loaded: its {@link ModelConfig}, the {@link
 * Decoder} over its weights (f32, whatever the stored dtype), its {@link Tokenizer} and chat
 * template. Everything native lives in one manager, freed by {@link #close()}.
 *
 * <p>Generation renders each conversation with the chat template and a generation prompt, and stops
 * on any of {@link #stopTokenIds()}: the config's eos ids, the tokenizer's eos token and the
 * template's end-of-turn token.
 */
public final class LanguageModel implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LanguageModel.class);

  private final Path directory;
  private final NDManager manager;
  private final Decoder decoder;
  private final Tokenizer tokenizer;
  private final Generator generator = new Generator();

  private LanguageModel(Path directory, NDManager manager, Decoder decoder, Tokenizer tokenizer) {
    this.directory = directory;
    this.manager = manager;
    this.decoder = decoder;
    this.tokenizer = tokenizer;
  }

  /** Loads config, weights and tokenizer from a checkpoint directory. */
  public static LanguageModel load(Path directory) {
    return load(directory, null);
  }

  /**
   * Loads a checkpoint, optionally with a chat template given as text instead of the checkpoint's.
   *
   * @param chatTemplate Jinja source of the template to use, or null for the checkpoint's own
   */
  public static LanguageModel load(Path directory, String chatTemplate) {
    if (!Files.isDirectory(directory)) {
      throw new CheckpointException("model directory " + directory + " does not exist");
    }
    long start = System.nanoTime();
    ModelConfig config = ModelConfig.read(directory);
    NDManager manager = NDManager.newBaseManager();
    try {
      Map<String, NDArray> weights = CheckpointLoader.load(directory, config, manager);
      Decoder decoder = new Decoder(config, weights);
      Tokenizer tokenizer = Tokenizer.load(directory);
      if (chatTemplate != null) {
        Tokenizer custom = tokenizer.withChatTemplate(chatTemplate);
        tokenizer.close();
        tokenizer = custom;
      }
      LOG.info(
          "loaded {} ({}, {} parameters) in {} ms",
          directory,
          config.modelType(),
          config.parameterCount(),
          (System.nanoTime() - start) / 1_000_000);
      return new LanguageModel(directory, manager, decoder, tokenizer);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  public Path directory() {
    return directory;
  }

  public ModelConfig config() {
    return decoder.config();
  }

  public Decoder decoder() {
    return decoder;
  }

  public Tokenizer tokenizer() {
    return tokenizer;
  }

  public ChatTemplate chatTemplate() {
    return tokenizer.chatTemplate();
  }

  /** The manager that owns the weights; arrays made from it live as long as the model. */
  public NDManager manager() {
    return manager;
  }

  /** Token ids that end a generated answer. */
  public List<Integer> stopTokenIds() {
    return stopTokenIds(config(), tokenizer);
  }

  /** Stop ids of a model used with a given tokenizer (its eos and its template's end of turn). */
  public static List<Integer> stopTokenIds(ModelConfig config, Tokenizer tokenizer) {
    Set<Integer> ids = new LinkedHashSet<>(config.eosTokenIds());
    ids.add(tokenizer.eosTokenId());
    tokenizer
        .chatTemplate()
        .endOfTurnToken()
        .flatMap(t -> tokenizer.tokenId(t).stream().boxed().findFirst())
        .ifPresent(ids::add);
    return List.copyOf(ids);
  }

  /** A generation config with this model's stop tokens. */
  public GenerationConfig generationConfig(
      int maxNewTokens, double temperature, int topK, double topP, long seed, int n) {
    return new GenerationConfig(maxNewTokens, temperature, topK, topP, seed, n, stopTokenIds());
  }

  /** The prompt ids of a conversation: the template with a generation prompt. */
  public long[] encodePrompt(List<ChatMessage> messages, boolean enableThinking) {
    return tokenizer.encode(tokenizer.chatTemplate().render(messages, true, enableThinking));
  }

  /**
   * The prompt ids of a conversation given as template maps (assistant turns with {@code
   * tool_calls}, {@code tool} turns) and tool definitions, rendered with a generation prompt.
   *
   * @param tools tool definitions in OpenAI's shape, or null for none
   */
  public long[] encodePrompt(
      List<Map<String, Object>> messages, List<Map<String, Object>> tools, boolean enableThinking) {
    String text =
        tokenizer
            .chatTemplate()
            .render(messages, tools, true, Map.of("enable_thinking", enableThinking));
    return tokenizer.encode(text);
  }

  /**
   * Answers each conversation {@code config.n()} times, all in one padded batch.
   *
   * @return per conversation, its n completions
   */
  public List<List<Completion>> generate(
      List<List<ChatMessage>> conversations, GenerationConfig config, boolean enableThinking) {
    List<long[]> prompts = new ArrayList<>();
    for (List<ChatMessage> conversation : conversations) {
      prompts.add(encodePrompt(conversation, enableThinking));
    }
    return complete(prompts, config);
  }

  /** Continues already-encoded prompts. */
  public List<List<Completion>> complete(List<long[]> prompts, GenerationConfig config) {
    return complete(prompts, config, TokenListener.NONE);
  }

  /**
   * Continues already-encoded prompts, telling a listener of each token as it is sampled.
   *
   * @param listener told of each token with its row (prompt index x n + candidate index)
   */
  public List<List<Completion>> complete(
      List<long[]> prompts, GenerationConfig config, TokenListener listener) {
    int context = config().maxPositionEmbeddings();
    for (long[] prompt : prompts) {
      if (prompt.length + config.maxNewTokens() > context) {
        throw new IllegalArgumentException(
            "prompt of "
                + prompt.length
                + " tokens plus maxNewTokens "
                + config.maxNewTokens()
                + " exceeds the model's context of "
                + context
                + " tokens");
      }
    }
    List<List<Completion>> out = new ArrayList<>();
    for (List<GeneratedSequence> candidates :
        generator.generate(
            decoder, prompts, config, listener, ids -> tokenizer.decode(ids, true))) {
      List<Completion> completions = new ArrayList<>();
      for (GeneratedSequence s : candidates) {
        long[] ids = s.tokenIds();
        String text = beforeStop(tokenizer.decode(ids, true), config.stopStrings());
        completions.add(
            new Completion(
                text, ids, s.finishReason(), s.promptTokens(), ids.length, s.logprobs()));
      }
      out.add(completions);
    }
    return out;
  }

  /** The text before the first occurrence of any stop string (all of it when none occurs). */
  public static String beforeStop(String text, List<String> stopStrings) {
    int cut = text.length();
    for (String stop : stopStrings) {
      int at = text.indexOf(stop);
      if (at >= 0) {
        cut = Math.min(cut, at);
      }
    }
    return text.substring(0, cut);
  }

  /** Writes this model (weights, config, tokenizer files) as a checkpoint in HF layout. */
  public void save(Path dir, SafetensorsDtype dtype) {
    CheckpointWriter.write(
        dir, config(), decoder.parameters(), new CheckpointWriter.Options(dtype, 0, directory));
  }

  @Override
  public void close() {
    tokenizer.close();
    decoder.close();
    manager.close();
  }
}
