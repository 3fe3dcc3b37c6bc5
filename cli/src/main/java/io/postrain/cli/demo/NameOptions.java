package io.postrain.cli.demo;

import io.postrain.scenario.ScenarioNames;
import picocli.CommandLine.Option;

/** The scenario's names as options, defaulting to the reference scenario (Qwen -> Deep Qwen). */
public final class NameOptions {

  @Option(names = "--old-name", description = "Identity the model has now (default: Qwen).")
  String oldName = ScenarioNames.DEFAULT.oldName();

  @Option(
      names = "--org-name",
      description = "Organisation the model names as its maker (default: Alibaba Cloud).")
  String orgName = ScenarioNames.DEFAULT.orgName();

  @Option(names = "--new-name", description = "Identity to train (default: Deep Qwen).")
  String newName = ScenarioNames.DEFAULT.newName();

  /** The names given. */
  public ScenarioNames names() {
    return new ScenarioNames(oldName, orgName, newName);
  }
}
