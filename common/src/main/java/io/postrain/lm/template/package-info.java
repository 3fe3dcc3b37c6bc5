/**
 * Chat templates: {@code ChatTemplate} renders a checkpoint's {@code chat_template} through a
 * Jinja2 subset ({@code Jinja2Environment}, {@code Jinja2Source}) with Python's semantics for the
 * values templates touch ({@code PythonStrings}, {@code PythonSlice}, {@code PythonJson}, ...).
 */
package io.postrain.lm.template;
