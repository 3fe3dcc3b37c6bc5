package io.postrain.lm.template;

import java.beans.FeatureDescriptor;
import java.util.Iterator;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * The first resolver Jinjava consults: gives strings and slices their Python behaviour, then leaves
 * everything else to Jinjava's own resolvers.
 *
 * <ul>
 *   <li>{@code x[_py_slice(a, b, c)]} on a list or string ({@link Jinja2Source} writes slices so);
 *   <li>{@code s[i]} on a string, negative {@code i} counting from the end;
 *   <li>{@code s.method(...)} for the Python str methods of {@link PythonStrings}.
 * </ul>
 */
final class PythonResolver extends ELResolver {

  @Override
  public Object getValue(ELContext context, Object base, Object property) {
    PythonSlice slice = PythonSlice.parse(property);
    if (slice != null && base != null) {
      context.setPropertyResolved(true);
      return slice.apply(base);
    }
    if (base instanceof String s && isInteger(property)) {
      context.setPropertyResolved(true);
      return PythonStrings.charAt(s, Long.parseLong(property.toString()));
    }
    return null;
  }

  /** Jinjava passes subscripts as strings ("0", "-1") or numbers. */
  private static boolean isInteger(Object property) {
    return property instanceof Number || (property instanceof String p && p.matches("-?\\d+"));
  }

  @Override
  public Object invoke(
      ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
    if (base instanceof String s && method instanceof String name && PythonStrings.knows(name)) {
      context.setPropertyResolved(true);
      return PythonStrings.call(s, name, params == null ? new Object[0] : params);
    }
    return null;
  }

  @Override
  public Class<?> getType(ELContext context, Object base, Object property) {
    return null;
  }

  @Override
  public void setValue(ELContext context, Object base, Object property, Object value) {
    // Not a property this resolver owns; Jinjava's resolvers handle assignments.
  }

  @Override
  public boolean isReadOnly(ELContext context, Object base, Object property) {
    return false;
  }

  @Override
  public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
    return null;
  }

  @Override
  public Class<?> getCommonPropertyType(ELContext context, Object base) {
    return Object.class;
  }
}
