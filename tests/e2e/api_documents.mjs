// The documents a client generates code or requests from, as served: the
// OpenAPI 3.1 document checked by two independent validators, the Postman
// collection parsed by Postman's own collection SDK, and every body the
// collection sends checked against the request schema OpenAPI documents.
import assert from 'node:assert/strict';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Validator } from '@seriousme/openapi-schema-validator';
import postmanCollection from 'postman-collection';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { startServer, reporter } from './server.mjs';

const { Collection } = postmanCollection;

const { step, finish } = reporter();
const server = await startServer(process.argv[2]);

// A collection's requests, out of their folders.
const flat = (items) => items.flatMap((i) => (i.item ? flat(i.item) : [i]));

async function get(path) {
  const res = await fetch(`${server.base}${path}`);
  assert.equal(res.status, 200, `${path} answers ${res.status}`);
  return res.json();
}

try {
  const openapi = await get('/v1/openapi.json');

  await step('OpenAPI: the /api/v1 alias serves the same document', async () => {
    assert.deepEqual(await get('/api/v1/openapi.json'), openapi);
  });

  await step(`OpenAPI ${openapi.openapi}: swagger-parser validates it (schema and $refs)`, async () => {
    await SwaggerParser.validate(structuredClone(openapi));
  });

  await step(`OpenAPI ${openapi.openapi}: openapi-schema-validator (strict JSON schema) finds no error`, async () => {
    const res = await new Validator().validate(structuredClone(openapi));
    assert.ok(res.valid, JSON.stringify(res.errors, null, 2)?.slice(0, 4000));
  });

  const postman = await get('/v1/postman.json');

  await step('Postman: the /api/v1 alias serves the same collection', async () => {
    assert.deepEqual(await get('/api/v1/postman.json'), postman);
  });

  await step('Postman: a v2.1 collection that the postman-collection SDK reads back unchanged', () => {
    assert.equal(postman.info.schema, 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
    const sdk = new Collection(postman);
    assert.ok(Collection.isCollection(sdk));
    const parsed = sdk.toJSON();
    const ours = flat(postman.item), theirs = flat(parsed.item), urls = [];
    sdk.forEachItem((item) => urls.push(item.request.url.toString()));
    assert.equal(theirs.length, ours.length);
    assert.equal(urls.length, ours.length);
    const script = (x) => (x.event ?? []).map((e) => [e.listen, [e.script.exec].flat().join('\n')]);
    ours.forEach((item, i) => {
      const back = theirs[i];
      assert.equal(back.name, item.name);
      assert.equal(back.request.method, item.request.method, item.name);
      assert.equal(urls[i], item.request.url.raw, item.name);
      assert.equal(back.request.body?.raw, item.request.body?.raw, item.name);
      assert.deepEqual(script(back), script(item), item.name);
    });
    assert.equal(parsed.auth.type, 'bearer');
    assert.deepEqual(parsed.variable.map((v) => v.key), postman.variable.map((v) => v.key));
  });

  await step('Postman: every body it sends matches the request schema OpenAPI documents', async () => {
    const api = await SwaggerParser.dereference(structuredClone(openapi));
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const shape = (path) => path.replace(/\{\{[^}]*\}\}|\{[a-z_]+\}/g, '{}');
    const operations = new Map();
    for (const [path, ops] of Object.entries(api.paths))
      for (const [method, op] of Object.entries(ops)) operations.set(`${method.toUpperCase()} ${shape(path)}`, op);
    let checked = 0;
    const problems = [];
    for (const item of flat(postman.item)) {
      const { method, url, body } = item.request;
      if (!body?.raw) continue;
      const op = operations.get(`${method} ${shape('/' + url.path.join('/'))}`);
      assert.ok(op, `${method} ${url.raw} is not documented`);
      const schema = op.requestBody?.content?.['application/json']?.schema;
      if (!schema) continue;  // documented from the router, without a body schema (organization settings)
      // As a run sends it: ids are numbers, other variables text.
      const sent = JSON.parse(body.raw.replace(/([:\[,]\s*)\{\{\w+\}\}/g, '$11').replace(/\{\{\w+\}\}/g, 'x'));
      const validate = ajv.compile(schema);
      if (!validate(sent)) problems.push(`${item.name}: ${ajv.errorsText(validate.errors)}`);
      checked++;
    }
    assert.deepEqual(problems, []);
    assert.ok(checked > 50, `only ${checked} bodies checked`);
  });
} catch (e) {
  await step('setup', () => { throw e; });
} finally {
  server.stop();
}
finish();
