// The HTTP server around the API: health and readiness, Prometheus metrics (admin key), CORS,
// keep-alive, pipelining and graceful shutdown.

import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';

import {
    assertNoSanitizerReports, describeResponse, endpoint, isOpenRouterError, jsonChunks, mockAnswer, mockProvider,
    parseHttpResponses, rawExchange, sleep, startGateway, startMock, stopAll, streamedContent, withDiagnostics,
} from './harness.mjs';

const ORIGIN = 'https://app.example';

let mock;
let gw;

function diag(fn, extra = () => []) {
    return () => withDiagnostics([gw, mock, ...extra()], fn);
}

function gatewayOptions(server = {}) {
    return {
        server: { cors_origins: [ORIGIN], ...server },
        providers: [
            mockProvider(mock, 'mock-a', 'Mock A'),
            mockProvider(mock, 'mock-bad', 'Mock Bad', { first_byte_timeout: '1s', idle_timeout: '1s' }),
            mockProvider(mock, 'mock-patient', 'Mock Patient', { first_byte_timeout: '60s', idle_timeout: '60s' }),
        ],
        endpoints: [
            endpoint('srv/echo', 'mock-a', 'mock'),
            endpoint('srv/slow', 'mock-a', 'mock+tokens-40+tps-20'),
            endpoint('srv/slow-start', 'mock-a', 'mock+ttft-5000'),
            endpoint('srv/stuck', 'mock-patient', 'mock+stall-mid-stream'),
            endpoint('srv/broken', 'mock-bad', 'mock+fail-500'),
        ],
    };
}

before(async () => {
    mock = await startMock();
    gw = await startGateway(gatewayOptions());
});

after(async () => {
    await stopAll(gw, mock);
    assertNoSanitizerReports();
});

const messages = (text) => [{ role: 'user', content: text }];

/** The value of one sample line `name{labels} value` whose labels include all of `want`. */
function metricValue(text, name, want) {
    for (const line of text.split('\n')) {
        if (!line.startsWith(`${name}{`)) {
            continue;
        }
        const m = /^([^{]+)\{(.*)\}\s+(\S+)$/.exec(line);
        if (!m) {
            continue;
        }
        const labels = {};
        for (const [, k, v] of m[2].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
            labels[k] = v;
        }
        if (Object.entries(want).every(([k, v]) => (Array.isArray(v) ? v.includes(labels[k]) : labels[k] === v))) {
            return Number(m[3]);
        }
    }
    return undefined;
}

describe('server', { concurrency: true }, () => {
    it('/healthz and /readyz answer 200 without a key', diag(async () => {
        const health = await gw.get('/healthz', { auth: false });
        assert.equal(health.status, 200, describeResponse(health));
        assert.equal(health.json?.status, 'ok');
        const ready = await gw.get('/readyz', { auth: false });
        assert.equal(ready.status, 200, describeResponse(ready));
    }));

    it('/metrics needs the admin key', diag(async () => {
        const anonymous = await gw.get('/metrics', { auth: false });
        assert.equal(anonymous.status, 401, describeResponse(anonymous));
        assert.ok(isOpenRouterError(anonymous.json, 401), anonymous.text);
        const wrong = await gw.get('/metrics', { auth: false, headers: { Authorization: 'Bearer sk-it-wrong-key-000000' } });
        assert.equal(wrong.status, 401, describeResponse(wrong));
        const admin = await gw.get('/metrics');
        assert.equal(admin.status, 200, describeResponse(admin));
        assert.match(admin.headers.get('content-type') ?? '', /^text\/plain/);
    }));

    it('/metrics after traffic: requests, TTFT and latency histograms, upstream errors', diag(async () => {
        const N = 3;
        for (let i = 0; i < N; ++i) {
            const r = await gw.chat({ model: 'srv/echo', messages: messages(`metrics ${i}`) });
            assert.equal(r.status, 200, describeResponse(r));
        }
        const streamed = await gw.chatStream({ model: 'srv/echo', messages: messages('metrics stream') });
        assert.equal(streamed.status, 200);
        const failed = await gw.chat({ model: 'srv/broken', messages: messages('metrics fault') });
        assert.equal(failed.status, 502, describeResponse(failed));

        const text = await gw.metrics();
        const ok = metricValue(text, 'switchyard_requests_total',
                               { route: 'chat_completions', status: '200', model: 'srv/echo', provider: ['Mock A', 'mock-a'] });
        assert.ok(ok >= N + 1, `switchyard_requests_total for srv/echo/200 >= ${N + 1}, got ${ok}\n${text}`);
        const bad = metricValue(text, 'switchyard_requests_total',
                                { route: 'chat_completions', status: '502', model: 'srv/broken' });
        assert.ok(bad >= 1, `switchyard_requests_total for srv/broken/502 >= 1, got ${bad}`);

        assert.match(text, /# TYPE switchyard_time_to_first_token_seconds histogram/);
        const ttftCount = metricValue(text, 'switchyard_time_to_first_token_seconds_count', { provider: ['Mock A', 'mock-a'] });
        assert.ok(ttftCount >= N + 1, `TTFT histogram count for the provider >= ${N + 1}, got ${ttftCount}`);
        const ttftInf = metricValue(text, 'switchyard_time_to_first_token_seconds_bucket',
                                    { provider: ['Mock A', 'mock-a'], le: '+Inf' });
        assert.equal(ttftInf, ttftCount, 'the +Inf bucket equals the count');

        assert.match(text, /# TYPE switchyard_request_duration_seconds histogram/);
        const latCount = metricValue(text, 'switchyard_request_duration_seconds_count', { route: 'chat_completions' });
        assert.ok(latCount >= N + 2, `latency histogram count >= ${N + 2}, got ${latCount}`);
        const latSum = metricValue(text, 'switchyard_request_duration_seconds_sum', { route: 'chat_completions' });
        assert.ok(latSum > 0, 'latency sum > 0');

        const upstream = metricValue(text, 'switchyard_upstream_errors_total',
                                     { provider: ['mock-bad', 'Mock Bad'], kind: 'upstream_server_error' });
        assert.ok(upstream >= 1, `switchyard_upstream_errors_total{provider=mock-bad,kind=upstream_server_error} >= 1, got ${upstream}\n${text}`);
    }));

    it('CORS preflight from an allowed origin → 204 with the allow headers', diag(async () => {
        const r = await gw.request('OPTIONS', '/api/v1/chat/completions', {
            auth: false,
            headers: {
                Origin: ORIGIN,
                'Access-Control-Request-Method': 'POST',
                'Access-Control-Request-Headers': 'authorization, content-type',
            },
        });
        assert.equal(r.status, 204, describeResponse(r));
        assert.equal(r.headers.get('access-control-allow-origin'), ORIGIN);
        assert.match(r.headers.get('access-control-allow-methods') ?? '', /\bPOST\b/);
        const allowHeaders = (r.headers.get('access-control-allow-headers') ?? '').toLowerCase();
        assert.ok(allowHeaders.includes('authorization'), `Allow-Headers has authorization: ${allowHeaders}`);
        assert.ok(allowHeaders.includes('content-type'), `Allow-Headers has content-type: ${allowHeaders}`);
        assert.match(r.headers.get('vary') ?? '', /Origin/i, 'Vary: Origin for a specific origin');
        assert.equal(r.text, '', 'no body on 204');
    }));

    it('CORS on the actual request from an allowed origin', diag(async () => {
        const r = await gw.chat({ model: 'srv/echo', messages: messages('cors') }, { headers: { Origin: ORIGIN } });
        assert.equal(r.status, 200);
        assert.equal(r.headers.get('access-control-allow-origin'), ORIGIN);
        const expose = (r.headers.get('access-control-expose-headers') ?? '').toLowerCase();
        assert.ok(expose.includes('x-request-id'), `X-Request-Id is exposed: ${expose}`);
    }));

    it('a disallowed origin gets no CORS headers', diag(async () => {
        const preflight = await gw.request('OPTIONS', '/api/v1/chat/completions', {
            auth: false,
            headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
        });
        assert.notEqual(preflight.status, 204, 'no successful preflight for a disallowed origin');
        for (const [name] of preflight.headers) {
            assert.ok(!name.startsWith('access-control-'), `no ${name} for a disallowed origin`);
        }
        const actual = await gw.chat({ model: 'srv/echo', messages: messages('evil') }, { headers: { Origin: 'https://evil.example' } });
        for (const [name] of actual.headers) {
            assert.ok(!name.startsWith('access-control-'), `no ${name} for a disallowed origin`);
        }
    }));

    it('keep-alive: several requests on one connection', diag(async () => {
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        const sockets = new Set();
        const reused = [];
        const one = (method, path, body) => new Promise((resolve, reject) => {
            const payload = body ? JSON.stringify(body) : undefined;
            const req = http.request({
                host: gw.host, port: gw.port, path, method, agent,
                headers: {
                    Authorization: `Bearer ${gw.apiKey}`,
                    ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
                },
            }, (res) => {
                let text = '';
                res.setEncoding('utf8');
                res.on('data', (c) => { text += c; });
                res.on('end', () => resolve({ status: res.statusCode, text, headers: res.headers }));
            });
            req.on('socket', (socket) => sockets.add(socket));
            req.on('error', reject);
            req.end(payload);
            reused.push(req);
        });
        try {
            const a = await one('GET', '/healthz');
            const b = await one('POST', '/api/v1/chat/completions', { model: 'srv/echo', messages: messages('ka 1') });
            const c = await one('GET', '/api/v1/models');
            const d = await one('POST', '/api/v1/chat/completions', { model: 'srv/echo', messages: messages('ka 2') });
            const e = await one('POST', '/api/v1/chat/completions', { model: 'nobody/none', messages: messages('ka 3') });
            const f = await one('GET', '/healthz');
            assert.deepEqual([a, b, c, d, e, f].map((r) => r.status), [200, 200, 200, 200, 404, 200]);
            assert.equal(JSON.parse(b.text).choices[0].message.content, mockAnswer('mock', messages('ka 1')).content);
            assert.equal(sockets.size, 1, `all requests used one connection (got ${sockets.size})`);
            assert.ok(reused.slice(1).every((r) => r.reusedSocket), 'every later request reused the socket');
        } finally {
            agent.destroy();
        }
    }));

    it('pipelining: two requests back to back on one socket, two responses in order', diag(async () => {
        const body = JSON.stringify({ model: 'srv/echo', messages: messages('pipelined') });
        const raw =
            `POST /api/v1/chat/completions HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer ${gw.apiKey}\r\n` +
            `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}` +
            'GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n' +
            'GET /api/v1/no-such-route HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n';
        const text = await rawExchange(gw.port, raw, { idleMs: 3000 });
        const responses = parseHttpResponses(text);
        assert.equal(responses.length, 3, `three responses:\n${text.slice(0, 3000)}`);
        assert.equal(responses[0].status, 200);
        assert.equal(JSON.parse(responses[0].body).choices[0].message.content,
                     mockAnswer('mock', messages('pipelined')).content, 'first the chat completion');
        assert.equal(responses[1].status, 200);
        assert.deepEqual(JSON.parse(responses[1].body), { status: 'ok' }, 'then /healthz');
        assert.equal(responses[2].status, 404, 'then the unknown route');
    }));
});

describe('HTTP edge cases', { concurrency: true }, () => {
    const errorOf = (resp) => {
        const json = JSON.parse(resp.body);
        assert.ok(isOpenRouterError(json, resp.status), `OpenRouter error body: ${resp.body}`);
        return json;
    };

    it('headers larger than max_header_bytes → 431', diag(async () => {
        const text = await rawExchange(gw.port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`);
        const [resp] = parseHttpResponses(text);
        assert.equal(resp?.status, 431, text.slice(0, 500));
        errorOf(resp);
    }));

    it('Content-Length together with Transfer-Encoding → 400 (no smuggling)', diag(async () => {
        const text = await rawExchange(gw.port,
            'POST /api/v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n' +
            'Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
        const responses = parseHttpResponses(text);
        assert.equal(responses[0]?.status, 400, text.slice(0, 500));
        errorOf(responses[0]);
        assert.equal(responses.length, 1, 'the connection is closed: nothing after it is served');
    }));

    it('a line that is not HTTP → 400', diag(async () => {
        const [resp] = parseHttpResponses(await rawExchange(gw.port, 'HELLO THERE\r\n\r\n'));
        assert.equal(resp?.status, 400);
        errorOf(resp);
    }));

    it('HTTP/1.0 and HEAD are served', diag(async () => {
        const [old] = parseHttpResponses(await rawExchange(gw.port, 'GET /healthz HTTP/1.0\r\n\r\n'));
        assert.equal(old?.status, 200);
        assert.deepEqual(JSON.parse(old.body), { status: 'ok' });
        const [head] = parseHttpResponses(await rawExchange(gw.port, 'HEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
        assert.equal(head?.status, 200);
        assert.equal(head.body, '', 'no body for HEAD');
    }));

    it('a pipelined request after a stream is answered after the stream ends', diag(async () => {
        const body = JSON.stringify({ model: 'srv/echo', stream: true, messages: messages('pipelined stream') });
        const text = await rawExchange(gw.port,
            `POST /api/v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${gw.apiKey}\r\n` +
            `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}` +
            'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', { idleMs: 3000 });
        const responses = parseHttpResponses(text);
        assert.equal(responses.length, 2, text.slice(0, 1000));
        assert.equal(responses[0].status, 200);
        assert.ok(responses[0].body.trimEnd().endsWith('data: [DONE]'), 'the stream came first, whole');
        assert.deepEqual(JSON.parse(responses[1].body), { status: 'ok' });
    }));

    it('100 concurrent streams all complete with the right content', diag(async () => {
        const results = await Promise.all(Array.from({ length: 100 }, (_, i) =>
            gw.chatStream({ model: 'srv/echo', messages: messages(`concurrent ${i}`) })));
        results.forEach((r, i) => {
            assert.equal(r.status, 200, describeResponse(r));
            assert.ok(r.done, `stream ${i} ended with [DONE]`);
            assert.equal(streamedContent(jsonChunks(r.events)), mockAnswer('mock', messages(`concurrent ${i}`)).content);
        });
    }));
});

// Alone, so the mock's in-flight count is this request's.
describe('client cancellation', () => {
    it('a client that gives up on a non-streamed request cancels the upstream call', diag(async () => {
        const controller = new AbortController();
        const pending = gw.chat({ model: 'srv/slow-start', messages: messages('give up') }, { signal: controller.signal });
        pending.catch(() => {});
        await mock.waitForStats((s) => s.in_flight >= 1, 3000);
        controller.abort();
        await assert.rejects(pending, { name: 'AbortError' });
        await mock.waitForStats((s) => s.in_flight === 0, 2000);
        const health = await gw.get('/healthz');
        assert.equal(health.status, 200, 'the gateway is fine afterwards');
    }));
});

describe('graceful shutdown', { concurrency: true }, () => {
    let victim;
    let stuckVictim;

    after(async () => {
        await stopAll(victim, stuckVictim);
    });

    it('SIGTERM with a stream stuck upstream: cut after shutdown_grace, clean exit 0', diag(async () => {
        const GRACE_MS = 1000;
        stuckVictim = await startGateway(gatewayOptions({ shutdown_grace: `${GRACE_MS}ms` }));
        let events = 0;
        let signalled;
        const gotSomeEvents = new Promise((resolve) => { signalled = resolve; });
        const streaming = stuckVictim.chatStream({ model: 'srv/stuck', messages: messages('stuck at shutdown') }, {
            onEvent: () => {
                if (++events === 2) {
                    signalled();
                }
            },
        }).catch((error) => ({ error }));
        await gotSomeEvents;  // output started, then the upstream stalls (idle timeout 60 s)
        const t0 = performance.now();
        stuckVictim.child.signal('SIGTERM');
        const exit = await stuckVictim.child.waitExit(GRACE_MS + 8000);
        const tookMs = Math.round(performance.now() - t0);
        await streaming;  // ended one way or another: an error event or a closed connection
        const report = stuckVictim.child.sanitizerReport();
        assert.ok(report === null, `no sanitizer report at shutdown:\n${report}`);
        assert.ok(exit, `exited within the grace period plus slack (${tookMs} ms)`);
        assert.equal(exit.signal, null, 'exited by itself');
        assert.equal(exit.code, 0, `exit code 0 (took ${tookMs} ms)`);
        assert.ok(tookMs >= GRACE_MS - 100, `waited for the grace period first (${tookMs} ms)`);
    }, () => [stuckVictim]));

    it('SIGTERM: the running stream completes, new connections are refused, exit code 0', diag(async () => {
        victim = await startGateway(gatewayOptions({ shutdown_grace: '10s' }));
        const msgs = messages('finish me during shutdown');
        let events = 0;
        let signalled;
        const gotSomeEvents = new Promise((resolve) => { signalled = resolve; });
        const streaming = victim.chatStream({ model: 'srv/slow', messages: msgs }, {
            onEvent: () => {
                if (++events === 3) {
                    signalled();
                }
            },
        });
        await gotSomeEvents;
        const t0 = performance.now();
        victim.child.signal('SIGTERM');

        // New connections are refused soon after SIGTERM (the listener is closed).
        let refused = false;
        for (let i = 0; i < 40 && !refused; ++i) {
            refused = await new Promise((resolve) => {
                const socket = net.connect({ host: victim.host, port: victim.port });
                socket.once('connect', () => {
                    socket.destroy();
                    resolve(false);
                });
                socket.once('error', (error) => resolve(error.code === 'ECONNREFUSED'));
            });
            if (!refused) {
                await sleep(25);
            }
        }
        assert.ok(refused, 'a new connection is refused within 1 s of SIGTERM');

        const r = await streaming;
        assert.equal(r.status, 200);
        assert.ok(r.done, `the stream still ended with [DONE]: ${r.text.slice(-500)}`);
        const chunks = jsonChunks(r.events);
        assert.ok(chunks.every((c) => !c.error), 'no error event');
        assert.equal(streamedContent(chunks), mockAnswer('mock+tokens-40+tps-20', msgs).content, 'complete content');
        assert.equal(chunks.filter((c) => c.usage).length, 1, 'usage chunk present');

        const exit = await victim.child.waitExit(8000);
        assert.ok(exit, `the gateway exited after its last stream (${Math.round(performance.now() - t0)} ms after SIGTERM)`);
        assert.equal(exit.signal, null, 'exited by itself, not killed');
        assert.equal(exit.code, 0, 'exit code 0');
    }, () => [victim]));
});
