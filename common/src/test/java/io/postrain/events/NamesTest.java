package io.postrain.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The name rule and the inside-root check, on hand-listed names and a real symbolic link. */
class NamesTest {

  /** Names that must pass: one path element each, never hidden, never a parent reference. */
  static final List<String> ACCEPTED =
      List.of(
          "a",
          "Z",
          "7",
          "qwen-tiny",
          "deep_qwen",
          "Qwen3-0.6B",
          "v1",
          "v12",
          "base",
          "latest",
          "a.b",
          "a-",
          "a.",
          "0b9c1d6e-8a55-4f2f-9a8e-4b1f0c2e7d10",
          "x".repeat(Names.MAX_LENGTH));

  /** Hostile or broken names: traversal, absolute, encoded, NUL, separators, too long. */
  static final List<String> REFUSED =
      List.of(
          "",
          " ",
          ".",
          "..",
          ".hidden",
          "-flag",
          "_x",
          "../x",
          "../../../../probe/victim",
          "a/../../b",
          "a..b",
          "/etc",
          "/etc/passwd",
          "C:\\Windows",
          "a/b",
          "a\\b",
          "%2e%2e%2f",
          "%2e%2e",
          "a%2fb",
          "a\u0000b",
          "a\u0000",
          "a\nb",
          "a b",
          "a:b",
          "~root",
          "é",
          "x".repeat(Names.MAX_LENGTH + 1));

  @Test
  void acceptsTheHandListedNames() {
    for (String name : ACCEPTED) {
      assertThat(Names.valid(name)).as(name).isTrue();
      assertThat(Names.check("outputModel", name)).isEqualTo(name);
    }
  }

  @Test
  void refusesTheHandListedNamesNamingFieldAndRule() {
    assertThat(Names.valid(null)).isFalse();
    for (String name : REFUSED) {
      assertThat(Names.valid(name)).as(name).isFalse();
      assertThatThrownBy(() -> Names.check("outputModel", name))
          .as(name)
          .isInstanceOf(InvalidEventException.class)
          .hasMessageStartingWith("outputModel ")
          .hasMessageEndingWith(
              "expected 1 to 128 characters of letters, digits, '.', '_' and '-', starting with"
                  + " a letter or digit, without '..'")
          .extracting(e -> ((InvalidEventException) e).field())
          .isEqualTo("outputModel");
    }
  }

  @Test
  void messagesEscapeControlCharactersAndCutLongValues() {
    assertThatThrownBy(() -> Names.check("id", "a\u0000b"))
        .hasMessageStartingWith("id 'a\\u0000b' is not an accepted name");
    assertThatThrownBy(() -> Names.check("id", "y".repeat(5000)))
        .hasMessageStartingWith("id '" + "y".repeat(40) + "'... (5000 characters) is not")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
    assertThatThrownBy(() -> Names.check("id", null)).hasMessageStartingWith("id is missing");
  }

  @Test
  void insideResolvesNamesBelowTheRoot(@TempDir Path tmp) throws IOException {
    Path root = Files.createDirectory(tmp.resolve("store"));
    Path real = root.toRealPath();
    assertThat(Names.inside(root, "m", "v1")).isEqualTo(real.resolve("m").resolve("v1"));
    Files.createDirectories(root.resolve("m/v1"));
    assertThat(Names.inside(root, "m", "v1")).isEqualTo(real.resolve("m/v1"));
    for (String name : REFUSED) {
      assertThatThrownBy(() -> Names.inside(root, "m", name))
          .as(name)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not accepted");
    }
  }

  @Test
  void checkInsideRefusesPathsThatLeaveTheRoot(@TempDir Path tmp) throws IOException {
    Path root = Files.createDirectory(tmp.resolve("store"));
    Files.createDirectory(tmp.resolve("victim"));
    for (Path escape :
        List.of(
            root.resolve("../victim"),
            root.resolve("a/../../victim"),
            tmp.resolve("victim"),
            Path.of("/etc"),
            root,
            root.resolve("."),
            root.resolve("a/.."))) {
      assertThatThrownBy(() -> Names.checkInside(root, escape))
          .as(escape.toString())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is outside " + root);
    }
    // Relative paths are taken from the root, and may not climb out of it either.
    assertThat(Names.checkInside(root, Path.of("m/v1")))
        .isEqualTo(root.toRealPath().resolve("m/v1"));
    assertThatThrownBy(() -> Names.checkInside(root, Path.of("../victim")))
        .hasMessageContaining("is outside");
  }

  @Test
  void checkInsideRefusesASymlinkThatLeadsOutside(@TempDir Path tmp) throws IOException {
    Path root = Files.createDirectory(tmp.resolve("store"));
    Path victim = Files.createDirectory(tmp.resolve("victim"));
    Files.writeString(victim.resolve("sentinel"), "keep me");
    Files.createSymbolicLink(root.resolve("m"), victim);
    assertThatThrownBy(() -> Names.inside(root, "m"))
        .hasMessageContaining("is outside " + root)
        .hasMessageContaining("it leads to " + victim.toRealPath());
    assertThatThrownBy(() -> Names.inside(root, "m", "v1", "x"))
        .hasMessageContaining("it leads to " + victim.toRealPath().resolve("v1/x"));
    // A link to something inside the root is fine: the real path stays inside.
    Files.createDirectories(root.resolve("real/v1"));
    Files.createSymbolicLink(root.resolve("alias"), root.resolve("real"));
    assertThat(Names.inside(root, "alias", "v1")).isEqualTo(root.toRealPath().resolve("real/v1"));
    // A root reached through a link is its real path.
    Path linkedRoot = Files.createSymbolicLink(tmp.resolve("linked-store"), root);
    assertThat(Names.inside(linkedRoot, "real", "v1"))
        .isEqualTo(root.toRealPath().resolve("real/v1"));
    // A dangling link cannot be resolved, so nothing is written through it.
    Files.createSymbolicLink(root.resolve("dangling"), tmp.resolve("nowhere"));
    assertThatThrownBy(() -> Names.inside(root, "dangling", "v1"))
        .hasMessageContaining("cannot resolve");
    assertThat(victim.resolve("sentinel")).hasContent("keep me");
  }
}
