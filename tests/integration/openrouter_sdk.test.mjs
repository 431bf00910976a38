// The official `@openrouter/sdk` against the gateway. The SDK validates every response with
// strict (zod) schemas, so each call succeeding is itself a conformance check of the wire format.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { OpenRouter } from '@openrouter/sdk';

import {
    assertNoSanitizerReports, costMatches, costPico, endpoint, mockAnswer, mockProvider, startGateway,
    startMock, stopAll, usdString, withDiagnostics,
} from './harness.mjs';

const PRICES_A = { prompt_usd_per_mtok: '1.25', completion_usd_per_mtok: '3.7' };
const PRICES_B = { prompt_usd_per_mtok: '0.5', completion_usd_per_mtok: '1.5' };

let mock;
let gw;
let sdk;

const CONFIGURED = [
    endpoint('sytest/echo', 'mock-a', 'mock', { ...PRICES_A, name: 'Switchyard Test: Echo' }),
    endpoint('sytest/multi', 'mock-a', 'mock', { ...PRICES_A, name: 'Switchyard Test: Multi' }),
    endpoint('sytest/multi', 'mock-b', 'mock', { ...PRICES_B, name: 'Switchyard Test: Multi' }),
    endpoint('sytest/tool', 'mock-a', 'mock+tool-call', PRICES_A),
    endpoint('sytest/broken', 'mock-a', 'mock+error-in-stream', PRICES_A),
];

function diag(fn) {
    return () => withDiagnostics([gw, mock], fn);
}

before(async () => {
    mock = await startMock();
    gw = await startGateway({
        providers: [mockProvider(mock, 'mock-a', 'Mock Cloud A'), mockProvider(mock, 'mock-b', 'Mock Cloud B')],
        endpoints: CONFIGURED,
    });
    sdk = new OpenRouter({
        apiKey: gw.apiKey,
        serverURL: gw.apiBase,
        retryConfig: { strategy: 'none' },
        timeoutMs: 30_000,
    });
});

after(async () => {
    await stopAll(gw, mock);
    assertNoSanitizerReports();
});

const messages = (text) => [{ role: 'user', content: text }];

describe('@openrouter/sdk', { concurrency: true }, () => {
    it('chat.send non-streamed: validates and carries exact usage/cost', diag(async () => {
        const msgs = messages('Hello OpenRouter SDK');
        const expected = mockAnswer('mock', msgs);
        const result = await sdk.chat.send({ chatRequest: { model: 'sytest/echo', messages: msgs } });
        assert.equal(result.object, 'chat.completion');
        assert.match(result.id, /^gen-/);
        assert.equal(result.model, 'sytest/echo');
        assert.ok(Number.isInteger(result.created));
        assert.ok(result.systemFingerprint === null || typeof result.systemFingerprint === 'string');
        assert.equal(result.choices.length, 1);
        assert.equal(result.choices[0].message.role, 'assistant');
        assert.equal(result.choices[0].message.content, expected.content);
        assert.equal(result.choices[0].finishReason, 'stop');
        assert.equal(result.usage.promptTokens, expected.promptTokens);
        assert.equal(result.usage.completionTokens, expected.completionTokens);
        assert.equal(result.usage.totalTokens, expected.promptTokens + expected.completionTokens);
        const pico = costPico(expected, PRICES_A);
        assert.ok(costMatches(result.usage.cost, pico), `cost ${result.usage.cost} = ${usdString(pico)}`);
        assert.equal(typeof result.usage.costDetails?.upstreamInferencePromptCost, 'number');
        assert.equal(typeof result.usage.costDetails?.upstreamInferenceCompletionsCost, 'number');
    }));

    it('chat.send streamed: every chunk validates; content, finish and usage as non-streamed', diag(async () => {
        const msgs = messages('Stream through the OpenRouter SDK');
        const expected = mockAnswer('mock', msgs);
        const stream = await sdk.chat.send({
            chatRequest: { model: 'sytest/echo', messages: msgs, stream: true },
        });
        let content = '';
        let finish;
        const usages = [];
        let chunks = 0;
        for await (const chunk of stream) {
            ++chunks;
            assert.equal(chunk.object, 'chat.completion.chunk');
            assert.match(chunk.id, /^gen-/);
            assert.equal(chunk.error, undefined, `no error chunk: ${JSON.stringify(chunk.error)}`);
            for (const choice of chunk.choices) {
                content += choice.delta?.content ?? '';
                finish = choice.finishReason ?? finish;
            }
            if (chunk.usage) {
                usages.push(chunk.usage);
            }
        }
        assert.ok(chunks > 2, `several chunks (${chunks})`);
        assert.equal(content, expected.content);
        assert.equal(finish, 'stop');
        assert.equal(usages.length, 1, 'one usage chunk');
        const pico = costPico(expected, PRICES_A);
        assert.ok(costMatches(usages[0].cost, pico), `cost ${usages[0].cost} = ${usdString(pico)}`);
    }));

    it('chat.send streamed tool call validates and reassembles', diag(async () => {
        const msgs = messages('Call the tool');
        const tools = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }];
        const expected = mockAnswer('mock+tool-call', msgs, { tools });
        const whole = await sdk.chat.send({ chatRequest: { model: 'sytest/tool', messages: msgs, tools } });
        assert.equal(whole.choices[0].finishReason, 'tool_calls');
        assert.equal(whole.choices[0].message.toolCalls?.[0]?.function?.arguments, expected.toolCall.arguments);
        const stream = await sdk.chat.send({ chatRequest: { model: 'sytest/tool', messages: msgs, tools, stream: true } });
        let args = '';
        let name = '';
        for await (const chunk of stream) {
            for (const tc of chunk.choices[0]?.delta?.toolCalls ?? []) {
                args += tc.function?.arguments ?? '';
                name += tc.function?.name ?? '';
            }
        }
        assert.equal(name, 'lookup');
        assert.equal(args, expected.toolCall.arguments);
    }));

    it('chat.send streamed: a mid-stream error chunk validates and is surfaced', diag(async () => {
        const stream = await sdk.chat.send({ chatRequest: { model: 'sytest/broken', messages: messages('break'), stream: true } });
        const errors = [];
        let finish;
        for await (const chunk of stream) {
            if (chunk.error) {
                errors.push(chunk.error);
            }
            for (const choice of chunk.choices) {
                finish = choice.finishReason ?? finish;
            }
        }
        assert.equal(errors.length, 1, 'one error chunk');
        assert.ok(Number.isInteger(errors[0].code), `integer code: ${JSON.stringify(errors[0])}`);
        assert.equal(typeof errors[0].message, 'string');
        assert.equal(finish, 'error');
    }));

    it('chat.send: an unknown model raises the SDK\'s typed 404 error, not a validation error', diag(async () => {
        await assert.rejects(
            sdk.chat.send({ chatRequest: { model: 'nobody/no-such-model', messages: messages('hi') } }),
            (error) => {
                assert.equal(error.statusCode, 404, `${error.name}: ${error.message}`);
                assert.notEqual(error.name, 'SDKValidationError');
                assert.notEqual(error.name, 'ResponseValidationError');
                return true;
            });
    }));

    it('models.list pages validate and include the configured models', diag(async () => {
        const pages = await sdk.models.list();
        const ids = new Set();
        let total;
        let pageCount = 0;
        for await (const page of pages) {
            ++pageCount;
            assert.ok(pageCount < 100, 'pagination terminates');
            total = page.result.totalCount;
            for (const model of page.result.data) {
                assert.ok(!ids.has(model.id), `model ${model.id} listed once across pages`);
                ids.add(model.id);
            }
        }
        assert.ok(ids.has('sytest/echo'), 'sytest/echo listed');
        assert.ok(ids.has('sytest/tool'), 'sytest/tool listed');
        assert.equal(ids.size, total, `total_count ${total} equals the models listed over all pages (${ids.size})`);

        // A small page size exercises offset paging through the SDK's iterator.
        const small = await sdk.models.list({ limit: 50 });
        const smallIds = new Set();
        for await (const page of small) {
            for (const model of page.result.data) {
                smallIds.add(model.id);
            }
        }
        assert.deepEqual([...smallIds].sort(), [...ids].sort(), 'paging with limit=50 lists the same models');
    }));

    it('models.list shows configured names, context and (cheapest) prices', diag(async () => {
        const found = new Map();
        for await (const page of await sdk.models.list()) {
            for (const m of page.result.data) {
                if (m.id.startsWith('sytest/')) {
                    found.set(m.id, m);
                }
            }
        }
        const echo = found.get('sytest/echo');
        assert.ok(echo, 'sytest/echo listed');
        assert.equal(echo.name, 'Switchyard Test: Echo');
        assert.equal(echo.contextLength, 128000);
        assert.equal(echo.links.details, '/api/v1/models/sytest/echo/endpoints');
        // Per-token prices as decimal strings: 1.25 USD/Mtok = 0.00000125 USD/token.
        assert.equal(echo.pricing.prompt, '0.00000125');
        assert.equal(echo.pricing.completion, '0.0000037');
        const multi = found.get('sytest/multi');
        assert.ok(multi, 'sytest/multi listed');
        assert.equal(multi.pricing.prompt, '0.0000005', 'the cheapest endpoint\'s prompt price');
        assert.equal(multi.pricing.completion, '0.0000015', 'the cheapest endpoint\'s completion price');
    }));

    it('models.get returns one configured model', diag(async () => {
        const model = await sdk.models.get({ author: 'sytest', slug: 'echo' });
        const data = model.data ?? model;
        assert.equal(data.id, 'sytest/echo');
    }));

    it('endpoints.list validates and lists both configured providers', diag(async () => {
        const res = await sdk.endpoints.list({ author: 'sytest', slug: 'multi' });
        const data = res.data;
        assert.equal(data.id, 'sytest/multi');
        const names = data.endpoints.map((e) => e.providerName).sort();
        assert.deepEqual(names, ['Mock Cloud A', 'Mock Cloud B']);
        const a = data.endpoints.find((e) => e.providerName === 'Mock Cloud A');
        assert.equal(Number(a.pricing.prompt), 1.25e-6);
        assert.equal(Number(a.pricing.completion), 3.7e-6);
        assert.equal(a.contextLength, 128000);
    }));

    it('endpoints.list for an unknown model raises a typed 404', diag(async () => {
        await assert.rejects(sdk.endpoints.list({ author: 'nobody', slug: 'nothing' }), (error) => {
            assert.equal(error.statusCode, 404, `${error.name}: ${error.message}`);
            return true;
        });
    }));

    it('providers.list validates and includes the configured providers', diag(async () => {
        const res = await sdk.providers.list();
        const bySlug = new Map(res.data.map((p) => [p.slug, p]));
        assert.equal(bySlug.get('mock-a')?.name, 'Mock Cloud A');
        assert.equal(bySlug.get('mock-b')?.name, 'Mock Cloud B');
    }));
});
