package io.postrain.inference.service;

/**
 * A version the registry was told about.
 *
 * @param version the version name
 * @param status READY or FAILED
 * @param loaded whether it is loaded and servable now
 * @param latest whether {@code name:latest} resolves to it
 * @param path the checkpoint directory
 * @param error why it failed, or null
 */
public record ModelVersionView(
    String version, String status, boolean loaded, boolean latest, String path, String error) {}
