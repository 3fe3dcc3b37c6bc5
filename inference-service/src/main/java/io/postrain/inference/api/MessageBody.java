package io.postrain.inference.api;

/**
 * A chat message in a request or answer.
 *
 * @param role system, user, assistant or tool
 * @param content the text
 */
public record MessageBody(String role, String content) {}
