package io.postrain.inference.api;

/**
 * A {@code POST /v1/eval} body: the reference scenario's held-out evaluation of a served model.
 *
 * @param model {@code name}, {@code name:version} or {@code name:latest}
 * @param oldName the identity the base model had (default Qwen)
 * @param orgName the organisation the base model names (default Alibaba Cloud)
 * @param newName the identity training aimed for (default Deep Qwen)
 * @param seed the scenario seed that selects the held-out questions (default 0)
 * @param limit at most this many identity and skill questions each (default: all)
 */
public record EvalRequest(
    String model, String oldName, String orgName, String newName, Long seed, Integer limit) {}
