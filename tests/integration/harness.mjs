// Test harness for the integration suite: runs the real `switchyard` binary (the sanitizer build
// in CI) as child processes — `switchyard mock` as the upstream and `switchyard serve` as the
// gateway — on port 0, and gives the tests fetch/SSE/raw-socket helpers and an independent model
// of the mock's deterministic answers and of switchyard's pricing.
//
// Every process started here is tracked; `stop()` sends SIGTERM, then SIGKILL after a timeout,
// and an exit hook SIGKILLs whatever is left, so no test (passing or failing) leaves processes
// behind. Each process's stderr is kept (bounded) for diagnostics: `withDiagnostics()` appends it
// to a failing test's error, and `assertNoSanitizerReports()` fails a suite whose processes
// printed an AddressSanitizer/UBSan report.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export const BIN = process.env.SWITCHYARD_BIN
    ? path.resolve(process.env.SWITCHYARD_BIN)
    : path.resolve(here, '../../build/debug/src/switchyard');

const STDERR_LIMIT = 1 << 20;    // bytes of stderr kept per process
const START_TIMEOUT_MS = 20_000; // sanitizer builds start slowly on loaded machines
const STOP_TIMEOUT_MS = 5_000;

// ---------------------------------------------------------------------------------------------
// Process management

const live = new Set();

function killAllSync() {
    for (const child of live) {
        try {
            child.proc.kill('SIGKILL');
        } catch {
            // already gone
        }
    }
    live.clear();
}
process.on('exit', killAllSync);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
        killAllSync();
        process.exit(128 + (os.constants.signals[signal] ?? 1));
    });
}

const sanitizerPattern = /ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|ThreadSanitizer|SUMMARY: \w+Sanitizer/;

/** Every process this harness started (running or not), for the final sanitizer check. */
const started = [];

class Child {
    constructor(label, args, env) {
        this.label = label;
        this.args = args;
        this.stderrText = '';
        this.stdoutText = '';
        this.exited = false;
        this.exitCode = null;
        this.exitSignal = null;
        this.stopRequested = false;  // set once the harness or a test signals the process
        this.stopResult = null;
        this.proc = spawn(BIN, args, {
            env,
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        live.add(this);
        started.push(this);
        this.exitPromise = new Promise((resolve) => {
            this.proc.once('exit', (code, signal) => {
                this.exited = true;
                this.exitCode = code;
                this.exitSignal = signal;
                live.delete(this);
                resolve({ code, signal });
            });
        });
        this.proc.once('error', (error) => {
            this.stderrText += `\n[harness] spawn error: ${error.message}\n`;
        });
        this.proc.stderr.setEncoding('utf8');
        this.proc.stderr.on('data', (chunk) => {
            this.stderrText += chunk;
            if (this.stderrText.length > STDERR_LIMIT) {
                // Keep the head (start-up, first sanitizer report) and the most recent tail.
                const head = this.stderrText.slice(0, STDERR_LIMIT / 4);
                const tail = this.stderrText.slice(-STDERR_LIMIT / 2);
                this.stderrText = `${head}\n[... stderr truncated ...]\n${tail}`;
            }
        });
        this.proc.stdout.setEncoding('utf8');
        this.lineWaiters = [];
        this.proc.stdout.on('data', (chunk) => {
            this.stdoutText += chunk;
            for (const waiter of this.lineWaiters) {
                waiter();
            }
        });
    }

    /** Resolves with the first stdout line matching `pattern`. */
    waitForLine(pattern, timeoutMs = START_TIMEOUT_MS) {
        return new Promise((resolve, reject) => {
            const check = () => {
                for (const line of this.stdoutText.split('\n')) {
                    const m = line.match(pattern);
                    if (m) {
                        done();
                        resolve(m);
                        return true;
                    }
                }
                return false;
            };
            const onExit = () => {
                if (!check()) {
                    done();
                    reject(new Error(`${this.label} exited (code ${this.exitCode}, signal ${this.exitSignal}) ` +
                                     `before printing ${pattern}\nstdout:\n${this.stdoutText}\nstderr:\n${this.stderrTail()}`));
                }
            };
            const timer = setTimeout(() => {
                done();
                reject(new Error(`${this.label} did not print ${pattern} within ${timeoutMs} ms\n` +
                                 `stdout:\n${this.stdoutText}\nstderr:\n${this.stderrTail()}`));
            }, timeoutMs);
            const waiter = () => check();
            const done = () => {
                clearTimeout(timer);
                this.lineWaiters = this.lineWaiters.filter((w) => w !== waiter);
                this.proc.off('exit', onExit);
            };
            this.lineWaiters.push(waiter);
            this.proc.once('exit', onExit);
            if (this.exited) {
                onExit();
            } else {
                check();
            }
        });
    }

    stderrTail(bytes = 8000) {
        return this.stderrText.length > bytes ? `[...]\n${this.stderrText.slice(-bytes)}` : this.stderrText;
    }

    sanitizerReport() {
        const m = this.stderrText.match(sanitizerPattern);
        if (!m) {
            return null;
        }
        const start = Math.max(0, m.index - 200);
        return this.stderrText.slice(start, start + 6000);
    }

    /** Sends `signal` without waiting. */
    signal(signal = 'SIGTERM') {
        this.stopRequested = true;
        if (!this.exited) {
            this.proc.kill(signal);
        }
    }

    /** Waits for exit up to `timeoutMs`; resolves {code, signal} or null on timeout. */
    async waitExit(timeoutMs) {
        let timer;
        const timeout = new Promise((resolve) => {
            timer = setTimeout(() => resolve(null), timeoutMs);
        });
        const result = await Promise.race([this.exitPromise, timeout]);
        clearTimeout(timer);
        return result;
    }

    /** SIGTERM, then SIGKILL after `timeoutMs`. Resolves {code, signal, killed}. */
    async stop(timeoutMs = STOP_TIMEOUT_MS) {
        if (this.exited) {
            return { code: this.exitCode, signal: this.exitSignal, killed: false };
        }
        this.stopRequested = true;
        this.proc.kill('SIGTERM');
        const result = await this.waitExit(timeoutMs);
        if (result) {
            this.stopResult = { ...result, killed: false };
            return this.stopResult;
        }
        this.stderrText += `\n[harness] ${this.label} ignored SIGTERM for ${timeoutMs} ms; sending SIGKILL\n`;
        this.proc.kill('SIGKILL');
        const killed = await this.exitPromise;
        this.stopResult = { ...killed, killed: true };
        return this.stopResult;
    }

    /** A problem with how this process ended (crash, unclean exit), or null. */
    exitProblem() {
        if (!this.exited) {
            return null;
        }
        if (!this.stopRequested) {
            return `died unexpectedly (exit code ${this.exitCode}, signal ${this.exitSignal})`;
        }
        if (this.stopResult?.killed) {
            return `did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM and was killed`;
        }
        if (this.exitCode !== 0) {
            return `exited with code ${this.exitCode}, signal ${this.exitSignal} after SIGTERM (expected 0)`;
        }
        return null;
    }
}

function childEnv(extra = {}) {
    const env = { ...process.env, ...extra };
    if (!env.ASAN_OPTIONS) {
        env.ASAN_OPTIONS = 'detect_leaks=0';
    }
    if (!env.UBSAN_OPTIONS) {
        env.UBSAN_OPTIONS = 'print_stacktrace=1';
    }
    return env;
}

// ---------------------------------------------------------------------------------------------
// The mock upstream

export class Mock {
    constructor(child, host, port, scheme = 'http') {
        this.child = child;
        this.host = host;
        this.port = port;
        this.url = `${scheme}://${host}:${port}`;
        /** base_url for a provider: the mock serves any path ending in /chat/completions. */
        this.baseUrl = `${this.url}/v1`;
    }

    async stats() {
        const res = await fetch(`${this.url}/mock/stats`);
        if (res.status !== 200) {
            throw new Error(`mock /mock/stats answered ${res.status}`);
        }
        return res.json();
    }

    async reset() {
        const res = await fetch(`${this.url}/mock/reset`, { method: 'POST' });
        await res.arrayBuffer();
    }

    /** Polls the stats until `predicate(stats)` holds; returns the stats or throws after `timeoutMs`. */
    async waitForStats(predicate, timeoutMs = 2000, intervalMs = 25) {
        const deadline = Date.now() + timeoutMs;
        let last;
        for (;;) {
            last = await this.stats();
            if (predicate(last)) {
                return last;
            }
            if (Date.now() >= deadline) {
                throw new Error(`mock stats did not reach the expected state within ${timeoutMs} ms: ${JSON.stringify(last)}`);
            }
            await sleep(intervalMs);
        }
    }

    stop(timeoutMs) {
        return this.child.stop(timeoutMs);
    }
}

/** Starts `switchyard mock --port 0 [args]`. */
export async function startMock(args = []) {
    const child = new Child('mock', ['mock', '--port', '0', ...args], childEnv());
    try {
        const m = await child.waitForLine(/^listening on (https?):\/\/([^\s]+):(\d+)\s*$/);
        return new Mock(child, m[2], Number(m[3]), m[1]);
    } catch (error) {
        await child.stop(1000);
        throw error;
    }
}

// ---------------------------------------------------------------------------------------------
// Configuration

function tomlValue(value) {
    if (typeof value === 'string') {
        return JSON.stringify(value);  // JSON string escapes are valid TOML basic-string escapes
    }
    if (typeof value === 'number' || typeof value === 'bigint') {
        return String(value);
    }
    if (typeof value === 'boolean') {
        return value ? 'true' : 'false';
    }
    if (Array.isArray(value)) {
        return `[${value.map(tomlValue).join(', ')}]`;
    }
    if (value && typeof value === 'object') {
        return `{ ${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)} = ${tomlValue(v)}`).join(', ')} }`;
    }
    throw new Error(`cannot write ${value} as TOML`);
}

function tomlTable(header, fields) {
    const lines = [header];
    for (const [key, value] of Object.entries(fields)) {
        if (value !== undefined && value !== null) {
            lines.push(`${key} = ${tomlValue(value)}`);
        }
    }
    return lines.join('\n');
}

/**
 * A provider pointing at `mock`, with short timeouts suitable for fault tests.
 * `overrides` may set any [[providers]] key (first_byte_timeout, idle_timeout, ...).
 */
export function mockProvider(mock, id, name, overrides = {}) {
    return {
        id,
        name,
        adapter: 'openai-compatible',
        base_url: mock.baseUrl,
        connect_timeout: '2s',
        first_byte_timeout: '5s',
        idle_timeout: '5s',
        total_timeout: '60s',
        ...overrides,
    };
}

/** An endpoint (one model on one provider) with decimal-string prices in USD per million tokens. */
export function endpoint(model, provider, upstreamModel, overrides = {}) {
    return {
        model,
        provider,
        upstream_model: upstreamModel,
        prompt_usd_per_mtok: '1.25',
        completion_usd_per_mtok: '3.7',
        context_length: 128000,
        ...overrides,
    };
}

/** The TOML text of a gateway configuration. */
export function gatewayConfigToml({ dataDir, server = {}, providers = [], endpoints = [] }) {
    const serverFields = {
        listen: '127.0.0.1:0',
        threads: 2,
        shutdown_grace: '3s',
        log_level: 'info',
        ...server,
    };
    const parts = [
        tomlTable('[server]', serverFields),
        tomlTable('[storage]', { url: `sqlite://${path.join(dataDir, 'switchyard.db')}` }),
    ];
    for (const provider of providers) {
        parts.push(tomlTable('[[providers]]', provider));
    }
    for (const e of endpoints) {
        parts.push(tomlTable('[[endpoints]]', e));
    }
    return `${parts.join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// The gateway

export class Gateway {
    constructor(child, host, port, apiKey, dir, config) {
        this.child = child;
        this.host = host;
        this.port = port;
        this.url = `http://${host}:${port}`;
        this.apiBase = `${this.url}/api/v1`;
        this.apiKey = apiKey;
        this.dir = dir;
        this.config = config;
    }

    authHeaders(extra = {}) {
        return { Authorization: `Bearer ${this.apiKey}`, ...extra };
    }

    /**
     * A plain HTTP request. `body`: object (sent as JSON), string or Buffer (sent as is).
     * Returns {status, headers, text, json, ms}.
     */
    async request(method, urlPath, { body, headers = {}, auth = true, signal } = {}) {
        const h = { ...(auth ? this.authHeaders() : {}), ...headers };
        let payload;
        if (body !== undefined) {
            if (typeof body === 'string' || Buffer.isBuffer(body) || body instanceof Uint8Array) {
                payload = body;
            } else {
                payload = JSON.stringify(body);
            }
            if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) {
                h['Content-Type'] = 'application/json';
            }
        }
        const t0 = performance.now();
        const res = await fetch(`${this.url}${urlPath}`, { method, headers: h, body: payload, signal });
        const text = await res.text();
        const ms = performance.now() - t0;
        let json;
        try {
            json = JSON.parse(text);
        } catch {
            json = undefined;
        }
        return { status: res.status, headers: res.headers, text, json, ms };
    }

    get(urlPath, options) {
        return this.request('GET', urlPath, options);
    }

    post(urlPath, body, options = {}) {
        return this.request('POST', urlPath, { ...options, body });
    }

    /** POST /api/v1/chat/completions (non-streamed). */
    chat(body, options) {
        return this.post('/api/v1/chat/completions', body, options);
    }

    /**
     * POST /api/v1/chat/completions with stream: true; reads the whole response.
     * Returns {status, headers, text, events, comments, done, json (for non-SSE bodies), ms, firstByteMs}.
     */
    async chatStream(body, { headers = {}, signal, onEvent } = {}) {
        const t0 = performance.now();
        const res = await fetch(`${this.apiBase}/chat/completions`, {
            method: 'POST',
            headers: this.authHeaders({ 'Content-Type': 'application/json', ...headers }),
            body: JSON.stringify({ ...body, stream: true }),
            signal,
        });
        const parser = new SseParser(onEvent);
        let firstByteMs;
        const decoder = new TextDecoder();
        for await (const chunk of res.body) {
            if (firstByteMs === undefined) {
                firstByteMs = performance.now() - t0;
            }
            parser.feed(decoder.decode(chunk, { stream: true }));
        }
        parser.feed(decoder.decode());
        const ms = performance.now() - t0;
        let json;
        try {
            json = JSON.parse(parser.text);
        } catch {
            json = undefined;
        }
        return {
            status: res.status,
            headers: res.headers,
            text: parser.text,
            events: parser.events,
            comments: parser.comments,
            done: parser.done,
            json,
            ms,
            firstByteMs,
        };
    }

    /** GET /metrics with the admin key; returns the text. */
    async metrics() {
        const r = await this.get('/metrics');
        if (r.status !== 200) {
            throw new Error(`/metrics answered ${r.status}: ${r.text}`);
        }
        return r.text;
    }

    stop(timeoutMs) {
        return this.child.stop(timeoutMs);
    }
}

/**
 * Starts `switchyard serve --config <tmp>/config.toml` with a fresh data directory and a random
 * admin key in SWITCHYARD_ADMIN_KEY.
 */
export async function startGateway({ server = {}, providers = [], endpoints = [], env = {} } = {}) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchyard-it-'));
    const dataDir = path.join(dir, 'data');
    fs.mkdirSync(dataDir);
    const apiKey = `sk-it-admin-${randomBytes(16).toString('hex')}`;
    const toml = gatewayConfigToml({ dataDir, server, providers, endpoints });
    const configPath = path.join(dir, 'config.toml');
    fs.writeFileSync(configPath, toml);
    const child = new Child('gateway', ['serve', '--config', configPath],
                            childEnv({ SWITCHYARD_ADMIN_KEY: apiKey, ...env }));
    child.configText = toml;
    try {
        const m = await child.waitForLine(/^listening on http:\/\/([^\s]+):(\d+)\s*$/);
        const gw = new Gateway(child, m[1], Number(m[2]), apiKey, dir, toml);
        return gw;
    } catch (error) {
        await child.stop(1000);
        fs.rmSync(dir, { recursive: true, force: true });
        throw new Error(`${error.message}\nconfig:\n${toml}`);
    }
}

/** Stops everything given (gateways, mocks); never throws. Removes gateway temp dirs. */
export async function stopAll(...things) {
    await Promise.all(things.filter(Boolean).map(async (thing) => {
        try {
            await thing.stop();
        } catch {
            // best effort
        }
        if (thing instanceof Gateway) {
            fs.rmSync(thing.dir, { recursive: true, force: true });
        }
    }));
}

/**
 * Throws if any process started by this harness printed a sanitizer report, crashed, or did not
 * exit cleanly (code 0) on SIGTERM. Call after stopping everything.
 */
export function assertNoSanitizerReports() {
    const reports = [];
    for (const child of started) {
        const report = child.sanitizerReport();
        if (report) {
            reports.push(`${child.label} (${child.args.join(' ')}) printed a sanitizer report:\n${report}`);
            continue;
        }
        const problem = child.exitProblem();
        if (problem) {
            reports.push(`${child.label} (${child.args.join(' ')}) ${problem}; stderr tail:\n${child.stderrTail(4000)}`);
        }
    }
    if (reports.length) {
        throw new Error(reports.join('\n\n'));
    }
}

/** Runs `fn`; on failure appends the stderr tails of the given processes to the error. */
export async function withDiagnostics(things, fn) {
    try {
        return await fn();
    } catch (error) {
        const tails = things.filter(Boolean).map((t) => {
            const c = t.child ?? t;
            return `--- ${c.label} stderr (tail) ---\n${c.stderrTail(3000)}`;
        }).join('\n');
        if (error && typeof error === 'object') {
            try {
                if (typeof error.stack === 'string') {
                    error.stack = `${error.stack}\n${tails}`;  // what the test runner prints
                } else {
                    error.message = `${error.message}\n${tails}`;
                }
            } catch {
                // read-only properties
            }
        }
        throw error;
    }
}

// ---------------------------------------------------------------------------------------------
// SSE

export class SseParser {
    constructor(onEvent) {
        this.buffer = '';
        this.text = '';
        this.events = [];    // {data, json?, event?}
        this.comments = [];
        this.done = false;   // saw data: [DONE]
        this.onEvent = onEvent;
    }

    feed(text) {
        this.text += text;
        this.buffer += text;
        for (;;) {
            const m = this.buffer.match(/\r\n\r\n|\n\n|\r\r/);
            if (!m) {
                break;
            }
            const block = this.buffer.slice(0, m.index);
            this.buffer = this.buffer.slice(m.index + m[0].length);
            this.block(block);
        }
    }

    block(block) {
        const data = [];
        let eventName;
        for (const line of block.split(/\r\n|\n|\r/)) {
            if (line.startsWith(':')) {
                this.comments.push(line.slice(1).trim());
                continue;
            }
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            let value = colon < 0 ? '' : line.slice(colon + 1);
            if (value.startsWith(' ')) {
                value = value.slice(1);
            }
            if (field === 'data') {
                data.push(value);
            } else if (field === 'event') {
                eventName = value;
            }
        }
        if (!data.length) {
            return;
        }
        const payload = data.join('\n');
        const event = { data: payload, event: eventName };
        if (payload === '[DONE]') {
            this.done = true;
        } else {
            try {
                event.json = JSON.parse(payload);
            } catch {
                event.json = undefined;
            }
        }
        this.events.push(event);
        this.onEvent?.(event);
    }
}

/** The JSON chunks of a parsed stream, [DONE] excluded. */
export function jsonChunks(events) {
    return events.filter((e) => e.data !== '[DONE]').map((e) => e.json);
}

/** Concatenated delta.content of choice 0. */
export function streamedContent(chunks) {
    return chunks.map((c) => c?.choices?.[0]?.delta?.content ?? '').join('');
}

// ---------------------------------------------------------------------------------------------
// Raw sockets (keep-alive, pipelining)

/** Writes `data` on a new TCP connection and collects everything until the peer closes or `idleMs` of silence. */
export function rawExchange(port, data, { host = '127.0.0.1', idleMs = 1500, timeoutMs = 10_000 } = {}) {
    return new Promise((resolve, reject) => {
        const socket = net.connect({ host, port });
        const chunks = [];
        let idle;
        const finish = () => {
            clearTimeout(idle);
            clearTimeout(overall);
            socket.destroy();
            resolve(Buffer.concat(chunks).toString('latin1'));
        };
        const overall = setTimeout(finish, timeoutMs);
        socket.on('connect', () => socket.write(data));
        socket.on('data', (chunk) => {
            chunks.push(chunk);
            clearTimeout(idle);
            idle = setTimeout(finish, idleMs);
        });
        socket.on('end', finish);
        socket.on('close', finish);
        socket.on('error', (error) => {
            if (chunks.length) {
                finish();
            } else {
                clearTimeout(overall);
                reject(error);
            }
        });
    });
}

/** Splits a byte string holding several HTTP/1.1 responses (Content-Length or chunked bodies). */
export function parseHttpResponses(raw) {
    const out = [];
    let rest = raw;
    while (rest.length) {
        const headEnd = rest.indexOf('\r\n\r\n');
        if (headEnd < 0) {
            break;
        }
        const head = rest.slice(0, headEnd);
        const [statusLine, ...headerLines] = head.split('\r\n');
        const status = Number(statusLine.split(' ')[1]);
        const headers = {};
        for (const line of headerLines) {
            const i = line.indexOf(':');
            headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
        }
        rest = rest.slice(headEnd + 4);
        let body = '';
        if (headers['content-length'] !== undefined) {
            const n = Number(headers['content-length']);
            body = rest.slice(0, n);
            rest = rest.slice(n);
        } else if ((headers['transfer-encoding'] ?? '').toLowerCase().includes('chunked')) {
            for (;;) {
                const lineEnd = rest.indexOf('\r\n');
                if (lineEnd < 0) {
                    rest = '';
                    break;
                }
                const size = parseInt(rest.slice(0, lineEnd), 16);
                rest = rest.slice(lineEnd + 2);
                if (!size) {
                    const trailerEnd = rest.indexOf('\r\n');
                    rest = trailerEnd < 0 ? '' : rest.slice(trailerEnd + 2);
                    break;
                }
                body += rest.slice(0, size);
                rest = rest.slice(size + 2);
            }
        } else {
            body = rest;
            rest = '';
        }
        out.push({ statusLine, status, headers, body });
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// The mock's deterministic answers (mirrors src/mock/script.cpp, independently written)

const MASK64 = (1n << 64n) - 1n;
const MOCK_WORDS = [
    'the', 'gateway', 'routes', 'every', 'request', 'to', 'a', 'provider', 'that', 'answers',
    'with', 'tokens', 'and', 'usage', 'while', 'credits', 'are', 'held', 'settled', 'exactly',
    'once', 'streams', 'relay', 'chunk', 'by', 'under', 'backpressure', 'so', 'memory', 'stays',
    'bounded', 'for', 'each', 'client', 'model', 'choice', 'price', 'latency', 'quality', 'matters',
];

function fnv1a(bytes, hash = 1469598103934665603n) {
    for (const b of bytes) {
        hash ^= BigInt(b);
        hash = (hash * 1099511628211n) & MASK64;
    }
    return hash;
}

function messageText(message) {
    if (typeof message.content === 'string') {
        return message.content;
    }
    if (Array.isArray(message.content)) {
        return message.content.filter((p) => p.type === 'text').map((p) => p.text).join('');
    }
    return '';
}

/**
 * What the mock answers for `messages` sent to upstream model `upstreamModel` (directives
 * included): {content, promptTokens, completionTokens, finishReason, toolArguments, id}.
 * `defaultTokens` is the mock's --tokens (24 unless given).
 */
export function mockAnswer(upstreamModel, messages, { defaultTokens = 24, maxTokens, tools, toolChoice } = {}) {
    const [base, ...directives] = upstreamModel.split('+');
    let length = defaultTokens;
    let toolCall = false;
    for (const d of directives) {
        if (d.startsWith('tokens-')) {
            length = Number(d.slice('tokens-'.length));
        } else if (d === 'tool-call') {
            toolCall = true;
        }
    }
    if (toolChoice === 'required' || (toolChoice && typeof toolChoice === 'object')) {
        toolCall = Boolean(tools?.length);
    }
    if (toolCall && !tools?.length) {
        toolCall = false;
    }
    let hash = fnv1a(Buffer.from(base, 'utf8'));
    let promptTokens = 0;
    let lastUser = Buffer.alloc(0);
    for (const message of messages) {
        const text = Buffer.from(messageText(message), 'utf8');
        promptTokens += 4 + Math.floor((text.length + 3) / 4);
        hash = fnv1a(text, hash);
        if (message.role === 'user') {
            lastUser = text;
        }
    }
    let finishReason = 'stop';
    if (maxTokens !== undefined && maxTokens < length) {
        length = maxTokens;
        finishReason = 'length';
    }
    const pieces = [];
    let state = hash;
    for (let i = 0; i < length; ++i) {
        if (i === 0) {
            pieces.push(`Mock reply to "${lastUser.subarray(0, 40).toString('utf8')}":`);
            continue;
        }
        state = (state * 6364136223846793005n + 1442695040888963407n) & MASK64;
        pieces.push(` ${MOCK_WORDS[Number((state >> 33n) % BigInt(MOCK_WORDS.length))]}`);
    }
    const answer = {
        id: `chatcmpl-mock-${hash % 1000000007n}`,
        content: pieces.join(''),
        promptTokens,
        completionTokens: pieces.length,
        finishReason,
        toolCall: null,
    };
    if (toolCall) {
        let name = tools[0].function.name;
        if (toolChoice && typeof toolChoice === 'object') {
            name = toolChoice.function.name;
        }
        answer.toolCall = { name, arguments: `{"query":"${hash % 10000n}","limit":3}` };
        answer.content = null;
        answer.completionTokens = 8;
        answer.finishReason = 'tool_calls';
    }
    return answer;
}

// ---------------------------------------------------------------------------------------------
// Money (exact, in integer picodollars)

const PICO_PER_USD = 10n ** 12n;

/** "1.25" (USD per million tokens) → picodollars per token (BigInt). */
export function picoPerToken(usdPerMtok) {
    return parseDecimal(usdPerMtok, 6);  // 1 USD/Mtok = 1e12 pico / 1e6 tokens = 1e6 pico per token
}

/** "0.01" USD → picodollars (BigInt). */
export function picoFromUsd(usd) {
    return parseDecimal(usd, 12);
}

function parseDecimal(text, scaleDigits) {
    const m = /^(\d+)(?:\.(\d+))?$/.exec(String(text));
    if (!m) {
        throw new Error(`not a decimal: ${text}`);
    }
    const frac = (m[2] ?? '').padEnd(scaleDigits, '0');
    if (frac.length > scaleDigits) {
        throw new Error(`${text} has more than ${scaleDigits} decimals`);
    }
    return BigInt(m[1]) * 10n ** BigInt(scaleDigits) + BigInt(frac || '0');
}

/** Picodollars → the shortest exact decimal USD string ("0.00001515"). */
export function usdString(pico) {
    const negative = pico < 0n;
    const abs = negative ? -pico : pico;
    const whole = abs / PICO_PER_USD;
    let frac = (abs % PICO_PER_USD).toString().padStart(12, '0').replace(/0+$/, '');
    return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** Exact cost of a request in picodollars. */
export function costPico({ promptTokens, completionTokens }, { prompt_usd_per_mtok, completion_usd_per_mtok, request_usd }) {
    let total = BigInt(promptTokens) * picoPerToken(prompt_usd_per_mtok) +
                BigInt(completionTokens) * picoPerToken(completion_usd_per_mtok);
    if (request_usd) {
        total += picoFromUsd(request_usd);
    }
    return total;
}

/** Asserts, with a useful message, that the JSON number `cost` is exactly `pico` picodollars. */
export function costMatches(cost, pico) {
    return typeof cost === 'number' && cost === Number(usdString(pico));
}

// ---------------------------------------------------------------------------------------------
// Misc

export function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

/** An OpenRouter error body: {error: {code: <status>, message, metadata: {error_type, ...}}}. */
export function isOpenRouterError(json, status) {
    return Boolean(json && typeof json === 'object' && json.error && typeof json.error === 'object' &&
                   json.error.code === status && typeof json.error.message === 'string' &&
                   json.error.message.length > 0 &&
                   json.error.metadata && typeof json.error.metadata.error_type === 'string');
}

/** Describes a response for assertion messages. */
export function describeResponse(r) {
    return `HTTP ${r.status} after ${Math.round(r.ms ?? 0)} ms: ${String(r.text ?? '').slice(0, 2000)}`;
}
