/**
 * Checkpoints in Hugging Face layout: the safetensors format ({@code SafetensorsHeader}, {@code
 * SafetensorsReader}, {@code SafetensorsWriter}), loading a directory into a model ({@code
 * LanguageModel}, {@code CheckpointLoader}) and writing one ({@code CheckpointWriter}, {@code
 * RandomCheckpoint} for the tiny models tests build).
 */
package io.postrain.lm.checkpoint;
