package io.postrain.lm.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpreterFactory;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import java.lang.reflect.Method;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import jinjava.javax.el.CompositeELResolver;

/**
 * A Jinjava configured to render like the Jinja2 environment of Hugging Face transformers'
 * chat-template utilities: {@code ImmutableSandboxedEnvironment(trim_blocks=True,
 * lstrip_blocks=True, extensions=[loopcontrols])} with the globals {@code raise_exception} and
 * {@code strftime_now} and transformers' {@code tojson} filter.
 *
 * <p>What is changed from plain Jinjava, and why (each difference was found by rendering against
 * Python's Jinja2, see {@code src/test/python/render_reference.py}):
 *
 * <ul>
 *   <li>whitespace and slices: {@link Jinja2Source} rewrites the source;
 *   <li>Python str methods, string indexing and slicing: {@link PythonResolver};
 *   <li>{@code {{ value }}} prints Python's {@code str()} ({@code True}, {@code [1, 'a']}): {@link
 *       PythonRepr}, through an interpreter whose {@code getAsString} is overridden;
 *   <li>{@code tojson} is Python's {@code json.dumps} ({@link PythonJson}), not Jinjava's Jackson
 *       output; an {@code items} filter exists;
 *   <li>the tests {@code sequence} and {@code iterable} are true for strings and mappings;
 *   <li>nested interpretation is off, so message text containing {@code {{ }}} stays text;
 *   <li>{@code {% generation %}} (transformers' assistant-mask extension) renders its body.
 * </ul>
 */
final class Jinja2Environment {

  private Jinja2Environment() {}

  /** A new Jinjava with everything listed in the class comment. */
  static Jinjava create() {
    CompositeELResolver resolver = new CompositeELResolver();
    resolver.add(new PythonResolver());
    resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_WRITE);
    JinjavaConfig config =
        JinjavaConfig.newBuilder()
            .withTrimBlocks(false)
            .withLstripBlocks(false)
            .withNestedInterpretationEnabled(false)
            .withFailOnUnknownTokens(false)
            .withElResolver(resolver)
            .withLegacyOverrides(
                LegacyOverrides.newBuilder().withParseWhitespaceControlStrictly(true).build())
            .withInterperterFactory(new PythonOutputInterpreterFactory())
            .build();
    Jinjava jinjava = new Jinjava(config);
    jinjava.registerFunction(
        function("_py_slice", "slice", Object.class, Object.class, Object.class));
    jinjava.registerFunction(function("raise_exception", "raiseException", Object.class));
    jinjava.registerFunction(function("strftime_now", "strftimeNow", String.class));
    jinjava.registerFilter(new TojsonFilter());
    jinjava.registerFilter(new ItemsFilter());
    jinjava.registerExpTest(new SequenceTest("sequence"));
    jinjava.registerExpTest(new SequenceTest("iterable"));
    jinjava.registerTag(new GenerationTag());
    return jinjava;
  }

  private static ELFunctionDefinition function(String name, String method, Class<?>... params) {
    try {
      Method m = Jinja2Environment.class.getDeclaredMethod(method, params);
      m.setAccessible(true);
      return new ELFunctionDefinition("", name, m);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("missing template function " + method, e);
    }
  }

  static PythonSlice slice(Object start, Object stop, Object step) {
    return PythonSlice.of(start, stop, step);
  }

  static Object raiseException(Object message) {
    throw new TemplateRaisedException(String.valueOf(message));
  }

  static String strftimeNow(String format) {
    return PythonStrftime.format(LocalDateTime.now(), format);
  }

  /** What {@code raise_exception(msg)} throws; ChatTemplate reports {@code msg}. */
  static final class TemplateRaisedException extends RuntimeException {
    TemplateRaisedException(String message) {
      super(message);
    }
  }

  /** Interpreters that print values as Python's {@code str()} does. */
  private static final class PythonOutputInterpreterFactory implements InterpreterFactory {
    @Override
    public JinjavaInterpreter newInstance(JinjavaInterpreter orig) {
      return new PythonOutputInterpreter(orig);
    }

    @Override
    public JinjavaInterpreter newInstance(Jinjava app, Context context, JinjavaConfig config) {
      return new PythonOutputInterpreter(app, context, config);
    }
  }

  private static final class PythonOutputInterpreter extends JinjavaInterpreter {
    PythonOutputInterpreter(JinjavaInterpreter orig) {
      super(orig);
    }

    PythonOutputInterpreter(Jinjava app, Context context, JinjavaConfig config) {
      super(app, context, config);
    }

    @Override
    public String getAsString(Object value) {
      return PythonRepr.str(value);
    }
  }

  /** transformers' tojson: json.dumps(x, ensure_ascii=False, indent, separators, sort_keys). */
  private static final class TojsonFilter implements Filter {
    @Override
    public String getName() {
      return "tojson";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
      return filter(var, interpreter, args, Map.of());
    }

    @Override
    public Object filter(
        Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
      Object ensureAscii = kwargs.getOrDefault("ensure_ascii", args.length > 0 ? args[0] : false);
      Object indent = kwargs.getOrDefault("indent", args.length > 1 ? args[1] : null);
      Object separators = kwargs.getOrDefault("separators", args.length > 2 ? args[2] : null);
      Object sortKeys = kwargs.getOrDefault("sort_keys", args.length > 3 ? args[3] : false);
      PythonJson json =
          new PythonJson(
              Boolean.TRUE.equals(ensureAscii),
              indent instanceof Number n ? n.intValue() : null,
              separators instanceof List<?> l ? l : null,
              Boolean.TRUE.equals(sortKeys));
      return json.dumps(var);
    }
  }

  /** Jinja2's {@code items} filter: a mapping's (key, value) pairs, in insertion order. */
  private static final class ItemsFilter implements Filter {
    @Override
    public String getName() {
      return "items";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
      List<List<Object>> pairs = new ArrayList<>();
      if (var instanceof Map<?, ?> map) {
        map.forEach((k, v) -> pairs.add(Arrays.asList(k, v)));
      } else if (var != null) {
        throw new ChatTemplateException("items filter needs a mapping, got: " + var);
      }
      return pairs;
    }
  }

  /** Python's sequence/iterable tests: strings and mappings count too. */
  private record SequenceTest(String name) implements ExpTest {
    @Override
    public String getName() {
      return name;
    }

    @Override
    public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
      return var instanceof CharSequence
          || var instanceof Iterable<?>
          || var instanceof Map<?, ?>
          || (var != null && var.getClass().isArray());
    }
  }

  /** transformers' {@code {% generation %}} block: renders its body unchanged. */
  private static final class GenerationTag implements Tag {
    private static final long serialVersionUID = 1L;

    @Override
    public String getName() {
      return "generation";
    }

    @Override
    public String getEndTagName() {
      return "endgeneration";
    }

    @Override
    public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
      StringBuilder b = new StringBuilder();
      for (Node child : tagNode.getChildren()) {
        b.append(child.render(interpreter).getValue());
      }
      return b.toString();
    }
  }
}
