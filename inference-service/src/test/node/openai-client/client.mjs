// Drives inference-service with the official openai client, as a user of OpenAI's API would.
// Run by OpenAiClientTest with OPENAI_BASE_URL set; prints "ok <case>" per case and a last line
// "RESULT <json>" with answers for the Java side to compare with the engine; exits 1 on a failure.
import assert from "node:assert/strict";
import OpenAI, { BadRequestError, NotFoundError } from "openai";

const client = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL, apiKey: "unused", maxRetries: 0 });
const chat = [
  { role: "system", content: "Be brief." },
  { role: "user", content: "Name a colour." },
];
const result = {};

async function streamed(params) {
  const stream = await client.chat.completions.create({ ...params, stream: true });
  const texts = [];
  const reasons = [];
  let usage = null;
  for await (const chunk of stream) {
    if (chunk.usage) usage = chunk.usage;
    for (const c of chunk.choices) {
      texts[c.index] = (texts[c.index] ?? "") + (c.delta.content ?? "");
      if (c.finish_reason) reasons[c.index] = c.finish_reason;
    }
  }
  return { texts, reasons, usage };
}

async function refused(params, ErrorType, check) {
  try {
    await client.chat.completions.create(params);
  } catch (e) {
    assert.ok(e instanceof ErrorType, `${e.constructor.name}: ${e.message}`);
    check(e);
    return;
  }
  assert.fail(`accepted: ${JSON.stringify(params)}`);
}

const cases = {
  async chat() {
    const r = await client.chat.completions.create({ model: "tiny", messages: chat, max_tokens: 8, temperature: 0 });
    assert.equal(r.object, "chat.completion");
    assert.equal(r.choices.length, 1);
    assert.equal(r.choices[0].message.role, "assistant");
    assert.equal(r.usage.total_tokens, r.usage.prompt_tokens + r.usage.completion_tokens);
    result.greedy = r.choices[0].message.content;
  },
  async nAndSeed() {
    const params = { model: "tiny", messages: chat, max_tokens: 9, temperature: 0.9, n: 2, seed: 5 };
    const a = await client.chat.completions.create(params);
    const b = await client.chat.completions.create(params);
    assert.equal(a.choices.length, 2);
    assert.deepEqual(a.choices.map((c) => c.message.content), b.choices.map((c) => c.message.content));
    assert.notEqual(a.choices[0].message.content, a.choices[1].message.content);
    result.seeded = a.choices.map((c) => c.message.content);
  },
  async streamWithUsage() {
    const params = { model: "tiny", messages: chat, max_tokens: 12, temperature: 0.8, n: 2, seed: 9 };
    const s = await streamed({ ...params, stream_options: { include_usage: true } });
    const whole = await client.chat.completions.create(params);
    assert.deepEqual(s.texts, whole.choices.map((c) => c.message.content));
    assert.deepEqual(s.reasons, whole.choices.map((c) => c.finish_reason));
    assert.deepEqual(s.usage, whole.usage);
  },
  async stop() {
    const base = { model: "tiny", messages: chat, max_tokens: 16, temperature: 0 };
    const full = (await client.chat.completions.create(base)).choices[0].message.content;
    assert.ok(full.length > 6, full);
    const stop = full.slice(3, 5);
    const cut = full.slice(0, full.indexOf(stop));
    const r = await client.chat.completions.create({ ...base, stop: [stop, "never-seen"] });
    assert.equal(r.choices[0].message.content, cut);
    assert.equal(r.choices[0].finish_reason, "stop");
    const s = await streamed({ ...base, stop });
    assert.deepEqual(s.texts, [cut]);
    assert.deepEqual(s.reasons, ["stop"]);
  },
  async logprobs() {
    const r = await client.chat.completions.create({
      model: "tiny", messages: chat, max_tokens: 5, temperature: 0, logprobs: true, top_logprobs: 3,
    });
    const content = r.choices[0].logprobs.content;
    assert.ok(content.length >= 1);
    for (const t of content) {
      assert.equal(t.top_logprobs.length, 3);
      assert.ok(t.logprob <= 0);
      const values = t.top_logprobs.map((x) => x.logprob);
      assert.deepEqual(values, [...values].sort((x, y) => y - x));
      assert.equal(t.top_logprobs[0].logprob, t.logprob); // greedy: the chosen token ranks first
      assert.equal(t.top_logprobs[0].token, t.token);
    }
    const s = await client.chat.completions.create({
      model: "tiny", messages: chat, max_tokens: 5, temperature: 0, logprobs: true, top_logprobs: 3, stream: true,
    });
    let streamedLogprobs = null;
    for await (const chunk of s) {
      for (const c of chunk.choices) if (c.logprobs) streamedLogprobs = c.logprobs.content;
    }
    assert.deepEqual(streamedLogprobs, content);
  },
  async tools() {
    const tools = [{
      type: "function",
      function: {
        name: "get_weather",
        description: "The weather in a city",
        parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      },
    }];
    const messages = [
      { role: "user", content: [{ type: "text", text: "Weather in Paris?" }] },
      {
        role: "assistant", content: null,
        tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city": "Paris"}' } }],
      },
      { role: "tool", tool_call_id: "call_1", content: "18 C, sunny" },
    ];
    const withTools = await client.chat.completions.create({ model: "qtiny", messages, tools, max_tokens: 4, temperature: 0 });
    const without = await client.chat.completions.create({ model: "qtiny", messages, max_tokens: 4, temperature: 0 });
    assert.ok(withTools.usage.prompt_tokens > without.usage.prompt_tokens + 100,
      `tools add to the prompt: ${withTools.usage.prompt_tokens} vs ${without.usage.prompt_tokens}`);
    await refused({ model: "tiny", messages: chat, tools }, BadRequestError, (e) => assert.equal(e.param, "tools"));
  },
  async errors() {
    await refused({ model: "gpt-9", messages: chat }, NotFoundError, (e) => {
      assert.equal(e.status, 404);
      assert.equal(e.code, "model_not_found");
      assert.equal(e.param, "model");
    });
    await refused({ model: "tiny", messages: chat, max_tokens: 3.7 }, BadRequestError, (e) => assert.equal(e.param, "max_tokens"));
    await refused({ model: "tiny", messages: [{ role: "wizard", content: "Hi" }] }, BadRequestError,
      (e) => assert.equal(e.param, "messages[0].role"));
    await refused({ model: "tiny", messages: chat, functions: [] }, BadRequestError, (e) => {
      assert.equal(e.param, "functions");
      assert.match(e.message, /not supported/);
    });
    await refused({ model: "tiny", messages: chat, response_format: { type: "json_object" } }, BadRequestError,
      (e) => assert.equal(e.param, "response_format"));
  },
  async models() {
    const ids = [];
    for await (const m of client.models.list()) ids.push(m.id);
    assert.ok(ids.includes("tiny:base") && ids.includes("tiny:latest"), ids.join());
    for (const id of ids) {
      assert.equal((await client.models.retrieve(id)).id, id);
    }
    await assert.rejects(client.models.retrieve("gpt-9"), (e) => e instanceof NotFoundError && e.code === "model_not_found");
  },
};

let failed = 0;
for (const [name, run] of Object.entries(cases)) {
  try {
    await run();
    console.log(`ok ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAILED ${name}: ${e.stack ?? e}`);
  }
}
console.log(`RESULT ${JSON.stringify(result)}`);
process.exit(failed ? 1 : 0);
