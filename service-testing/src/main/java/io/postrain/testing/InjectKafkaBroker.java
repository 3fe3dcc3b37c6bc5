package io.postrain.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link KafkaBrokerControl} field of a {@code @QuarkusTest} class that {@link
 * KafkaBrokerResource} fills with the handle that stops and restarts its broker.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectKafkaBroker {}
