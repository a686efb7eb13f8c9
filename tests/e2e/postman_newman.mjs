// Runs the served Postman collection (GET /v1/postman.json) with newman
// against a fresh demo server: every request must answer as its test script
// expects (its documented success status, ids stored, states reached), with
// no request skipped.
import assert from 'node:assert/strict';
import newman from 'newman';
import { startServer, reporter } from './server.mjs';

const { step, finish } = reporter();
const server = await startServer(process.argv[2], { args: ['--demo'] });

function countRequests(items) {
  return items.reduce((n, item) => n + (item.item ? countRequests(item.item) : 1), 0);
}

try {
  const res = await fetch(`${server.base}/v1/postman.json`);
  assert.equal(res.status, 200);
  const collection = await res.json();
  const expected = countRequests(collection.item);

  await step('the collection names this server as {{baseUrl}}', () => {
    assert.equal(collection.variable.find((v) => v.key === 'baseUrl').value, server.base);
  });

  await step(`newman runs all ${expected} requests with no failure`, async () => {
    const summary = await new Promise((resolve, reject) => {
      newman.run({ collection, reporters: ['cli'], reporter: { cli: { noSummary: false } } },
                 (err, s) => (err ? reject(err) : resolve(s)));
    });
    const { stats, failures } = summary.run;
    for (const f of failures)
      console.log(`  failure: ${f.source?.name ?? '?'}: ${f.error?.test ?? ''} ${f.error?.message ?? ''}`);
    assert.equal(failures.length, 0, `${failures.length} failures`);
    assert.equal(stats.requests.total, expected, 'every request ran');
    assert.equal(stats.requests.failed, 0);
    assert.equal(stats.tests.failed, 0);
    assert.equal(stats.assertions.failed, 0);
    assert.ok(stats.assertions.total >= 2 * expected, `${stats.assertions.total} assertions`);
  });
} catch (e) {
  await step('setup', () => { throw e; });
} finally {
  server.stop();
}
finish();
