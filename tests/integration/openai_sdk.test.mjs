// The official `openai` SDK against the gateway: answers, usage and exact cost, streaming,
// the /v1 alias, max_tokens, tool calls, estimated usage and client cancellation.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import OpenAI from 'openai';

import {
    assertNoSanitizerReports, costMatches, costPico, endpoint, mockAnswer, mockProvider, startGateway,
    startMock, stopAll, usdString, withDiagnostics,
} from './harness.mjs';

const PRICES = { prompt_usd_per_mtok: '1.25', completion_usd_per_mtok: '3.7' };
const PROVIDER_NAME = 'Mock Cloud A';

let mock;
let abortMock;  // its own mock, so its stream counters see only the abort test
let gw;
let client;

const messages = (text) => [
    { role: 'system', content: 'You are a test.' },
    { role: 'user', content: text },
];

const tools = [{
    type: 'function',
    function: {
        name: 'lookup',
        description: 'Look something up',
        parameters: { type: 'object', properties: { query: { type: 'string' }, limit: { type: 'integer' } } },
    },
}];

function diag(fn) {
    return () => withDiagnostics([gw, mock, abortMock], fn);
}

before(async () => {
    [mock, abortMock] = await Promise.all([startMock(), startMock()]);
    gw = await startGateway({
        providers: [
            mockProvider(mock, 'mock-a', PROVIDER_NAME),
            mockProvider(abortMock, 'mock-abort', 'Mock Abort'),
        ],
        endpoints: [
            endpoint('sytest/echo', 'mock-a', 'mock', PRICES),
            endpoint('sytest/tool', 'mock-a', 'mock+tool-call', PRICES),
            endpoint('sytest/nousage', 'mock-a', 'mock+no-usage', PRICES),
            endpoint('sytest/slow', 'mock-abort', 'mock+tokens-400+tps-20', PRICES),
        ],
    });
    client = new OpenAI({ baseURL: gw.apiBase, apiKey: gw.apiKey, maxRetries: 0, timeout: 30_000 });
});

after(async () => {
    await stopAll(gw, mock, abortMock);
    assertNoSanitizerReports();
});

function assertUsageCost(usage, promptTokens, completionTokens) {
    assert.ok(usage, 'usage is present');
    assert.equal(usage.prompt_tokens, promptTokens, 'prompt_tokens as the mock reported');
    assert.equal(usage.completion_tokens, completionTokens, 'completion_tokens as the mock reported');
    assert.equal(usage.total_tokens, promptTokens + completionTokens);
    const pico = costPico({ promptTokens, completionTokens }, PRICES);
    assert.equal(typeof usage.cost, 'number', `usage.cost is a JSON number, got ${JSON.stringify(usage.cost)}`);
    assert.ok(costMatches(usage.cost, pico),
              `usage.cost ${usage.cost} should be exactly ${usdString(pico)} USD (${pico} pUSD)`);
}

describe('openai SDK', { concurrency: true }, () => {
    it('non-streaming create: deterministic content, exact cost, provider, ids and headers', diag(async () => {
        const msgs = messages('What is a gateway?');
        const expected = mockAnswer('mock', msgs);
        const { data, response } = await client.chat.completions
            .create({ model: 'sytest/echo', messages: msgs })
            .withResponse();
        assert.equal(response.status, 200);
        assert.equal(data.object, 'chat.completion');
        assert.equal(data.model, 'sytest/echo');
        assert.match(data.id, /^gen-/);
        assert.equal(data.provider, PROVIDER_NAME);
        assert.equal(data.choices.length, 1);
        assert.equal(data.choices[0].message.role, 'assistant');
        assert.equal(data.choices[0].message.content, expected.content);
        assert.equal(data.choices[0].finish_reason, 'stop');
        assert.ok('system_fingerprint' in data, 'system_fingerprint key present');
        assertUsageCost(data.usage, expected.promptTokens, expected.completionTokens);
        const requestId = response.headers.get('x-request-id');
        const generationId = response.headers.get('x-generation-id');
        assert.ok(requestId, 'X-Request-Id header');
        assert.ok(generationId, 'X-Generation-Id header');
        assert.equal(generationId, data.id, 'X-Generation-Id is the response id');
    }));

    it('the test\'s model of the mock matches what the mock itself reports', diag(async () => {
        const msgs = messages('What is a gateway?');
        const expected = mockAnswer('mock', msgs);
        const res = await fetch(`${mock.baseUrl}/chat/completions`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ model: 'mock', messages: msgs }),
        });
        const direct = await res.json();
        assert.equal(direct.choices[0].message.content, expected.content);
        assert.equal(direct.usage.prompt_tokens, expected.promptTokens);
        assert.equal(direct.usage.completion_tokens, expected.completionTokens);
    }));

    it('non-streaming: cost is printed exactly in the JSON text', diag(async () => {
        const msgs = messages('exact decimal please');
        const expected = mockAnswer('mock', msgs);
        const raw = await client.chat.completions.create({ model: 'sytest/echo', messages: msgs }).asResponse();
        const text = await raw.text();
        const pico = costPico(expected, PRICES);
        assert.match(text, new RegExp(`"cost":${usdString(pico).replace('.', '\\.')}[,}]`),
                     `raw JSON carries "cost":${usdString(pico)}: ${text}`);
        assert.doesNotMatch(text, /"cost":"/, 'cost is never a string');
    }));

    it('streaming create: same content, exactly one usage chunk with cost, finish_reason stop', diag(async () => {
        const msgs = messages('Stream the same thing');
        const expected = mockAnswer('mock', msgs);
        const whole = await client.chat.completions.create({ model: 'sytest/echo', messages: msgs });
        const { data: stream, response } = await client.chat.completions
            .create({ model: 'sytest/echo', messages: msgs, stream: true })
            .withResponse();
        assert.equal(response.status, 200);
        assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
        assert.ok(response.headers.get('x-request-id'), 'X-Request-Id on the stream');
        const generationId = response.headers.get('x-generation-id');
        assert.match(generationId ?? '', /^gen-/, 'X-Generation-Id on the stream');
        let content = '';
        const usageChunks = [];
        const finishReasons = [];
        let chunksAfterUsage = 0;
        for await (const chunk of stream) {
            assert.equal(chunk.object, 'chat.completion.chunk');
            assert.equal(chunk.id, generationId, 'every chunk carries the generation id');
            assert.equal(chunk.provider, PROVIDER_NAME);
            if (usageChunks.length) {
                ++chunksAfterUsage;
            }
            if (chunk.usage) {
                usageChunks.push(chunk.usage);
            }
            for (const choice of chunk.choices) {
                content += choice.delta?.content ?? '';
                if (choice.finish_reason) {
                    finishReasons.push(choice.finish_reason);
                }
            }
        }
        assert.equal(content, whole.choices[0].message.content, 'streamed content equals the non-streamed content');
        assert.equal(content, expected.content);
        assert.deepEqual(finishReasons, ['stop']);
        assert.equal(usageChunks.length, 1, 'exactly one usage chunk');
        assert.equal(chunksAfterUsage, 0, 'the usage chunk is the last chunk before [DONE]');
        assertUsageCost(usageChunks[0], expected.promptTokens, expected.completionTokens);
        assert.equal(usageChunks[0].cost, whole.usage.cost);
    }));

    it('the /v1 alias serves the same API', diag(async () => {
        const alias = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: gw.apiKey, maxRetries: 0 });
        const msgs = messages('via the alias');
        const expected = mockAnswer('mock', msgs);
        const completion = await alias.chat.completions.create({ model: 'sytest/echo', messages: msgs });
        assert.equal(completion.choices[0].message.content, expected.content);
        assert.equal(completion.provider, PROVIDER_NAME);
        assertUsageCost(completion.usage, expected.promptTokens, expected.completionTokens);
        let streamed = '';
        for await (const chunk of await alias.chat.completions.create({ model: 'sytest/echo', messages: msgs, stream: true })) {
            streamed += chunk.choices[0]?.delta?.content ?? '';
        }
        assert.equal(streamed, expected.content);
    }));

    it('max_tokens cuts the answer with finish_reason "length"', diag(async () => {
        const msgs = messages('Tell me a long story');
        const expected = mockAnswer('mock', msgs, { maxTokens: 5 });
        assert.equal(expected.finishReason, 'length');
        const completion = await client.chat.completions.create({ model: 'sytest/echo', messages: msgs, max_tokens: 5 });
        assert.equal(completion.choices[0].finish_reason, 'length');
        assert.equal(completion.choices[0].message.content, expected.content);
        assertUsageCost(completion.usage, expected.promptTokens, 5);

        const stream = await client.chat.completions.create({ model: 'sytest/echo', messages: msgs, max_tokens: 5, stream: true });
        let content = '';
        let finish;
        for await (const chunk of stream) {
            content += chunk.choices[0]?.delta?.content ?? '';
            finish = chunk.choices[0]?.finish_reason ?? finish;
        }
        assert.equal(content, expected.content);
        assert.equal(finish, 'length');
    }));

    for (const [label, model, extra] of [
        ['tool-call directive', 'sytest/tool', {}],
        ['tool_choice required', 'sytest/echo', { tool_choice: 'required' }],
    ]) {
        it(`tool call (${label}): streamed fragments reassemble to the non-streamed arguments`, diag(async () => {
            const msgs = messages('Look up the weather');
            const upstream = model === 'sytest/tool' ? 'mock+tool-call' : 'mock';
            const expected = mockAnswer(upstream, msgs, { tools, toolChoice: extra.tool_choice });
            assert.ok(expected.toolCall);
            const completion = await client.chat.completions.create({ model, messages: msgs, tools, ...extra });
            const choice = completion.choices[0];
            assert.equal(choice.finish_reason, 'tool_calls');
            assert.equal(choice.message.tool_calls?.length, 1);
            const call = choice.message.tool_calls[0];
            assert.equal(call.type, 'function');
            assert.equal(call.function.name, 'lookup');
            assert.equal(call.function.arguments, expected.toolCall.arguments);
            assert.ok(call.id, 'tool call id');
            assertUsageCost(completion.usage, expected.promptTokens, expected.completionTokens);

            const stream = await client.chat.completions.create({ model, messages: msgs, tools, ...extra, stream: true });
            const calls = new Map();
            let fragments = 0;
            let finish;
            let usage;
            for await (const chunk of stream) {
                usage = chunk.usage ?? usage;
                for (const c of chunk.choices) {
                    finish = c.finish_reason ?? finish;
                    for (const tc of c.delta?.tool_calls ?? []) {
                        const acc = calls.get(tc.index) ?? { id: '', name: '', arguments: '' };
                        acc.id += tc.id ?? '';
                        acc.name += tc.function?.name ?? '';
                        acc.arguments += tc.function?.arguments ?? '';
                        if (tc.function?.arguments) {
                            ++fragments;
                        }
                        calls.set(tc.index, acc);
                    }
                }
            }
            assert.equal(calls.size, 1, 'one tool call streamed');
            const streamed = calls.get(0);
            assert.ok(streamed, 'the tool call has index 0');
            assert.ok(fragments > 1, `the arguments arrive in several fragments (got ${fragments})`);
            assert.equal(streamed.name, 'lookup');
            assert.equal(streamed.arguments, call.function.arguments);
            assert.equal(streamed.id, call.id);
            assert.equal(finish, 'tool_calls');
            assertUsageCost(usage, expected.promptTokens, expected.completionTokens);
        }));
    }

    it('no-usage upstream: usage estimated, cost consistent with the estimated tokens', diag(async () => {
        const msgs = messages('Count these tokens yourself');
        const expected = mockAnswer('mock+no-usage', msgs);
        const check = (usage, where) => {
            assert.ok(usage, `${where}: usage present`);
            assert.equal(usage.estimated, true, `${where}: usage.estimated is true`);
            assert.ok(Number.isInteger(usage.prompt_tokens) && usage.prompt_tokens > 0, `${where}: prompt_tokens`);
            assert.ok(Number.isInteger(usage.completion_tokens) && usage.completion_tokens > 0, `${where}: completion_tokens`);
            assert.equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);
            const pico = costPico({ promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens }, PRICES);
            assert.ok(costMatches(usage.cost, pico),
                      `${where}: cost ${usage.cost} should be ${usdString(pico)} for ${usage.prompt_tokens}+${usage.completion_tokens} tokens`);
        };
        const completion = await client.chat.completions.create({ model: 'sytest/nousage', messages: msgs });
        assert.equal(completion.choices[0].message.content, expected.content);
        check(completion.usage, 'non-streamed');

        const stream = await client.chat.completions.create({ model: 'sytest/nousage', messages: msgs, stream: true });
        let content = '';
        const usages = [];
        for await (const chunk of stream) {
            content += chunk.choices[0]?.delta?.content ?? '';
            if (chunk.usage) {
                usages.push(chunk.usage);
            }
        }
        assert.equal(content, expected.content);
        assert.equal(usages.length, 1, 'exactly one usage chunk');
        check(usages[0], 'streamed');
        assert.equal(usages[0].completion_tokens, completion.usage.completion_tokens, 'same estimate both ways');
        assert.equal(usages[0].prompt_tokens, completion.usage.prompt_tokens, 'same estimate both ways');
    }));

    it('aborting a slow stream cancels the upstream stream within 2 s', diag(async () => {
        await abortMock.reset();
        const controller = new AbortController();
        const stream = await client.chat.completions.create(
            { model: 'sytest/slow', messages: messages('Take your time'), stream: true },
            { signal: controller.signal });
        let chunks = 0;
        let content = '';
        try {
            for await (const chunk of stream) {
                content += chunk.choices[0]?.delta?.content ?? '';
                if (++chunks >= 4) {
                    controller.abort();
                    break;
                }
            }
        } catch (error) {
            // The SDK ends the iteration quietly on abort; an abort error is fine too.
            assert.ok(controller.signal.aborted, `aborted by us, not by ${error}`);
        }
        assert.ok(controller.signal.aborted, 'the stream ended because we aborted it');
        assert.ok(content.startsWith('Mock reply to "Take your time":'), `got the first chunks: ${content}`);
        const abortedAt = Date.now();
        const stats = await abortMock.waitForStats((s) => s.streams_cancelled >= 1, 2000);
        assert.equal(stats.streams_cancelled, 1, `mock saw one cancelled stream: ${JSON.stringify(stats)}`);
        assert.equal(stats.streams_completed, 0, 'the upstream stream did not run to completion');
        assert.ok(Date.now() - abortedAt <= 2000);
    }));
});
