package io.postrain.lm.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the tokenizer files of the project's own tiny models: a byte-level BPE whose vocabulary is
 * the 256 byte symbols of GPT-2's {@code bytes_to_unicode} (ids 0..255, no merges, so every UTF-8
 * byte is one token) plus the special tokens {@link #SPECIAL_TOKENS} at ids 256..260. Hugging Face
 * tokenizers (Python, and DJL's {@code HuggingFaceTokenizer}) load {@code tokenizer.json};
 * transformers loads {@code tokenizer_config.json}, whose {@code chat_template} is the project's
 * ChatML template.
 */
public final class ByteLevelTokenizerFiles {

  /** Special tokens, with ids 256, 257, ... in this order. */
  public static final List<String> SPECIAL_TOKENS =
      List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>", "<think>", "</think>");

  /** Id of the first special token ({@code <|endoftext|>}). */
  public static final int FIRST_SPECIAL_ID = 256;

  /** Number of token ids in use: 256 bytes plus the special tokens (261). */
  public static final int TOKEN_COUNT = FIRST_SPECIAL_ID + SPECIAL_TOKENS.size();

  /** Id of {@code <|im_end|>}, the end-of-turn and eos token. */
  public static final int IM_END_ID = 258;

  /** The chat template resource written into {@code tokenizer_config.json}. */
  public static final String CHAT_TEMPLATE_RESOURCE = "/io/postrain/lm/template/chatml.jinja";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ByteLevelTokenizerFiles() {}

  /** Writes {@code tokenizer.json} and {@code tokenizer_config.json} into {@code dir}. */
  public static void write(Path dir, int modelMaxLength) {
    try {
      Files.createDirectories(dir);
      JSON.writeValue(dir.resolve("tokenizer.json").toFile(), tokenizerJson());
      JSON.writeValue(
          dir.resolve("tokenizer_config.json").toFile(), tokenizerConfig(modelMaxLength));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write tokenizer files to " + dir, e);
    }
  }

  /**
   * GPT-2's {@code bytes_to_unicode}: printable Latin-1 bytes ('!'..'~', '¡'..'¬', '®'..'ÿ') stand
   * for themselves; the other 68 bytes map, in byte order, to U+0100, U+0101, ...
   */
  public static String byteSymbol(int b) {
    if (b < 0 || b > 255) {
      throw new IllegalArgumentException("byte must be 0..255, got " + b);
    }
    if (printable(b)) {
      return String.valueOf((char) b);
    }
    int shifted = 0;
    for (int i = 0; i < b; i++) {
      if (!printable(i)) {
        shifted++;
      }
    }
    return String.valueOf((char) (256 + shifted));
  }

  private static boolean printable(int b) {
    return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
  }

  /** The tokenizer.json content. */
  static ObjectNode tokenizerJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    for (int i = 0; i < SPECIAL_TOKENS.size(); i++) {
      ObjectNode t = addedToken(SPECIAL_TOKENS.get(i));
      added.add(JSON.createObjectNode().put("id", FIRST_SPECIAL_ID + i).setAll(t));
    }
    root.putNull("normalizer");
    root.set("pre_tokenizer", byteLevel(false, true));
    root.set("post_processor", byteLevel(false, false));
    root.set("decoder", byteLevel(false, true));
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    model.putNull("unk_token");
    model.putNull("continuing_subword_prefix");
    model.putNull("end_of_word_suffix");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    model.put("ignore_merges", false);
    ObjectNode vocab = model.putObject("vocab");
    for (int b = 0; b < 256; b++) {
      vocab.put(byteSymbol(b), b);
    }
    model.putArray("merges");
    return root;
  }

  private static ObjectNode byteLevel(boolean addPrefixSpace, boolean trimOffsets) {
    ObjectNode o = JSON.createObjectNode();
    o.put("type", "ByteLevel");
    o.put("add_prefix_space", addPrefixSpace);
    o.put("trim_offsets", trimOffsets);
    o.put("use_regex", true);
    return o;
  }

  private static ObjectNode addedToken(String content) {
    ObjectNode t = JSON.createObjectNode();
    t.put("content", content);
    t.put("single_word", false);
    t.put("lstrip", false);
    t.put("rstrip", false);
    t.put("normalized", false);
    t.put("special", true);
    return t;
  }

  /** The tokenizer_config.json content transformers reads. */
  static ObjectNode tokenizerConfig(int modelMaxLength) {
    ObjectNode o = JSON.createObjectNode();
    o.put("add_bos_token", false);
    o.put("add_prefix_space", false);
    ObjectNode decoder = o.putObject("added_tokens_decoder");
    for (int i = 0; i < SPECIAL_TOKENS.size(); i++) {
      decoder.set(String.valueOf(FIRST_SPECIAL_ID + i), addedToken(SPECIAL_TOKENS.get(i)));
    }
    o.putArray("additional_special_tokens").add("<|im_start|>").add("<|im_end|>");
    o.putNull("bos_token");
    o.put("chat_template", chatTemplate());
    o.put("clean_up_tokenization_spaces", false);
    o.put("eos_token", "<|im_end|>");
    o.put("errors", "replace");
    o.put("model_max_length", modelMaxLength);
    o.put("pad_token", "<|endoftext|>");
    o.put("split_special_tokens", false);
    o.put("tokenizer_class", "PreTrainedTokenizerFast");
    o.putNull("unk_token");
    return o;
  }

  /** The ChatML template shipped as a resource. */
  public static String chatTemplate() {
    try (InputStream in =
        ByteLevelTokenizerFiles.class.getResourceAsStream(CHAT_TEMPLATE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + CHAT_TEMPLATE_RESOURCE + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + CHAT_TEMPLATE_RESOURCE, e);
    }
  }
}
