// Bad requests get precise errors in the OpenRouter shape ({error: {code: <status>, message,
// metadata}}), and none of them disturbs a healthy stream running at the same time.

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';

import {
    assertNoSanitizerReports, describeResponse, endpoint, isOpenRouterError, jsonChunks, mockAnswer, mockProvider,
    startGateway, startMock, stopAll, streamedContent, withDiagnostics,
} from './harness.mjs';

const MAX_BODY = 64 * 1024;

let mock;
let gw;
let slowStream;     // the concurrent healthy stream: a promise of its result
let slowSettled = false;
const slowMessages = [{ role: 'user', content: 'Keep streaming while others misbehave' }];
const SLOW_UPSTREAM = 'mock+tokens-80+tps-25';  // about 3.2 s

function diag(fn) {
    return () => withDiagnostics([gw, mock], fn);
}

/** For the bad requests: also records whether the healthy stream was still running when each began. */
const startedWhileStreaming = [];
function bad(fn) {
    return () => {
        startedWhileStreaming.push(!slowSettled);
        return withDiagnostics([gw, mock], fn);
    };
}

before(async () => {
    mock = await startMock();
    gw = await startGateway({
        server: { max_body_bytes: '64KiB' },
        providers: [mockProvider(mock, 'mock-a', 'Mock A')],
        endpoints: [
            endpoint('bad/echo', 'mock-a', 'mock'),
            endpoint('bad/slow', 'mock-a', SLOW_UPSTREAM),
        ],
    });
    // Started first; collected and checked by the last test.
    slowStream = gw.chatStream({ model: 'bad/slow', messages: slowMessages });
    slowStream.then(() => { slowSettled = true; }, () => { slowSettled = true; });
    await mock.waitForStats((s) => s.streams_started >= 1, 5000);
});

after(async () => {
    await slowStream?.catch(() => {});
    await stopAll(gw, mock);
    assertNoSanitizerReports();
});

const validMessages = [{ role: 'user', content: 'hello' }];

function assertError(r, status, { messageIncludes } = {}) {
    assert.equal(r.status, status, describeResponse(r));
    assert.match(r.headers.get('content-type') ?? '', /application\/json/, `JSON error body: ${describeResponse(r)}`);
    assert.ok(isOpenRouterError(r.json, status),
              `OpenRouter error shape with code ${status} and metadata.error_type: ${r.text}`);
    if (messageIncludes) {
        assert.ok(r.json.error.message.includes(messageIncludes),
                  `error message names "${messageIncludes}": ${r.json.error.message}`);
    }
}

/** A raw HTTP/1.1 POST through node:http (for bodies fetch would not send as given). */
function rawPost(urlPath, body, headers, { chunked = false } = {}) {
    return new Promise((resolve, reject) => {
        const t0 = performance.now();
        const req = http.request({
            host: gw.host, port: gw.port, path: urlPath, method: 'POST',
            headers: chunked ? { 'Transfer-Encoding': 'chunked', ...headers }
                             : { 'Content-Length': Buffer.byteLength(body), ...headers },
        }, (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => {
                const text = Buffer.concat(chunks).toString('utf8');
                let json;
                try {
                    json = JSON.parse(text);
                } catch {
                    json = undefined;
                }
                resolve({ status: res.statusCode, headers: new Headers(res.headers), text, json, ms: performance.now() - t0 });
            });
            res.on('error', reject);
        });
        // The server may answer (413) and close before reading everything: not an error here.
        req.on('error', (error) => {
            if (!['EPIPE', 'ECONNRESET'].includes(error.code)) {
                reject(error);
            }
        });
        if (chunked) {
            // Several chunks, so the body really goes out with chunked framing.
            for (let i = 0; i < body.length; i += 16 * 1024) {
                req.write(body.slice(i, i + 16 * 1024));
            }
            req.end();
        } else {
            req.end(body);
        }
    });
}

function nested(depth) {
    return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

describe('bad input', { concurrency: true }, () => {
    const chat = '/api/v1/chat/completions';

    it('malformed JSON → 400', bad(async () => {
        assertError(await gw.post(chat, '{"model": "bad/echo", "messages": [', {}), 400);
    }));

    it('a body that is not an object → 400', bad(async () => {
        for (const body of ['[1, 2, 3]', '"just a string"', '42', 'null']) {
            assertError(await gw.post(chat, body), 400);
        }
    }));

    it('an empty body → 400', bad(async () => {
        assertError(await gw.post(chat, ''), 400);
    }));

    it('missing model → 400', bad(async () => {
        assertError(await gw.post(chat, { messages: validMessages }), 400, { messageIncludes: 'model' });
    }));

    it('unknown model → 404', bad(async () => {
        assertError(await gw.post(chat, { model: 'nobody/nothing-here', messages: validMessages }), 404,
                    { messageIncludes: 'nobody/nothing-here' });
    }));

    it('temperature "hot" → 400 naming the field', bad(async () => {
        assertError(await gw.post(chat, { model: 'bad/echo', messages: validMessages, temperature: 'hot' }), 400,
                    { messageIncludes: 'temperature' });
    }));

    it('messages not an array → 400 naming the field', bad(async () => {
        assertError(await gw.post(chat, { model: 'bad/echo', messages: 'hello' }), 400, { messageIncludes: 'messages' });
        assertError(await gw.post(chat, { model: 'bad/echo', messages: { role: 'user', content: 'x' } }), 400,
                    { messageIncludes: 'messages' });
    }));

    it('missing messages / empty messages → 400', bad(async () => {
        assertError(await gw.post(chat, { model: 'bad/echo' }), 400, { messageIncludes: 'messages' });
        assertError(await gw.post(chat, { model: 'bad/echo', messages: [] }), 400, { messageIncludes: 'messages' });
    }));

    it('a bad role → 400 naming the field', bad(async () => {
        assertError(await gw.post(chat, { model: 'bad/echo', messages: [{ role: 'wizard', content: 'x' }] }), 400,
                    { messageIncludes: 'role' });
    }));

    it('other wrong types → 400 naming the field', bad(async () => {
        const cases = [
            [{ max_tokens: 'ten' }, 'max_tokens'],
            [{ max_tokens: -5 }, 'max_tokens'],
            [{ stream: 'yes' }, 'stream'],
            [{ top_p: 7 }, 'top_p'],
            [{ tools: 'all of them' }, 'tools'],
        ];
        for (const [extra, field] of cases) {
            assertError(await gw.post(chat, { model: 'bad/echo', messages: validMessages, ...extra }), 400,
                        { messageIncludes: field });
        }
    }));

    it('Content-Type text/plain → 415', bad(async () => {
        const r = await gw.post(chat, JSON.stringify({ model: 'bad/echo', messages: validMessages }),
                                { headers: { 'Content-Type': 'text/plain' } });
        assertError(r, 415);
    }));

    const big = JSON.stringify({ model: 'bad/echo', messages: [{ role: 'user', content: 'x'.repeat(MAX_BODY + 1024) }] });
    const bigHeaders = () => ({ 'Content-Type': 'application/json', Authorization: `Bearer ${gw.apiKey}` });

    it(`a body larger than max_body_bytes (${MAX_BODY}), with Content-Length → 413`, bad(async () => {
        assertError(await rawPost(chat, big, bigHeaders()), 413);
    }));

    it(`a body larger than max_body_bytes (${MAX_BODY}), chunked → 413`, bad(async () => {
        assertError(await rawPost(chat, big, bigHeaders(), { chunked: true }), 413);
    }));

    it('a body just under max_body_bytes is accepted', bad(async () => {
        const content = 'y'.repeat(MAX_BODY - 200);
        const r = await gw.post(chat, { model: 'bad/echo', messages: [{ role: 'user', content }] });
        assert.equal(r.status, 200, describeResponse(r));
    }));

    it('missing key → 401', bad(async () => {
        assertError(await gw.post(chat, { model: 'bad/echo', messages: validMessages }, { auth: false }), 401);
    }));

    it('wrong key → 401', bad(async () => {
        const r = await gw.post(chat, { model: 'bad/echo', messages: validMessages },
                                { auth: false, headers: { Authorization: 'Bearer sk-it-not-the-key-0123456789' } });
        assertError(r, 401);
    }));

    it('an SQL-injection-looking key → 401 and not reflected', bad(async () => {
        const r = await gw.post(chat, { model: 'bad/echo', messages: validMessages },
                                { auth: false, headers: { Authorization: "Bearer ' OR '1'='1" } });
        assertError(r, 401);
        assert.ok(!r.text.includes("'1'='1"), 'the key is not echoed back');
    }));

    it('a malformed Authorization header → 401', bad(async () => {
        for (const value of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', gw.apiKey]) {
            const r = await gw.post(chat, { model: 'bad/echo', messages: validMessages },
                                    { auth: false, headers: { Authorization: value } });
            assertError(r, 401);
        }
    }));

    it('GET /api/v1/chat/completions → 405 with Allow', bad(async () => {
        const r = await gw.get(chat);
        assertError(r, 405);
        assert.match(r.headers.get('allow') ?? '', /\bPOST\b/, 'Allow names POST');
    }));

    it('an unknown path → 404', bad(async () => {
        assertError(await gw.get('/api/v1/no/such/thing'), 404);
        assertError(await gw.post('/api/v1/chat/completion', { model: 'bad/echo', messages: validMessages }), 404);
        assertError(await gw.get('/definitely-not-here'), 404);
    }));

    it('deeply nested JSON (depth 200) → 400', bad(async () => {
        const body = `{"model":"bad/echo","messages":[{"role":"user","content":"x"}],"metadata":${nested(200)}}`;
        assertError(await gw.post(chat, body), 400);
        assertError(await gw.post(chat, `${'['.repeat(200)}${']'.repeat(200)}`), 400);
    }));

    it('invalid UTF-8 in the body → 400', bad(async () => {
        const body = Buffer.concat([
            Buffer.from('{"model":"bad/echo","messages":[{"role":"user","content":"'),
            Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]),  // invalid bytes, an overlong/surrogate sequence
            Buffer.from('"}]}'),
        ]);
        assertError(await gw.post(chat, body), 400);
    }));

    it('the gateway still answers normally after all that', bad(async () => {
        const r = await gw.chat({ model: 'bad/echo', messages: validMessages });
        assert.equal(r.status, 200, describeResponse(r));
        assert.equal(r.json.choices[0].message.content, mockAnswer('mock', validMessages).content);
    }));
});

describe('the concurrent healthy stream', () => {
    it('completed with the full, correct content', diag(async () => {
        assert.ok(startedWhileStreaming.length > 20 && startedWhileStreaming.every(Boolean),
                  'every bad request started while the healthy stream was running');
        const r = await slowStream;
        assert.equal(r.status, 200, describeResponse(r));
        assert.ok(r.done, 'ended with [DONE]');
        const chunks = jsonChunks(r.events);
        assert.ok(chunks.every((c) => !c.error), 'no error event');
        const expected = mockAnswer(SLOW_UPSTREAM, slowMessages);
        assert.equal(streamedContent(chunks), expected.content);
        const finishes = chunks.flatMap((c) => c.choices.map((ch) => ch.finish_reason).filter(Boolean));
        assert.deepEqual(finishes, ['stop']);
        const usage = chunks.filter((c) => c.usage);
        assert.equal(usage.length, 1);
        assert.equal(usage[0].usage.completion_tokens, 80);
    }));
});
