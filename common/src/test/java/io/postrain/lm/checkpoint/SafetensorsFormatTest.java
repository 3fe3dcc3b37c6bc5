package io.postrain.lm.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFormatTest {

  @TempDir Path dir;

  /** Builds a safetensors file byte by byte: length, JSON header, data. */
  private Path handBuilt(String name, String header, byte[] data) throws IOException {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b =
        ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(json.length).put(json).put(data);
    Path file = dir.resolve(name);
    Files.write(file, b.array());
    return file;
  }

  @Test
  void readsAHandBuiltFileOfAllThreeDtypes() throws IOException {
    // BF16 [2] at 0..4, F16 [3] at 4..10, F32 [2,1] at 10..18 (deliberately unaligned).
    String header =
        "{\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]},"
            + "\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[4,10]},"
            + "\"f\":{\"dtype\":\"F32\",\"shape\":[2,1],\"data_offsets\":[10,18]},"
            + "\"__metadata__\":{\"format\":\"pt\"}}";
    ByteBuffer data = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN);
    data.putShort((short) 0x3F80).putShort((short) 0xC000); // 1.0, -2.0
    data.putShort((short) 0x3C00)
        .putShort((short) 0x7BFF)
        .putShort((short) 0x0001); // 1, 65504, 2^-24
    data.putFloat(0.5f).putFloat(-1.25f);
    Path file = handBuilt("hand.safetensors", header, data.array());

    try (SafetensorsReader reader = SafetensorsReader.open(file)) {
      assertThat(reader.tensors().keySet()).containsExactly("b", "h", "f");
      assertThat(reader.metadata()).containsEntry("format", "pt");
      assertThat(reader.tensors().get("f").shape()).containsExactly(2, 1);
      assertThat(reader.readFloats("b")).containsExactly(1.0f, -2.0f);
      assertThat(reader.readFloats("h")).containsExactly(1.0f, 65504f, 0x1p-24f);
      assertThat(reader.readFloats("f")).containsExactly(0.5f, -1.25f);
    }
  }

  @Test
  void writerRoundTripsF32ExactlyWithAlignedHeaderAndMetadata() throws IOException {
    Path file = dir.resolve("w.safetensors");
    float[] w = {0.1f, -0.2f, 3.5f, 1e-30f, -0.0f, 7f};
    new SafetensorsWriter(SafetensorsDtype.F32)
        .add("model.w", w, 2, 3)
        .add("model.bias", new float[] {42f}, 1)
        .write(file);

    byte[] bytes = Files.readAllBytes(file);
    long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(headerLength % 8).isZero();
    assertThat(bytes.length).isEqualTo(8 + headerLength + 7 * 4);
    String json = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
    JsonNode header = new ObjectMapper().readTree(json);
    assertThat(header.path("__metadata__").path("format").asText()).isEqualTo("pt");
    assertThat(header.path("model.w").path("data_offsets").toString()).isEqualTo("[0,24]");
    assertThat(header.path("model.bias").path("data_offsets").toString()).isEqualTo("[24,28]");
    assertThat(json.substring(json.lastIndexOf('}') + 1)).matches(" *");
    // the first value, read independently of the reader
    float first =
        ByteBuffer.wrap(bytes, (int) (8 + headerLength), 4)
            .order(ByteOrder.LITTLE_ENDIAN)
            .getFloat();
    assertThat(first).isEqualTo(0.1f);

    try (SafetensorsReader reader = SafetensorsReader.open(file)) {
      assertThat(reader.readFloats("model.w")).containsExactly(w);
      assertThat(reader.readFloats("model.bias")).containsExactly(42f);
      assertThat(reader.tensors().get("model.w").dtype()).isEqualTo(SafetensorsDtype.F32);
    }
    assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
        .containsExactly("w.safetensors");
    // no temporary file left behind, and readable by other services (a temp file is rw-------)
    assertThat(Files.getPosixFilePermissions(file)).contains(PosixFilePermission.OTHERS_READ);
  }

  @Test
  void writerRoundsToBf16NearestEven() throws IOException {
    Path file = dir.resolve("bf16.safetensors");
    float[] values = {1 + 0x1p-8f, 1 + 3 * 0x1p-8f, 1 + 0x1p-8f + 0x1p-20f, -2f};
    new SafetensorsWriter(SafetensorsDtype.BF16).add("x", values, 4).write(file);
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = b.getLong();
    b.position((int) (8 + headerLength));
    // hand-computed: tie to even 0x3F80, tie to even 0x3F82, above the tie 0x3F81, exact 0xC000
    assertThat(
            new int[] {
              b.getShort() & 0xFFFF,
              b.getShort() & 0xFFFF,
              b.getShort() & 0xFFFF,
              b.getShort() & 0xFFFF
            })
        .containsExactly(0x3F80, 0x3F82, 0x3F81, 0xC000);
    try (SafetensorsReader reader = SafetensorsReader.open(file)) {
      assertThat(reader.tensors().get("x").dtype()).isEqualTo(SafetensorsDtype.BF16);
      assertThat(reader.readFloats("x")).containsExactly(1f, 1.015625f, 1.0078125f, -2f);
    }
  }

  @Test
  void truncatedFileNamesFileAndTensor() throws IOException {
    Path file = dir.resolve("t.safetensors");
    new SafetensorsWriter(SafetensorsDtype.F32)
        .add("a", new float[4], 4)
        .add("last.weight", new float[8], 2, 4)
        .write(file);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 5));
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("t.safetensors")
        .hasMessageContaining("truncated")
        .hasMessageContaining("'last.weight'");
  }

  @Test
  void rejectsWrongSizesOverlapsAndOtherDtypes() throws IOException {
    Path size =
        handBuilt(
            "size.safetensors",
            "{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}",
            new byte[8]);
    assertThatThrownBy(() -> SafetensorsReader.open(size))
        .hasMessageContaining("size.safetensors")
        .hasMessageContaining("'x'")
        .hasMessageContaining("needs 12");
    Path overlap =
        handBuilt(
            "overlap.safetensors",
            "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"y\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
            new byte[12]);
    assertThatThrownBy(() -> SafetensorsReader.open(overlap))
        .hasMessageContaining("overlap.safetensors")
        .hasMessageContaining("'x'")
        .hasMessageContaining("'y'")
        .hasMessageContaining("overlap");
    Path ints =
        handBuilt(
            "ints.safetensors",
            "{\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}",
            new byte[8]);
    assertThatThrownBy(() -> SafetensorsReader.open(ints))
        .hasMessageContaining("ints.safetensors")
        .hasMessageContaining("'ids'")
        .hasMessageContaining("F32, F16, BF16");
    Path tiny = dir.resolve("tiny.safetensors");
    Files.write(tiny, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> SafetensorsReader.open(tiny)).hasMessageContaining("tiny.safetensors");
  }

  @Test
  void ndArraysRoundTripIncludingTheChunkedPath() throws IOException {
    Path file = dir.resolve("nd.safetensors");
    float[] values = new float[6 * 5];
    for (int i = 0; i < values.length; i++) {
      values[i] = i * 0.25f - 3;
    }
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray w = manager.create(values).reshape(6, 5);
      new SafetensorsWriter(SafetensorsDtype.F32).add("w", w).write(file);
      // 16-byte chunks: the 30 elements are assembled from 8 pieces of 4
      try (SafetensorsReader reader = SafetensorsReader.open(file, 16);
          NDArray read = reader.read("w", manager);
          SafetensorsReader whole = SafetensorsReader.open(file);
          NDArray direct = whole.read("w", manager)) {
        assertThat(read.getShape().getShape()).containsExactly(6, 5);
        assertThat(read.getDataType()).isEqualTo(DataType.FLOAT32);
        assertThat(read.toFloatArray()).containsExactly(values);
        assertThat(direct.toFloatArray()).containsExactly(values);
        assertThat(reader.readFloats("w")).containsExactly(values);
      }
    }
  }
}
