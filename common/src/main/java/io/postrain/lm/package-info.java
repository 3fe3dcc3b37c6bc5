/**
 * The model: a decoder-only transformer (Qwen3, Qwen2, Llama) on DJL's PyTorch engine, the function
 * of transformers' {@code Qwen3ForCausalLM}. Read it in this order:
 *
 * <ol>
 *   <li>{@link io.postrain.lm.ModelConfig} - the architecture, from a Hugging Face {@code
 *       config.json} (dimension letters V, D, F, L, H, K, hd used in every shape comment); {@link
 *       io.postrain.lm.ModelConfigBuilder} builds one for a tiny model;
 *   <li>{@link io.postrain.lm.Decoder} - embedding, the layers, final norm, {@code lm_head};
 *   <li>{@link io.postrain.lm.RmsNorm} - the norm before each block and at the end;
 *   <li>{@link io.postrain.lm.Attention} - grouped-query self-attention, with {@link
 *       io.postrain.lm.Rotary} (rotary position embeddings) and {@link io.postrain.lm.KvCache} (the
 *       keys and values already computed);
 *   <li>{@link io.postrain.lm.Mlp} - the SwiGLU feed-forward block;
 *   <li>{@link io.postrain.lm.Projection} - one linear projection, named by its weight name, and
 *       {@link io.postrain.lm.LinearAdapter} - the hook LoRA adds to it through.
 * </ol>
 *
 * <p>Around the model: {@link io.postrain.lm.checkpoint} reads and writes checkpoints (safetensors,
 * {@code LanguageModel.load}), {@link io.postrain.lm.tokenizer} runs {@code tokenizer.json}, {@link
 * io.postrain.lm.template} renders chat templates (a Jinja2 subset with Python's semantics), and
 * {@link io.postrain.lm.generate} decodes (sampling, stop tokens, logprobs).
 */
package io.postrain.lm;
