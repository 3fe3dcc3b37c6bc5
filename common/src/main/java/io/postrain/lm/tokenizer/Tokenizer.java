package io.postrain.lm.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postrain.lm.checkpoint.CheckpointException;
import io.postrain.lm.template.ChatTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A checkpoint's tokenizer: the Hugging Face {@code tokenizer.json} run by DJL's native tokenizers
 * library, its special tokens from {@code tokenizer_config.json}, and its chat template.
 *
 * <p>Encoding never truncates, never pads and never adds special tokens: chat templates already
 * write the special tokens as text ({@code <|im_start|>}), which encode to their single ids.
 *
 * <p>Special tokens: {@code eos_token} and {@code pad_token} come from tokenizer_config.json (a
 * string or {@code {content: ...}}); when there is no pad token, padding uses the eos token, as
 * Hugging Face trainers do ({@code tokenizer.pad_token = tokenizer.eos_token}). {@link
 * #vocabSize()} counts the tokenizer's tokens (model vocabulary plus added tokens); a model's
 * embedding matrix may be larger (Qwen3: 151,669 tokens, 151,936 embedding rows).
 *
 * <p>Holds native memory: close it (try-with-resources). Tokenizers made by {@link
 * #withChatTemplate} share the native tokenizer, which is freed when the last of them is closed.
 */
public final class Tokenizer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SharedNative shared;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Map<String, Integer> tokenIds;
  private final Set<Integer> specialTokenIds;
  private final int vocabSize;
  private final int eosTokenId;
  private final int padTokenId;
  private final OptionalInt bosTokenId;
  private final ChatTemplate chatTemplate;

  private Tokenizer(
      SharedNative shared,
      Map<String, Integer> tokenIds,
      Set<Integer> specialTokenIds,
      int vocabSize,
      int eosTokenId,
      int padTokenId,
      OptionalInt bosTokenId,
      ChatTemplate chatTemplate) {
    shared.refs.incrementAndGet();
    this.shared = shared;
    this.tokenIds = tokenIds;
    this.specialTokenIds = specialTokenIds;
    this.vocabSize = vocabSize;
    this.eosTokenId = eosTokenId;
    this.padTokenId = padTokenId;
    this.bosTokenId = bosTokenId;
    this.chatTemplate = chatTemplate;
  }

  /**
   * Loads the tokenizer of a checkpoint directory: {@code tokenizer.json} (required), {@code
   * tokenizer_config.json} (its {@code eos_token} is required) and the chat template (see {@link
   * ChatTemplate#fromCheckpoint}).
   *
   * @throws CheckpointException naming the directory and file when something is missing or bad
   */
  public static Tokenizer load(Path dir) {
    Path file = dir.resolve("tokenizer.json");
    if (!Files.isRegularFile(file)) {
      throw new CheckpointException(
          "no tokenizer.json in " + dir + ": a Hugging Face fast-tokenizer file is required");
    }
    Vocabulary vocabulary = Vocabulary.read(file);
    Map<String, Integer> ids = vocabulary.ids();
    JsonNode config = ChatTemplate.readTokenizerConfig(dir);
    String eos =
        ChatTemplate.tokenContent(config.get("eos_token"))
            .orElseThrow(
                () ->
                    new CheckpointException(
                        dir.resolve("tokenizer_config.json")
                            + " has no eos_token; it is required (e.g. \"eos_token\":"
                            + " \"<|im_end|>\")"));
    int eosId = idOf(ids, eos, dir, "eos_token");
    int padId =
        ChatTemplate.tokenContent(config.get("pad_token"))
            .map(p -> idOf(ids, p, dir, "pad_token"))
            .orElse(eosId);
    OptionalInt bosId =
        ChatTemplate.tokenContent(config.get("bos_token"))
            .map(b -> OptionalInt.of(idOf(ids, b, dir, "bos_token")))
            .orElse(OptionalInt.empty());
    HuggingFaceTokenizer hf;
    try {
      hf =
          HuggingFaceTokenizer.builder()
              .optTokenizerPath(file)
              .optAddSpecialTokens(false)
              .optTruncation(false)
              .optPadding(false)
              .build();
    } catch (IOException | RuntimeException e) {
      throw new CheckpointException("cannot load " + file + ": " + e.getMessage(), e);
    }
    return new Tokenizer(
        new SharedNative(hf),
        Map.copyOf(ids),
        Set.copyOf(vocabulary.specialIds()),
        vocabulary.size(),
        eosId,
        padId,
        bosId,
        ChatTemplate.fromCheckpoint(dir));
  }

  private static int idOf(Map<String, Integer> ids, String token, Path dir, String what) {
    Integer id = ids.get(token);
    if (id == null) {
      throw new CheckpointException(
          dir
              + ": "
              + what
              + " '"
              + token
              + "' from tokenizer_config.json is not in tokenizer.json");
    }
    return id;
  }

  /**
   * The same tokenizer with another chat template; the template sees this tokenizer's special
   * tokens (bos_token, eos_token, ...). The native tokenizer is shared (see the class comment).
   *
   * @param source a Jinja2 chat template
   */
  public Tokenizer withChatTemplate(String source) {
    ensureOpen();
    return new Tokenizer(
        shared,
        tokenIds,
        specialTokenIds,
        vocabSize,
        eosTokenId,
        padTokenId,
        bosTokenId,
        ChatTemplate.of(source, chatTemplate.specialTokens()));
  }

  /** Token ids of {@code text}: no special tokens added, no truncation, no padding. */
  public long[] encode(String text) {
    Objects.requireNonNull(text, "text");
    ensureOpen();
    return shared.tokenizer.encode(text, false, false).getIds();
  }

  /**
   * The text of {@code ids}.
   *
   * @param skipSpecialTokens leave out special tokens such as {@code <|im_end|>}
   */
  public String decode(long[] ids, boolean skipSpecialTokens) {
    ensureOpen();
    // A model's embedding is often padded past the tokenizer (Qwen3: 151,936 rows, 151,669
    // tokens); like Hugging Face's tokenizers, ids with no token decode to nothing.
    long[] known = Arrays.stream(ids).filter(id -> id >= 0 && id < vocabSize).toArray();
    return shared.tokenizer.decode(known, skipSpecialTokens);
  }

  /** Id of tokenizer_config.json's eos_token. */
  public int eosTokenId() {
    return eosTokenId;
  }

  /** Id of tokenizer_config.json's pad_token, or {@link #eosTokenId()} when it has none. */
  public int padTokenId() {
    return padTokenId;
  }

  /** Id of tokenizer_config.json's bos_token, empty when it is null or absent (Qwen). */
  public OptionalInt bosTokenId() {
    return bosTokenId;
  }

  /**
   * Id of one token written exactly as in tokenizer.json (an added token such as {@code
   * <|im_end|>}, or a vocabulary entry in the model's byte-level form such as {@code Ġthe}).
   */
  public OptionalInt tokenId(String token) {
    Integer id = tokenIds.get(token);
    return id == null ? OptionalInt.empty() : OptionalInt.of(id);
  }

  /** Ids of the added tokens marked special in tokenizer.json. */
  public Set<Integer> specialTokenIds() {
    return specialTokenIds;
  }

  /** Number of token ids: highest id in the vocabulary or the added tokens, plus one. */
  public int vocabSize() {
    return vocabSize;
  }

  /** The chat template: the checkpoint's, or the one given to {@link #withChatTemplate}. */
  public ChatTemplate chatTemplate() {
    return chatTemplate;
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("tokenizer is closed");
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && shared.refs.decrementAndGet() == 0) {
      shared.tokenizer.close();
    }
  }

  /**
   * The token-to-id table of tokenizer.json ({@code model.vocab} plus {@code added_tokens}), read
   * with a streaming parser that skips the large {@code merges} list.
   */
  private record Vocabulary(Map<String, Integer> ids, Set<Integer> specialIds, int size) {

    static Vocabulary read(Path file) {
      Map<String, Integer> ids = new HashMap<>();
      Set<Integer> special = new TreeSet<>();
      try (JsonParser p = JSON.getFactory().createParser(file.toFile())) {
        expect(p.nextToken() == JsonToken.START_OBJECT, file);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          p.nextToken();
          if (field.equals("added_tokens") && p.currentToken() == JsonToken.START_ARRAY) {
            for (JsonNode added : (JsonNode) JSON.readTree(p)) {
              int id = added.path("id").asInt();
              ids.put(added.path("content").asText(), id);
              if (added.path("special").asBoolean(false)) {
                special.add(id);
              }
            }
          } else if (field.equals("model") && p.currentToken() == JsonToken.START_OBJECT) {
            readModelVocab(p, ids);
          } else {
            p.skipChildren();
          }
        }
      } catch (IOException e) {
        throw new CheckpointException("cannot parse " + file + " as JSON: " + e.getMessage(), e);
      }
      expect(!ids.isEmpty(), file);
      int size = ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
      return new Vocabulary(ids, special, size);
    }

    private static void readModelVocab(JsonParser p, Map<String, Integer> ids) throws IOException {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("vocab") && p.currentToken() == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String token = p.currentName();
            p.nextToken();
            ids.putIfAbsent(token, p.getIntValue());
          }
        } else {
          p.skipChildren();
        }
      }
    }

    private static void expect(boolean ok, Path file) {
      if (!ok) {
        throw new CheckpointException(
            file + " is not a Hugging Face tokenizer.json (an object with model.vocab)");
      }
    }
  }

  /** The native tokenizer and the number of open Tokenizers using it. */
  private static final class SharedNative {
    final HuggingFaceTokenizer tokenizer;
    final AtomicInteger refs = new AtomicInteger();

    SharedNative(HuggingFaceTokenizer tokenizer) {
      this.tokenizer = tokenizer;
    }
  }
}
