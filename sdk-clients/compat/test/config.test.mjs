// Parse.Config: GET/PUT /config, typed values, merging updates, deleting params, masterKeyOnly params.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { lastExchange, Parse, parseError, runId, setupParse } from '../support/parse.mjs';

let ctx;
// Config is one document per app: keys are unique per run so other runs against the same server do not collide.
const k = Object.fromEntries(['str', 'num', 'list', 'obj', 'date', 'geo', 'secret', 'flip', 'gone']
  .map((name) => [name, `compat_${runId}_${name}`]));
const when = new Date('2024-05-06T07:08:09.010Z');

before(async () => {
  ctx = await setupParse();
});
after(async () => {
  if (ctx) {
    try {
      await Parse.Config.save(Object.fromEntries(Object.values(k).map((key) => [key, { __op: 'Delete' }])));
    } catch {
      // best effort
    }
    await ctx.server.stop();
  }
});

describe('Parse.Config', () => {
  test('save() stores typed values and returns the fresh config', async () => {
    const config = await Parse.Config.save({
      [k.str]: 'hello',
      [k.num]: 42,
      [k.list]: [1, 'a', { b: true }],
      [k.obj]: { a: { b: 1 } },
      [k.date]: when,
      [k.geo]: new Parse.GeoPoint(1.5, 2.5),
      [k.secret]: 's3cret',
    }, { [k.secret]: true });
    assert.ok(config instanceof Parse.Config);
    assert.equal(config.get(k.str), 'hello');
    assert.equal(config.get(k.num), 42);
    assert.deepEqual(config.get(k.list), [1, 'a', { b: true }]);
    assert.deepEqual(config.get(k.obj), { a: { b: 1 } });
    assert.ok(config.get(k.date) instanceof Date);
    assert.equal(config.get(k.date).toISOString(), when.toISOString());
    assert.ok(config.get(k.geo) instanceof Parse.GeoPoint);
    assert.equal(config.get(k.geo).latitude, 1.5);
    assert.equal(config.get(k.secret), 's3cret', 'the master key sees masterKeyOnly params');
  });

  test('get() without the master key hides masterKeyOnly params', async () => {
    const config = await Parse.Config.get();
    assert.equal(config.get(k.str), 'hello');
    assert.equal(config.get(k.num), 42);
    assert.equal(config.get(k.secret), undefined);
    const body = JSON.parse(lastExchange('/config').responseBody);
    assert.ok(!(k.secret in body.params), 'hidden from params');
    assert.ok(!body.masterKeyOnly || !(k.secret in body.masterKeyOnly), 'and from the masterKeyOnly map');
    assert.equal(Parse.Config.current().get(k.str), 'hello', 'current() caches the last get()');
  });

  test('get() with the master key returns masterKeyOnly params and their flags', async () => {
    const config = await Parse.Config.get({ useMasterKey: true });
    assert.equal(config.get(k.secret), 's3cret');
    const body = JSON.parse(lastExchange('/config').responseBody);
    assert.equal(body.masterKeyOnly[k.secret], true);
    assert.equal(body.masterKeyOnly[k.str], false);
  });

  test('save() merges: params not mentioned are kept', async () => {
    await Parse.Config.save({ [k.num]: 43 });
    const config = await Parse.Config.get();
    assert.equal(config.get(k.num), 43);
    assert.equal(config.get(k.str), 'hello');
    assert.deepEqual(config.get(k.obj), { a: { b: 1 } });
  });

  test('{__op: "Delete"} removes a param', async () => {
    await Parse.Config.save({ [k.gone]: 'temporary' });
    assert.equal((await Parse.Config.get()).get(k.gone), 'temporary');
    await Parse.Config.save({ [k.gone]: { __op: 'Delete' } });
    const config = await Parse.Config.get({ useMasterKey: true });
    assert.equal(config.get(k.gone), undefined);
    assert.equal(config.get(k.str), 'hello');
  });

  test('saving a param again without its flag makes it public (masterKeyOnly is reset per saved key)', async () => {
    await Parse.Config.save({ [k.flip]: 'hidden' }, { [k.flip]: true });
    assert.equal((await Parse.Config.get()).get(k.flip), undefined);
    await Parse.Config.save({ [k.flip]: 'visible' });
    assert.equal((await Parse.Config.get()).get(k.flip), 'visible');
  });

  test('PUT /config without the master key is refused (403 unauthorized)', async () => {
    const rest = Parse.CoreManager.getRESTController();
    const err = await parseError(() => rest.request('PUT', 'config', { params: { [k.str]: 'client' } },
      { useMasterKey: false }));
    assert.match(err.message, /unauthorized/);
    assert.equal(lastExchange('/config').status, 403);
    assert.equal((await Parse.Config.get()).get(k.str), 'hello');
  });
});
