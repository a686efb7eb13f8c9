// Authorization code + PKCE, refresh (rotating) and revoke, driven by
// openid-client against a real supplyhub process. The browser part (login
// and consent pages) is done with fetch, as a user's browser would.
import { Issuer, generators } from 'openid-client';
import assert from 'node:assert/strict';
import { startServer, reporter } from './server.mjs';

const { step, finish } = reporter();
const server = await startServer(process.argv[2], {
  setup: (admin) => {
    admin('admin', 'create-org', '--name', 'E2E Org');
    admin('admin', 'create-user', '--username', 'e2e', '--email', 'e2e@example.com', '--password', 'E2e-pass-1',
          '--org', '1', '--role', 'owner');
  },
});

try {
  const base = server.base;
  const callback = 'http://localhost:9999/callback';

  const login = await (await fetch(`${base}/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'e2e', password: 'E2e-pass-1' }),
  })).json();
  const app = (await (await fetch(`${base}/v1/oauth/clients`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${login.data.token}` },
    body: JSON.stringify({ name: 'E2E partner', redirect_uris: [callback], refresh_policy: 'rotate',
                           scopes: ['read:parts', 'offline_access'], grant_types: ['authorization_code', 'refresh_token'] }),
  })).json()).data;

  const issuer = await Issuer.discover(`${base}/.well-known/oauth-authorization-server`);  // RFC 8414
  const client = new issuer.Client({ client_id: app.client_id, client_secret: app.client_secret,
                                     redirect_uris: [callback], response_types: ['code'] });
  const verifier = generators.codeVerifier();
  const state = generators.state();
  const url = client.authorizationUrl({ scope: 'read:parts offline_access', state,
                                        code_challenge: generators.codeChallenge(verifier), code_challenge_method: 'S256' });
  const params = Object.fromEntries(new URL(url).searchParams);
  let tokens;

  await step('discovery finds the token endpoint', () => {
    assert.equal(issuer.token_endpoint, `${base}/oauth/token`);
  });

  await step('authorization code + PKCE through the login and consent pages', async () => {
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /name="password"/);
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const consent = await fetch(`${base}/oauth/authorize`, {
      method: 'POST', headers: form, body: new URLSearchParams({ ...params, username: 'e2e', password: 'E2e-pass-1' }),
    });
    const ticket = (await consent.text()).match(/name="login_ticket" value="([^"]+)"/)[1];
    const approved = await fetch(`${base}/oauth/authorize`, {
      method: 'POST', headers: form, redirect: 'manual',
      body: new URLSearchParams({ ...params, login_ticket: ticket, decision: 'approve' }),
    });
    assert.equal(approved.status, 302);
    const location = approved.headers.get('location');
    assert.ok(location.startsWith(callback), location);
    tokens = await client.oauthCallback(callback, client.callbackParams(location), { code_verifier: verifier, state });
    assert.ok(tokens.access_token && tokens.refresh_token);
    const parts = await fetch(`${base}/v1/parts`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    assert.equal(parts.status, 200);
  });

  await step('refresh rotates the refresh token; the spent one is refused', async () => {
    const refreshed = await client.refresh(tokens.refresh_token);
    assert.notEqual(refreshed.refresh_token, tokens.refresh_token);
    await assert.rejects(client.refresh(tokens.refresh_token), /invalid_grant/);
    tokens = refreshed;
  });

  await step('introspect and revoke', async () => {
    const second = await fetch(`${base}/v1/parts`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    // Reusing the spent refresh token above revoked the whole grant (theft detection).
    assert.equal(second.status, 401);
    const info = await client.introspect(tokens.access_token);
    assert.equal(info.active, false);
    await client.revoke(tokens.refresh_token);
  });
} catch (e) {
  await step('setup', () => { throw e; });
} finally {
  server.stop();
}
finish();
