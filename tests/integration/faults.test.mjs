// Every fault the mock upstream can play, non-streamed and streamed where it applies, and what
// the client must see (design.md, "Errors"):
//   - a failure before any output: an HTTP error with the right status and an OpenRouter error
//     body {error: {code, message, metadata: {error_type, provider_name?, raw?}}};
//   - a failure after output started: a 200 stream whose last data event before [DONE] carries
//     `error` and a choice with finish_reason "error" plus the usage so far — never a
//     clean-looking completion.
// Each request must finish within a bound derived from the configured timeouts (no hangs).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
    assertNoSanitizerReports, costMatches, costPico, describeResponse, endpoint, isOpenRouterError, jsonChunks,
    mockAnswer, mockProvider, startGateway, startMock, stopAll, streamedContent, usdString, withDiagnostics,
} from './harness.mjs';

const FIRST_BYTE_TIMEOUT_MS = 1000;
const IDLE_TIMEOUT_MS = 1000;
/**
 * Slack for an ASan build on a loaded 2-core machine (SWITCHYARD_IT_SLACK_MS overrides it). A hang
 * would last minutes: the mock stalls for 10 min and default provider timeouts are 120 s.
 */
const SLACK_MS = Number(process.env.SWITCHYARD_IT_SLACK_MS ?? 4000);
/** A fault that needs no timeout to show must be answered within this. */
const QUICK_MS = SLACK_MS;

const PRICES = { prompt_usd_per_mtok: '2', completion_usd_per_mtok: '8' };
const FAULTY = 'Faulty Mock';
const HEALTHY = 'Healthy Mock';

let mock;
let gw;
let keepaliveGw;  // sends SSE keep-alive comments early, so the head is out before the first byte

const KEEPALIVE_MS = 250;

function diag(fn) {
    return () => withDiagnostics([gw, keepaliveGw, mock], fn);
}

const FAULT_MODES = [
    'fail-429', 'fail-500', 'fail-503', 'fail-400', 'reset-before-headers', 'stall', 'stall-mid-stream',
    'reset-mid-stream', 'malformed-sse', 'malformed-json', 'truncated', 'wrong-content-type', 'error-in-stream',
];

before(async () => {
    mock = await startMock();
    gw = await startGateway({
        providers: [
            mockProvider(mock, 'faulty', FAULTY, {
                first_byte_timeout: `${FIRST_BYTE_TIMEOUT_MS}ms`,
                idle_timeout: `${IDLE_TIMEOUT_MS}ms`,
                total_timeout: '30s',
            }),
            mockProvider(mock, 'healthy', HEALTHY),
        ],
        endpoints: [
            ...FAULT_MODES.map((mode) => endpoint(`fault/${mode}`, 'faulty', `mock+${mode}`, PRICES)),
            // Two endpoints: the failing one first (also the cheaper one, should routing sort by price).
            endpoint('fault/fallback', 'faulty', 'mock+fail-500',
                     { prompt_usd_per_mtok: '0.1', completion_usd_per_mtok: '0.1' }),
            endpoint('fault/fallback', 'healthy', 'mock', PRICES),
            endpoint('fault/fallback-reset', 'faulty', 'mock+reset-before-headers',
                     { prompt_usd_per_mtok: '0.1', completion_usd_per_mtok: '0.1' }),
            endpoint('fault/fallback-reset', 'healthy', 'mock', PRICES),
        ],
    });
    keepaliveGw = await startGateway({
        server: { stream_keepalive: `${KEEPALIVE_MS}ms` },
        providers: [mockProvider(mock, 'faulty', FAULTY, {
            first_byte_timeout: `${FIRST_BYTE_TIMEOUT_MS}ms`,
            idle_timeout: `${IDLE_TIMEOUT_MS}ms`,
        })],
        endpoints: [
            endpoint('fault/stall', 'faulty', 'mock+stall', PRICES),
            endpoint('fault/slow-start', 'faulty', 'mock+ttft-800', PRICES),
        ],
    });
});

after(async () => {
    await stopAll(gw, keepaliveGw, mock);
    assertNoSanitizerReports();
});

const messages = (text) => [{ role: 'user', content: text }];

/** Checks an HTTP error answer in the OpenRouter shape. */
function assertHttpError(r, status, errorType, { providerName = FAULTY } = {}) {
    assert.equal(r.status, status, describeResponse(r));
    assert.match(r.headers.get('content-type') ?? '', /application\/json/, 'errors are JSON');
    assert.ok(isOpenRouterError(r.json, status), `OpenRouter error body with code ${status}: ${r.text}`);
    assert.equal(r.json.error.metadata.error_type, errorType, `error_type: ${r.text}`);
    if (providerName) {
        assert.equal(r.json.error.metadata.provider_name, providerName, `metadata.provider_name: ${r.text}`);
    }
    assert.ok(r.headers.get('x-request-id'), 'X-Request-Id on errors too');
}

/** Checks a stream that failed after output started. */
function assertStreamError(r, mode, { prefixTokens = 3, errorType } = {}) {
    assert.equal(r.status, 200, describeResponse(r));
    assert.match(r.headers.get('content-type') ?? '', /text\/event-stream/);
    const data = r.events.map((e) => e.data);
    assert.ok(r.done, `the stream ends with [DONE]: ${r.text.slice(-1500)}`);
    assert.equal(data.at(-1), '[DONE]', '[DONE] is the last event');
    assert.equal(data.filter((d) => d === '[DONE]').length, 1, 'one [DONE]');
    const chunks = jsonChunks(r.events);
    assert.ok(chunks.every((c) => c && typeof c === 'object'), 'every data event is JSON');
    const last = chunks.at(-1);
    assert.ok(last.error, `the last data event before [DONE] carries error: ${JSON.stringify(last)}`);
    assert.ok(Number.isInteger(last.error.code), `integer error.code: ${JSON.stringify(last.error)}`);
    assert.ok(last.error.code >= 400, `error.code is an HTTP-like status: ${last.error.code}`);
    assert.equal(typeof last.error.message, 'string');
    assert.ok(last.error.message.length > 0, 'error.message not empty');
    assert.equal(typeof last.error.metadata?.error_type, 'string', 'metadata.error_type');
    if (errorType) {
        assert.equal(last.error.metadata.error_type, errorType, `error_type: ${JSON.stringify(last.error)}`);
    }
    assert.equal(last.error.metadata.provider_name, FAULTY, 'metadata.provider_name');
    assert.equal(last.choices?.length, 1, 'the error event has one choice');
    assert.equal(last.choices[0].finish_reason, 'error');
    assert.ok(last.usage, 'the error event carries usage so far');
    assert.ok(Number.isInteger(last.usage.prompt_tokens) && last.usage.prompt_tokens > 0, 'usage.prompt_tokens');
    assert.ok(Number.isInteger(last.usage.completion_tokens) && last.usage.completion_tokens > 0,
              `usage.completion_tokens counts what was streamed: ${JSON.stringify(last.usage)}`);
    // Zero-completion insurance (docs/ledger.md): an answer the provider broke off is not billed.
    assert.equal(last.usage.cost, 0, `a broken-off answer costs nothing: ${JSON.stringify(last.usage)}`);

    // Never a clean-looking completion: no other finish_reason, no other usage chunk.
    for (const c of chunks.slice(0, -1)) {
        assert.equal(c.error, undefined, 'only the last event carries error');
        for (const choice of c.choices ?? []) {
            assert.ok(!choice.finish_reason, `no finish_reason before the error: ${JSON.stringify(c)}`);
        }
        assert.equal(c.usage, undefined, `no usage chunk besides the error event: ${JSON.stringify(c)}`);
    }
    // What reached the client is the start of the real answer.
    const expected = mockAnswer(`mock+${mode}`, messages(`stream ${mode}`));
    const pieces = expected.content.match(/^Mock reply to "[^"]*":|\s\S+/g);
    const content = streamedContent(chunks);
    assert.equal(content, pieces.slice(0, prefixTokens).join(''), 'the output so far is the answer\'s first tokens');
    return last;
}

function assertWithin(r, maxMs, what) {
    assert.ok(r.ms <= maxMs, `${what} answered within ${maxMs} ms (took ${Math.round(r.ms)} ms)`);
}

describe('faults before any output → HTTP errors', { concurrency: true }, () => {
    const cases = [
        // mode, status, error_type, streamed too, extra check
        ['fail-429', 429, 'rate_limit_exceeded', true, (r) => {
            const retryAfter = r.headers.get('retry-after');
            assert.ok(retryAfter, 'Retry-After header on 429');
            assert.match(retryAfter, /^\d+$/, 'Retry-After in seconds');
        }],
        ['fail-500', 502, 'server', true],
        ['fail-503', 502, 'provider_overloaded', true],
        ['fail-400', 400, 'invalid_request', true, (r) => {
            assert.equal(typeof r.json.error.metadata.raw, 'string', `metadata.raw: ${r.text}`);
            assert.match(r.json.error.metadata.raw, /Mock failure 400/, 'the provider\'s own message in metadata.raw');
        }],
        ['reset-before-headers', 502, 'server', true],
        ['malformed-json', 502, 'server', false],
        ['truncated', 502, 'server', false],
    ];
    for (const [mode, status, errorType, streamedToo, extra] of cases) {
        it(`${mode} non-streamed → ${status}`, diag(async () => {
            const r = await gw.chat({ model: `fault/${mode}`, messages: messages(`plain ${mode}`) });
            assertHttpError(r, status, errorType);
            extra?.(r);
            assertWithin(r, QUICK_MS, mode);
        }));
        if (streamedToo) {
            it(`${mode} streamed → ${status} before any event`, diag(async () => {
                const r = await gw.chatStream({ model: `fault/${mode}`, messages: messages(`stream ${mode}`) });
                assertHttpError(r, status, errorType);
                extra?.(r);
                assertWithin(r, QUICK_MS, mode);
            }));
        }
    }

    it('wrong-content-type streamed → 502', diag(async () => {
        const r = await gw.chatStream({ model: 'fault/wrong-content-type', messages: messages('stream wrong-content-type') });
        assertHttpError(r, 502, 'server');
        assertWithin(r, QUICK_MS, 'wrong-content-type');
    }));

    for (const streamed of [false, true]) {
        it(`stall ${streamed ? 'streamed' : 'non-streamed'} → 502 after the first-byte timeout`, diag(async () => {
            const body = { model: 'fault/stall', messages: messages(`stall ${streamed}`) };
            const r = streamed ? await gw.chatStream(body) : await gw.chat(body);
            assertHttpError(r, 502, 'timeout');
            assert.ok(r.ms >= FIRST_BYTE_TIMEOUT_MS - 50, `waited for the first-byte timeout (${Math.round(r.ms)} ms)`);
            assertWithin(r, FIRST_BYTE_TIMEOUT_MS + SLACK_MS, 'stall');
        }));
    }
});

describe('faults after output started → error event in a 200 stream', { concurrency: true }, () => {
    const cases = [
        ['reset-mid-stream', QUICK_MS, 'server'],
        ['stall-mid-stream', IDLE_TIMEOUT_MS + SLACK_MS, 'timeout'],
        ['malformed-sse', QUICK_MS, 'server'],
        ['error-in-stream', QUICK_MS, 'server'],
        ['truncated', QUICK_MS, 'server'],
    ];
    for (const [mode, bound, errorType] of cases) {
        it(`${mode} streamed → final error event, finish_reason "error", usage so far`, diag(async () => {
            const r = await gw.chatStream({ model: `fault/${mode}`, messages: messages(`stream ${mode}`) });
            const last = assertStreamError(r, mode, { errorType });
            assert.equal(last.error.code, 502, `a provider failure is code 502: ${JSON.stringify(last.error)}`);
            assertWithin(r, bound, mode);
            if (mode === 'stall-mid-stream') {
                assert.ok(r.ms >= IDLE_TIMEOUT_MS - 50, `waited for the idle timeout (${Math.round(r.ms)} ms)`);
            }
        }));
    }

    // Modes that only strike streams: a non-streamed request gets the whole, correct answer.
    for (const mode of ['reset-mid-stream', 'stall-mid-stream', 'malformed-sse', 'error-in-stream', 'wrong-content-type']) {
        it(`${mode} non-streamed: not applicable, a clean answer`, diag(async () => {
            const msgs = messages(`plain ${mode}`);
            const r = await gw.chat({ model: `fault/${mode}`, messages: msgs });
            assert.equal(r.status, 200, describeResponse(r));
            assert.equal(r.json.choices[0].message.content, mockAnswer(`mock+${mode}`, msgs).content);
            assertWithin(r, QUICK_MS, mode);
        }));
    }
});

describe('retry on another endpoint before the first byte', { concurrency: true }, () => {
    for (const [model, firstFault] of [['fault/fallback', 'fail-500'], ['fault/fallback-reset', 'reset-before-headers']]) {
        it(`${firstFault} on the first endpoint → served by the second (non-streamed)`, diag(async () => {
            const msgs = messages(`fallback ${firstFault}`);
            const r = await gw.chat({ model, messages: msgs });
            assert.equal(r.status, 200, describeResponse(r));
            assert.equal(r.json.provider, HEALTHY, 'the provider field names the endpoint that answered');
            const expected = mockAnswer('mock', msgs);
            assert.equal(r.json.choices[0].message.content, expected.content);
            const pico = costPico(expected, PRICES);
            assert.ok(costMatches(r.json.usage.cost, pico), `charged at the serving endpoint's prices: ${usdString(pico)}`);
            assertWithin(r, QUICK_MS, 'fallback');
        }));

        it(`${firstFault} on the first endpoint → served by the second (streamed)`, diag(async () => {
            const msgs = messages(`fallback stream ${firstFault}`);
            const r = await gw.chatStream({ model, messages: msgs });
            assert.equal(r.status, 200, describeResponse(r));
            const chunks = jsonChunks(r.events);
            assert.ok(r.done, 'ends with [DONE]');
            assert.ok(chunks.every((c) => c.provider === HEALTHY), 'every chunk names the serving provider');
            assert.ok(chunks.every((c) => !c.error), 'no error event');
            assert.equal(streamedContent(chunks), mockAnswer('mock', msgs).content);
            assert.equal(chunks.filter((c) => c.usage).length, 1, 'one usage chunk');
            assertWithin(r, QUICK_MS, 'fallback');
        }));
    }
});

describe('SSE keep-alive while waiting for the first token', { concurrency: true }, () => {
    it('a slow first token: comment lines, then the normal answer', diag(async () => {
        const msgs = messages('slow start');
        const r = await keepaliveGw.chatStream({ model: 'fault/slow-start', messages: msgs });
        assert.equal(r.status, 200, describeResponse(r));
        assert.ok(r.comments.length >= 1, `keep-alive comments were sent: ${r.text.slice(0, 300)}`);
        assert.ok(r.comments.every((c) => c === 'switchyard processing'), `comment text: ${JSON.stringify(r.comments)}`);
        assert.ok(r.firstByteMs < 800, `the first keep-alive came before the first token (${Math.round(r.firstByteMs)} ms)`);
        const chunks = jsonChunks(r.events);
        assert.ok(r.done);
        assert.equal(streamedContent(chunks), mockAnswer('mock+ttft-800', msgs).content);
        assert.equal(chunks.filter((c) => c.usage).length, 1);
    }));

    it('stall after keep-alives started → 200 stream ending in a timeout error event', diag(async () => {
        const r = await keepaliveGw.chatStream({ model: 'fault/stall', messages: messages('stall after keepalive') });
        assert.equal(r.status, 200, 'the head went out with the first keep-alive');
        assert.ok(r.comments.length >= 1, 'keep-alive comments were sent');
        assert.ok(r.done, `ends with [DONE]: ${r.text.slice(-800)}`);
        const chunks = jsonChunks(r.events);
        assert.equal(chunks.length, 1, `only the error event: ${r.text.slice(-800)}`);
        const last = chunks[0];
        assert.ok(last.error, 'error event');
        assert.equal(last.error.code, 502);
        assert.equal(last.error.metadata?.error_type, 'timeout');
        assert.equal(last.choices?.[0]?.finish_reason, 'error');
        assert.ok(last.usage, 'usage present');
        assert.equal(last.usage.completion_tokens, 0, 'nothing was generated');
        assert.equal(last.usage.cost, 0, 'no charge for a request that failed before any output');
        assert.ok(r.ms >= FIRST_BYTE_TIMEOUT_MS - 50, `waited for the first-byte timeout (${Math.round(r.ms)} ms)`);
        assertWithin(r, FIRST_BYTE_TIMEOUT_MS + SLACK_MS, 'stall');
    }));
});
