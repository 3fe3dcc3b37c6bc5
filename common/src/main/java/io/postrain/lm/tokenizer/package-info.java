/**
 * The tokenizer of a checkpoint ({@code tokenizer.json} through DJL's tokenizers library) and the
 * byte-level tokenizer files of the project's own tiny models.
 */
package io.postrain.lm.tokenizer;
