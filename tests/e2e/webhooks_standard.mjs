// Webhook deliveries checked by a real Standard Webhooks consumer: an HTTPS
// receiver (self-signed certificate the server is told to trust) verifies
// every delivery with the `standardwebhooks` npm package, before, during and
// after a secret rotation; checks the payloads of a create, an update, an
// action and a delete; and fails on purpose to prove retries, Retry-After,
// 410 and recovery.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { reporter, startServer } from './server.mjs';

const bin = process.argv[2];
const t = reporter();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const dir = mkdtempSync(join(tmpdir(), 'supplyhub-hooks-'));
const key = join(dir, 'key.pem'), cert = join(dir, 'cert.pem');
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
  '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });

// The receiver: every delivery kept with its arrival time; answers come from `plan` (default 204).
const received = [];
let plan = [];
const receiver = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    received.push({ at: Date.now(), headers: req.headers, body });
    const answer = plan.shift() || { status: 204 };
    res.writeHead(answer.status, answer.headers || {});
    res.end();
  });
});
await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
const hookUrl = `https://127.0.0.1:${receiver.address().port}/hook`;

const { base, stop } = await startServer(bin, {
  args: ['--demo', '--webhooks-allow-private', '--webhooks-ca-file', cert, '--webhook-timeout', '3',
    '--webhook-secret-overlap', '3'],
});
let token = '';
const api = async (method, path, body) => {
  const r = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null };
};
// Waits for the next delivery after `count` and verifies it with `secrets` (all must accept it).
const next = async (count, secrets, timeoutMs = 20000) => {
  for (let waited = 0; received.length <= count && waited < timeoutMs; waited += 50) await sleep(50);
  assert.ok(received.length > count, `no delivery after ${count} within ${timeoutMs} ms`);
  const d = received[count];
  const payloads = secrets.map((s) => new Webhook(s).verify(d.body, d.headers));
  return { ...d, payload: payloads[0] };
};

let secret = '', endpoint = 0;
try {
  await t.step('login and subscribe an HTTPS endpoint; its secret is shown once', async () => {
    const login = await fetch(`${base}/v1/auth/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'User1', password: 'Password123' }),
    });
    token = (await login.json()).data.token;
    const r = await api('POST', '/v1/webhook_endpoints', { url: hookUrl, event_types: ['supplier.*', 'car.*'] });
    assert.equal(r.status, 201);
    secret = r.json.data.secret;
    endpoint = r.json.data.id;
    assert.match(secret, /^whsec_/);
    assert.equal((await api('GET', `/v1/webhook_endpoints/${endpoint}`)).json.data.secret, undefined);
  });

  let supplier = 0;
  await t.step('a create arrives signed, with the row', async () => {
    const r = await api('POST', '/v1/suppliers', { name: 'Acme Fasteners' });
    supplier = r.json.data.id;
    const d = await next(0, [secret]);
    assert.equal(d.payload.type, 'supplier.created');
    assert.equal(d.payload.data.object.name, 'Acme Fasteners');
    assert.equal(d.payload.data.resource_id, supplier);
    assert.match(d.headers['webhook-id'], /^evt_\d+$/);
  });

  await t.step('an update carries the changed fields', async () => {
    await api('PATCH', `/v1/suppliers/${supplier}`, { name: 'Acme Fasteners Ltd' });
    const d = await next(1, [secret]);
    assert.equal(d.payload.type, 'supplier.updated');
    assert.deepEqual(d.payload.data.changed, ['name']);
    assert.equal(d.payload.data.object.name, 'Acme Fasteners Ltd');
  });

  await t.step('an action is its own event type', async () => {
    const car = (await api('POST', '/v1/cars', { car_number: 'CAR-1' })).json.data;
    const created = await next(2, [secret]);
    assert.equal(created.payload.type, 'car.created');
    assert.equal((await api('POST', `/v1/cars/${car.id}/start`, {})).status, 200);
    const d = await next(3, [secret]);
    assert.equal(d.payload.type, 'car.started');
    assert.equal(d.payload.data.object.status, 'in_progress');
  });

  await t.step('a delete carries the row as it was', async () => {
    await api('DELETE', `/v1/suppliers/${supplier}`);
    const d = await next(4, [secret]);
    assert.equal(d.payload.type, 'supplier.deleted');
    assert.equal(d.payload.data.object.name, 'Acme Fasteners Ltd');
  });

  let rotated = '';
  await t.step('during a rotation both secrets verify; after the overlap only the new one', async () => {
    const r = await api('POST', `/v1/webhook_endpoints/${endpoint}/rotate_secret`);
    assert.equal(r.status, 200);
    rotated = r.json.data.secret;
    await api('POST', '/v1/suppliers', { name: 'During rotation' });
    const during = await next(5, [secret, rotated]);
    assert.equal(during.payload.data.object.name, 'During rotation');
    await sleep(3500);  // the server runs with a 3 s overlap
    await api('POST', '/v1/suppliers', { name: 'After rotation' });
    const after = await next(6, [rotated]);
    assert.equal(after.payload.data.object.name, 'After rotation');
    assert.throws(() => new Webhook(secret).verify(after.body, after.headers));
  });

  await t.step('a failure is retried (same id, signed again) and the attempts are logged', async () => {
    plan = [{ status: 500 }];
    await api('POST', '/v1/suppliers', { name: 'Retried' });
    const first = await next(7, [rotated]);
    const second = await next(8, [rotated], 20000);
    assert.equal(first.headers['webhook-id'], second.headers['webhook-id']);
    assert.ok(second.at - first.at >= 4000, `retried after ${second.at - first.at} ms, schedule says ~5 s`);
    await sleep(300);
    const attempts = (await api('GET', `/v1/webhook_endpoints/${endpoint}/attempts`)).json.data;
    const mine = attempts.filter((a) => `evt_${a.event_id}` === first.headers['webhook-id']);
    assert.deepEqual(mine.map((a) => a.status), ['failed', 'succeeded']);
    assert.equal(mine[0].status_code, 500);
  });

  await t.step('Retry-After is honoured', async () => {
    plan = [{ status: 503, headers: { 'Retry-After': '8' } }];
    await api('POST', '/v1/suppliers', { name: 'Later' });
    const first = await next(9, [rotated]);
    const second = await next(10, [rotated], 25000);
    assert.ok(second.at - first.at >= 7500, `retried after ${second.at - first.at} ms, asked for 8 s`);
  });

  await t.step('410 disables the endpoint; enabling and recover deliver what failed', async () => {
    plan = [{ status: 410 }];
    const since = new Date(Date.now() - 1000).toISOString();
    await api('POST', '/v1/suppliers', { name: 'Gone' });
    const gone = await next(11, [rotated]);
    for (let i = 0; i < 100 && (await api('GET', `/v1/webhook_endpoints/${endpoint}`)).json.data.enabled; i++) await sleep(50);
    const state = (await api('GET', `/v1/webhook_endpoints/${endpoint}`)).json.data;
    assert.equal(state.enabled, false);
    assert.match(state.disabled_reason, /410/);
    assert.equal((await api('POST', `/v1/webhook_endpoints/${endpoint}/enable`)).status, 200);
    const recovered = await api('POST', `/v1/webhook_endpoints/${endpoint}/recover`, { since });
    assert.equal(recovered.json.data.recovered, 1);
    const again = await next(12, [rotated]);
    assert.equal(again.headers['webhook-id'], gone.headers['webhook-id']);
    assert.equal(again.payload.data.object.name, 'Gone');
  });
} finally {
  stop();
  receiver.close();
}
t.finish();
