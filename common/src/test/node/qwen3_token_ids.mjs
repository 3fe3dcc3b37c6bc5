// Reference Qwen3 token ids from an implementation independent of the one under test:
// Hugging Face's pure-JavaScript tokenizers.js (npm @huggingface/tokenizers 0.2.0).
//
//   mkdir -p /tmp/tok-node && cd /tmp/tok-node && npm init -y && npm install @huggingface/tokenizers@0.2.0
//   cp <repo>/common/src/test/node/qwen3_token_ids.mjs /tmp/tok-node/ && cd /tmp/tok-node
//   POSTRAIN_QWEN3_TOKENIZER=/work/shared/fixtures/qwen3-tokenizer node qwen3_token_ids.mjs <repo>
// (run from the folder holding node_modules, so that the ES-module import resolves).
//
// Reads common/src/test/resources/tokenizer/qwen3-inputs.json ({name: text}, where a text of the
// form "@file:<resource path>" is read from that test resource) and writes qwen3-ids.json:
// {name: {text, ids, decoded, decoded_skip_special}} with add_special_tokens=false.
import fs from "node:fs";
import path from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";

const repo = process.argv[2] ?? process.cwd();
const resources = path.join(repo, "common/src/test/resources");
const dir = process.env.POSTRAIN_QWEN3_TOKENIZER;
if (!dir) throw new Error("set POSTRAIN_QWEN3_TOKENIZER to the Qwen3 tokenizer directory");
const tokenizer = new Tokenizer(
  JSON.parse(fs.readFileSync(path.join(dir, "tokenizer.json"), "utf8")),
  JSON.parse(fs.readFileSync(path.join(dir, "tokenizer_config.json"), "utf8")),
);
const inputs = JSON.parse(fs.readFileSync(path.join(resources, "tokenizer/qwen3-inputs.json"), "utf8"));
const out = {};
for (const [name, spec] of Object.entries(inputs)) {
  const text = spec.startsWith("@file:")
    ? fs.readFileSync(path.join(resources, spec.slice("@file:".length)), "utf8")
    : spec;
  const ids = tokenizer.encode(text, { add_special_tokens: false }).ids;
  out[name] = {
    text,
    ids,
    decoded: tokenizer.decode(ids, { skip_special_tokens: false }),
    decoded_skip_special: tokenizer.decode(ids, { skip_special_tokens: true }),
  };
  console.log(`${name}: ${ids.length} ids`);
}
fs.writeFileSync(path.join(resources, "tokenizer/qwen3-ids.json"), JSON.stringify(out, null, 1) + "\n");
