#!/usr/bin/env python3
"""Renders the expected chat-template outputs that ChatTemplateTest compares byte for byte.

The environment is the one Hugging Face transformers builds in its chat-template utilities
(`_compile_jinja_template`): ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
extensions=[loopcontrols]), a `raise_exception` global raising TemplateError, a `strftime_now`
global and a `tojson` filter that is json.dumps(x, ensure_ascii=False, indent, separators,
sort_keys) instead of Jinja's HTML-escaping one. Rendering passes messages, tools (None when
absent), add_generation_prompt, the special tokens and any extra kwargs, as transformers does.

Each case is a JSON file:
  {"template": "<name>.jinja" | "qwen3", "messages": [...], "tools": [...]?,
   "add_generation_prompt": bool, "special_tokens": {...}?, "extra": {...}?}
and the script writes the rendering next to it as <case>.txt. When rendering raises, the file
<case>.error.txt gets the error message instead. "qwen3" reads the real chat_template from
tokenizer_config.json in the directory named by POSTRAIN_QWEN3_TOKENIZER (not committed).

Usage: POSTRAIN_QWEN3_TOKENIZER=/work/shared/fixtures/qwen3-tokenizer \
       python3 common/src/test/python/render_reference.py
"""
import json
import os
import pathlib
from datetime import datetime

import jinja2
import jinja2.ext
from jinja2.sandbox import ImmutableSandboxedEnvironment

ROOT = pathlib.Path(__file__).resolve().parents[1] / "resources" / "templates"


def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(
        x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys
    )


def strftime_now(fmt):
    return datetime.now().strftime(fmt)


def compile_template(source):
    env = ImmutableSandboxedEnvironment(
        trim_blocks=True, lstrip_blocks=True, extensions=[jinja2.ext.loopcontrols]
    )
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env.from_string(source)


def qwen3_template():
    directory = os.environ.get("POSTRAIN_QWEN3_TOKENIZER")
    if not directory:
        raise SystemExit("set POSTRAIN_QWEN3_TOKENIZER to the Qwen3 tokenizer directory")
    config = json.loads((pathlib.Path(directory) / "tokenizer_config.json").read_text("utf-8"))
    return config["chat_template"]


def render_case(case_file):
    case = json.loads(case_file.read_text("utf-8"))
    if case["template"] == "qwen3":
        source = qwen3_template()
    else:
        source = (case_file.parent / case["template"]).read_text("utf-8")
    kwargs = dict(case.get("special_tokens", {}))
    kwargs.update(case.get("extra", {}))
    out = case_file.with_suffix(".txt")
    err = case_file.with_suffix(".error.txt")
    try:
        text = compile_template(source).render(
            messages=case["messages"],
            tools=case.get("tools"),
            add_generation_prompt=case.get("add_generation_prompt", False),
            **kwargs,
        )
    except jinja2.exceptions.TemplateError as e:
        err.write_text(str(e), "utf-8")
        out.unlink(missing_ok=True)
        print(f"{case_file.relative_to(ROOT)} -> error: {e}")
        return
    out.write_text(text, "utf-8")
    err.unlink(missing_ok=True)
    print(f"{case_file.relative_to(ROOT)} -> {len(text)} chars")


def main():
    for case_file in sorted(ROOT.glob("*/*.json")):
        render_case(case_file)


if __name__ == "__main__":
    main()
