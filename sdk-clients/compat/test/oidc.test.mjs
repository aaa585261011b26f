// Parse.User.logInWith / linkWith with a custom OpenID Connect provider: the test serves its own JWKS on loopback
// and signs id_tokens with its own RSA key; forged tokens are refused.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Parse, runId, setupParse } from '../support/parse.mjs';

const ISSUER = 'https://idp.compat.test';
const CLIENT_ID = 'compat-app';
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KID = 'compat-key';
let jwksServer;
let ctx;

const b64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function idToken(sub, { key = privateKey, aud = CLIENT_ID, iss = ISSUER, expIn = 300 } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64url({ alg: 'RS256', kid: KID, typ: 'JWT' })}.${b64url({ iss, aud, sub, iat: now, exp: now + expIn })}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

before(async () => {
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: KID, alg: 'RS256', use: 'sig' };
  jwksServer = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${jwksServer.address().port}/jwks`;
  ctx = await setupParse({
    forceOwn: true,
    env: {
      HELIOBASE_AUTH_OIDC_ACME_ISSUER: ISSUER,
      HELIOBASE_AUTH_OIDC_ACME_CLIENT_IDS: CLIENT_ID,
      HELIOBASE_AUTH_OIDC_ACME_JWKS_URL: jwksUrl,
    },
  });
  Parse.User.enableUnsafeCurrentUser();
});
after(async () => {
  await Parse.User.logOut().catch(() => {});
  await ctx?.cleanup();
  await ctx?.server.stop();
  jwksServer?.close();
});

describe('OpenID Connect sign-in', () => {
  test('logInWith creates the user once and finds it again', async () => {
    const sub = `sub-${randomUUID()}`;
    const first = await Parse.User.logInWith('acme', { authData: { id: sub, id_token: idToken(sub) } });
    assert.ok(first.getSessionToken());
    assert.ok(first.id);
    await Parse.User.logOut();
    const again = await Parse.User.logInWith('acme', { authData: { id: sub, id_token: idToken(sub) } });
    assert.equal(again.id, first.id);
    const me = await Parse.User.become(again.getSessionToken());
    assert.deepEqual(me.get('authData'), { acme: { id: sub } }, 'only the subject is stored, not the token');
    await Parse.User.logOut();
  });

  test('forged, mismatched and foreign tokens are refused', async () => {
    const sub = `sub-${randomUUID()}`;
    const cases = [
      idToken(sub, { key: stranger.privateKey }),
      idToken(sub, { aud: 'another-app' }),
      idToken(sub, { iss: 'https://evil.test' }),
      idToken(sub, { expIn: -3600 }),
      idToken('someone-else'),
      `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ iss: ISSUER, aud: CLIENT_ID, sub })}.`,
    ];
    for (const token of cases) {
      const err = await Parse.User.logInWith('acme', { authData: { id: sub, id_token: token } }).catch((e) => e);
      assert.equal(err.code, Parse.Error.OBJECT_NOT_FOUND, `refused: ${token.slice(0, 40)}`);
    }
  });

  test('a password user links and unlinks the provider', async () => {
    const user = new Parse.User();
    user.set('username', `linker_${runId}`);
    user.set('password', 'pw-linker');
    await user.signUp();
    const sub = `sub-${randomUUID()}`;
    await user.linkWith('acme', { authData: { id: sub, id_token: idToken(sub) } });
    assert.ok(user._isLinked('acme'));
    await Parse.User.logOut();
    const viaProvider = await Parse.User.logInWith('acme', { authData: { id: sub, id_token: idToken(sub) } });
    assert.equal(viaProvider.id, user.id);
    await viaProvider._unlinkFrom('acme');
    await Parse.User.logOut();
    const fresh = await Parse.User.logInWith('acme', { authData: { id: sub, id_token: idToken(sub) } });
    assert.notEqual(fresh.id, user.id, 'after unlinking, the provider id no longer reaches the old user');
    await Parse.User.logOut();
  });
});
