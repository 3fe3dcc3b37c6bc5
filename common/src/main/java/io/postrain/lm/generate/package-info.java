/**
 * Generation: {@code Generator} decodes with the KV cache, {@code GenerationConfig} holds the
 * Hugging Face generation settings, the samplers pick tokens, {@code Completion} and {@code
 * TokenLogprob} are what comes out; {@code Responses} is the one-call greedy answer.
 */
package io.postrain.lm.generate;
