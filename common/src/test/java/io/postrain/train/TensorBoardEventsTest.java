package io.postrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SFT with {@code reportTo=tensorboard} writes event files that an independent reader accepts:
 * TFRecord framing checked here with the JDK's CRC32C, each record parsed by protobuf-java against
 * a descriptor of TensorFlow's {@code Event} and {@code Summary} written out below, the scalars
 * compared with the metrics the trainer reported to its listener.
 */
class TensorBoardEventsTest {

  private static final String NAME = "events\\.out\\.tfevents\\.\\d{10}\\.[A-Za-z0-9._-]+";

  @TempDir Path tmp;

  /** One parsed event: step, wall time and either the file version or the scalars. */
  private record Event(long step, double wallTime, String fileVersion, Map<String, Float> values) {}

  private static SftConfig sft(int steps, int saveSteps) {
    return SftConfig.builder()
        .training(
            t ->
                t.learningRate(3e-3)
                    .maxSteps(steps)
                    .perDeviceTrainBatchSize(2)
                    .loggingSteps(1)
                    .saveSteps(saveSteps)
                    .reportTo(List.of("tensorboard")))
        .build();
  }

  @Test
  void sftScalarsReadBackEqualTheReportedMetricsAtTheirSteps() throws Exception {
    Path model = TrainFixtures.model(tmp.resolve("base"), 3);
    Path out = tmp.resolve("out");
    TrainFixtures.Recorder recorder = new TrainFixtures.Recorder();
    double before = System.currentTimeMillis() / 1000.0;
    new SftTrainer(sft(3, 1000), null)
        .train(model, TrainFixtures.conversations(), out, false, recorder);
    double after = System.currentTimeMillis() / 1000.0;

    List<Path> files = eventFiles(out.resolve("runs"));
    assertThat(files).hasSize(1);
    assertThat(files.get(0).getFileName().toString()).matches(NAME);
    List<Event> events = read(files.get(0));
    assertThat(events.get(0).fileVersion()).isEqualTo("brain.Event:2");
    assertThat(events.get(0).step()).isZero();
    assertThat(events).allSatisfy(e -> assertThat(e.wallTime()).isBetween(before - 1, after + 1));
    assertScalarsEqual(events.subList(1, events.size()), recorder.logs);
    assertThat(recorder.logs.get(0).metrics())
        .containsKeys("loss", "grad_norm", "learning_rate", "epoch", "mean_token_accuracy");
  }

  @Test
  void aResumedRunAddsASecondFileWithTheRemainingSteps() throws Exception {
    Path model = TrainFixtures.model(tmp.resolve("base"), 4);
    Path out = tmp.resolve("out");
    TrainFixtures.Recorder killer = new TrainFixtures.Recorder();
    killer.cancelAfterCheckpoint = 2;
    assertThatThrownBy(
            () ->
                new SftTrainer(sft(4, 2), null)
                    .train(model, TrainFixtures.conversations(), out, false, killer))
        .isInstanceOf(TrainingCancelledException.class);
    TrainFixtures.Recorder resumed = new TrainFixtures.Recorder();
    new SftTrainer(sft(4, 2), null).train(model, TrainFixtures.conversations(), out, true, resumed);

    List<Path> files = eventFiles(out.resolve("runs"));
    assertThat(files).hasSize(2);
    List<List<Event>> runs = new ArrayList<>();
    for (Path f : files) {
      assertThat(f.getFileName().toString()).matches(NAME + "(\\.\\d+)?");
      List<Event> events = read(f);
      assertThat(events.get(0).fileVersion()).isEqualTo("brain.Event:2");
      runs.add(events.subList(1, events.size()));
    }
    // The first file (steps 1, 2) is the killed run's; sort by first step, not by name.
    runs.sort((a, b) -> Long.compare(a.get(0).step(), b.get(0).step()));
    assertScalarsEqual(runs.get(0), killer.logs);
    assertScalarsEqual(runs.get(1), resumed.logs);
    assertThat(runs.get(1)).extracting(Event::step).containsExactly(3L, 4L);
  }

  @Test
  void reportToNoneWritesNoEventFile() {
    Path model = TrainFixtures.model(tmp.resolve("base"), 5);
    Path out = tmp.resolve("out");
    SftConfig config =
        SftConfig.builder().training(t -> t.maxSteps(1).perDeviceTrainBatchSize(2)).build();
    assertThat(config.training().reportTo()).containsExactly("none");
    new SftTrainer(config, null)
        .train(model, TrainFixtures.conversations(), out, false, TrainingListener.NONE);
    assertThat(out.resolve("runs")).doesNotExist();
  }

  /** Tags and values (as the float TensorBoard keeps) per step equal the listener's events. */
  private static void assertScalarsEqual(List<Event> events, List<TrainingProgress> logs) {
    assertThat(events)
        .extracting(Event::step)
        .containsExactlyElementsOf(logs.stream().map(p -> (long) p.step()).toList());
    for (int i = 0; i < logs.size(); i++) {
      Map<String, Float> expected = new LinkedHashMap<>();
      logs.get(i).metrics().forEach((k, v) -> expected.put(k, v.floatValue()));
      assertThat(events.get(i).values()).as("step " + logs.get(i).step()).isEqualTo(expected);
    }
  }

  private static List<Path> eventFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  /** The TFRecords of {@code file}, each CRC checked, parsed as {@code tensorflow.Event}. */
  private static List<Event> read(Path file) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    Descriptor eventType = eventDescriptor();
    List<Event> events = new ArrayList<>();
    while (b.hasRemaining()) {
      byte[] length = new byte[8];
      b.get(length);
      assertThat(b.getInt()).as("length CRC").isEqualTo(masked(length));
      byte[] data =
          new byte[(int) ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong()];
      b.get(data);
      assertThat(b.getInt()).as("data CRC").isEqualTo(masked(data));
      DynamicMessage m = DynamicMessage.parseFrom(eventType, data);
      assertThat(m.getUnknownFields().asMap()).as("unknown fields").isEmpty();
      events.add(event(m));
    }
    return events;
  }

  private static Event event(DynamicMessage m) {
    Descriptor d = m.getDescriptorForType();
    Map<String, Float> values = new LinkedHashMap<>();
    DynamicMessage summary = (DynamicMessage) m.getField(d.findFieldByName("summary"));
    Descriptor s = summary.getDescriptorForType();
    for (Object o : (List<?>) summary.getField(s.findFieldByName("value"))) {
      DynamicMessage v = (DynamicMessage) o;
      Descriptor vd = v.getDescriptorForType();
      String tag = (String) v.getField(vd.findFieldByName("tag"));
      assertThat(values).as("tag %s twice", tag).doesNotContainKey(tag);
      values.put(tag, (Float) v.getField(vd.findFieldByName("simple_value")));
    }
    String version =
        m.hasField(d.findFieldByName("file_version"))
            ? (String) m.getField(d.findFieldByName("file_version"))
            : null;
    return new Event(
        (Long) m.getField(d.findFieldByName("step")),
        (Double) m.getField(d.findFieldByName("wall_time")),
        version,
        values);
  }

  /** TFRecord's masked CRC32C, per TensorFlow's crc32c.h: rotate right by 15, add 0xa282ead8. */
  private static int masked(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    long c = crc.getValue();
    return (int) ((((c >> 15) | (c << 17)) + 0xa282ead8L) & 0xffffffffL);
  }

  /**
   * TensorFlow's {@code event.proto} and {@code summary.proto}, the fields read here: Event
   * {wall_time double 1, step int64 2, oneof what {file_version string 3, summary Summary 5}},
   * Summary {repeated Value value 1}, Value {tag string 1, oneof value {simple_value float 2}}.
   */
  private static Descriptor eventDescriptor() throws Exception {
    DescriptorProto value =
        DescriptorProto.newBuilder()
            .setName("Value")
            .addField(field("tag", 1, Type.TYPE_STRING, null, null))
            .addField(field("simple_value", 2, Type.TYPE_FLOAT, null, 0))
            .addOneofDecl(OneofDescriptorProto.newBuilder().setName("value"))
            .build();
    DescriptorProto summary =
        DescriptorProto.newBuilder()
            .setName("Summary")
            .addNestedType(value)
            .addField(
                field("value", 1, Type.TYPE_MESSAGE, ".tensorflow.Summary.Value", null).toBuilder()
                    .setLabel(Label.LABEL_REPEATED))
            .build();
    DescriptorProto event =
        DescriptorProto.newBuilder()
            .setName("Event")
            .addField(field("wall_time", 1, Type.TYPE_DOUBLE, null, null))
            .addField(field("step", 2, Type.TYPE_INT64, null, null))
            .addField(field("file_version", 3, Type.TYPE_STRING, null, 0))
            .addField(field("summary", 5, Type.TYPE_MESSAGE, ".tensorflow.Summary", 0))
            .addOneofDecl(OneofDescriptorProto.newBuilder().setName("what"))
            .build();
    FileDescriptorProto file =
        FileDescriptorProto.newBuilder()
            .setName("tensorflow/event.proto")
            .setPackage("tensorflow")
            .setSyntax("proto3")
            .addAllMessageType(Arrays.asList(summary, event))
            .build();
    return FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName("Event");
  }

  private static FieldDescriptorProto field(
      String name, int number, Type type, String typeName, Integer oneof) {
    FieldDescriptorProto.Builder f =
        FieldDescriptorProto.newBuilder()
            .setName(name)
            .setNumber(number)
            .setType(type)
            .setLabel(Label.LABEL_OPTIONAL);
    if (typeName != null) {
      f.setTypeName(typeName);
    }
    if (oneof != null) {
      f.setOneofIndex(oneof);
    }
    return f.build();
  }
}
