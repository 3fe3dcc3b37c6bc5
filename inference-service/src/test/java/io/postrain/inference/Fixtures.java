package io.postrain.inference;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;

/** Shared helpers of the inference-service tests. */
final class Fixtures {

  static final Duration WAIT = Duration.ofSeconds(60);

  private Fixtures() {}

  /** Waits until the service is ready (a model is loaded). */
  static void awaitReady() {
    await().atMost(WAIT).until(() -> given().get("/q/health/ready").statusCode() == 200);
  }

  /** POSTs a JSON body. */
  static ValidatableResponse post(String path, String body) {
    return given().contentType(ContentType.JSON).body(body).post(path).then();
  }
}
