package io.postrain.inference;

import io.postrain.testing.PostgresProfileBase;

/** Runs the application under the {@code pg} profile, in the {@code inference} schema. */
public class PostgresProfile extends PostgresProfileBase {}
