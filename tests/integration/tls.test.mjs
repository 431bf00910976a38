// TLS both ways: the upstream client verifies certificates and host names (a provider with a
// certificate from an unknown CA, or for another name, is refused), and the gateway's own TLS
// listener serves the API. Certificates are made for this run with the openssl CLI.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertNoSanitizerReports, endpoint, mockProvider, startGateway, startMock, stopAll } from './harness.mjs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchyard-tls-'));
const file = (name) => path.join(dir, name);

function openssl(...args) {
    execFileSync('openssl', args, { stdio: 'ignore' });
}

/** A CA, and certificates it signs for `names` (subjectAltName entries). */
function makeCertificates() {
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.pem'),
            '-days', '2', '-subj', '/CN=switchyard test CA');
    const issue = (name, altNames) => {
        openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`),
                '-subj', `/CN=${name}`);
        fs.writeFileSync(file(`${name}.ext`), `subjectAltName=${altNames}\n`);
        openssl('x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.pem'), '-CAkey', file('ca.key'),
                '-CAcreateserial', '-out', file(`${name}.pem`), '-days', '2', '-extfile', file(`${name}.ext`));
    };
    issue('localhost', 'DNS:localhost,IP:127.0.0.1');
    issue('other', 'DNS:other.example');
}

function httpsJson(url, { method = 'GET', body, headers = {}, servername } = {}) {
    return new Promise((resolve, reject) => {
        const options = { method, headers, ca: fs.readFileSync(file('ca.pem')), servername };
        const request = https.request(url, options, (response) => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk) => { text += chunk; });
            response.on('end', () => resolve({ status: response.statusCode, json: JSON.parse(text) }));
        });
        request.on('error', reject);
        request.end(body);
    });
}

let goodMock;
let wrongNameMock;
let gateway;
let tlsPort;

before(async () => {
    makeCertificates();
    goodMock = await startMock(['--tls-cert', file('localhost.pem'), '--tls-key', file('localhost.key')]);
    wrongNameMock = await startMock(['--tls-cert', file('other.pem'), '--tls-key', file('other.key')]);
    const provider = (id, mock, extra) => mockProvider(mock, id, id, {
        base_url: `https://localhost:${mock.port}/v1`, ...extra,
    });
    gateway = await startGateway({
        server: {
            tls: { listen: '127.0.0.1:0', cert_file: file('localhost.pem'), key_file: file('localhost.key') },
        },
        providers: [
            provider('trusted', goodMock, { ca_file: file('ca.pem') }),
            provider('unknown-ca', goodMock, {}),
            provider('wrong-name', wrongNameMock, { ca_file: file('ca.pem') }),
        ],
        endpoints: [
            endpoint('tls/trusted', 'trusted', 'mock+tokens-3'),
            endpoint('tls/unknown-ca', 'unknown-ca', 'mock+tokens-3'),
            endpoint('tls/wrong-name', 'wrong-name', 'mock+tokens-3'),
        ],
    });
    const m = await gateway.child.waitForLine(/^listening on https:\/\/([^\s]+):(\d+)\s*$/);
    tlsPort = Number(m[2]);
});

after(async () => {
    await stopAll(gateway, goodMock, wrongNameMock);
    fs.rmSync(dir, { recursive: true, force: true });
    assertNoSanitizerReports();
});

const ask = (model) => gateway.chat({ model, messages: [{ role: 'user', content: 'over TLS' }] });

test('an upstream whose certificate chains to the configured CA is used', async () => {
    const r = await ask('tls/trusted');
    assert.equal(r.status, 200, r.text);
    assert.match(r.json.choices[0].message.content, /^Mock reply to "over TLS":/);
    assert.equal(r.json.provider, 'trusted');
});

test('an upstream certificate from an unknown CA is refused (502)', async () => {
    const r = await ask('tls/unknown-ca');
    assert.equal(r.status, 502, r.text);
    assert.equal(r.json.error.code, 502);
    assert.equal(r.json.error.metadata.provider_name, 'unknown-ca');
    assert.match(r.json.error.message, /TLS/);
    // The mock never saw the request: the handshake failed before anything was sent.
    const stats = await statsOverTls(goodMock);
    assert.equal(stats.requests, 1, 'only the trusted request reached the mock');
});

test('an upstream certificate for another host name is refused (502)', async () => {
    const r = await ask('tls/wrong-name');
    assert.equal(r.status, 502, r.text);
    assert.match(r.json.error.message, /TLS/);
    const stats = await statsOverTls(wrongNameMock, 'other.example');
    assert.equal(stats.requests, 0);
});

test('the gateway serves the API on its TLS listener', async () => {
    const health = await httpsJson(`https://localhost:${tlsPort}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(health.json, { status: 'ok' });
    const r = await httpsJson(`https://localhost:${tlsPort}/api/v1/chat/completions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${gateway.apiKey}` },
        body: JSON.stringify({ model: 'tls/trusted', messages: [{ role: 'user', content: 'over TLS' }] }),
    });
    assert.equal(r.status, 200);
    assert.match(r.json.choices[0].message.content, /^Mock reply to "over TLS":/);
    assert.ok(r.json.usage.cost > 0);
});

/** The mocks serve their stats over TLS too, with the test CA. */
async function statsOverTls(mock, servername) {
    const r = await httpsJson(`https://localhost:${mock.port}/mock/stats`, { servername });
    assert.equal(r.status, 200);
    return r.json;
}
