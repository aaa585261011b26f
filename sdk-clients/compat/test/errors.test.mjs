// The error codes the SDK surfaces as Parse.Error, with the HTTP status of the answer (PROTOCOL.md §1.2/§1.3):
// 101 object not found (404), 111 type mismatch, 119 client class creation refused, 105 invalid key name,
// 102 invalid query, 107 bad constraint, 103 invalid class name, 403 bad application id / master key.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { lastExchange, M, Parse, parseError, runId, setupParse } from '../support/parse.mjs';
import { startServer, usesExternalServer } from '../support/server.mjs';

let ctx;
let Item;
let Other;
let item;

before(async () => {
  ctx = await setupParse();
  Item = ctx.className('ErrItem');
  Other = ctx.className('ErrOther');
  item = new Parse.Object(Item);
  await item.save({ name: 'typed', n: 1, list: [1], obj: { a: 1 }, ptr: await new Parse.Object(Other).save() });
});
after(async () => {
  await ctx?.cleanup();
  await ctx?.server.stop();
});

const ref = (className, id) => Parse.Object.extend(className).createWithoutData(id);

/** Asserts the Parse.Error code and the HTTP status of the last request to `urlPart`. */
async function expectError(fn, code, status, urlPart = '/parse/') {
  const err = await parseError(fn);
  assert.equal(err.code, code, `code (message: ${err.message})`);
  assert.ok(typeof err.message === 'string' && err.message.length > 0, 'has a message');
  assert.equal(lastExchange(urlPart)?.status, status, 'HTTP status');
  return err;
}

describe('101 OBJECT_NOT_FOUND (HTTP 404)', () => {
  test('Query.get of an unknown id (an empty find: HTTP 200, the SDK raises 101)', async () => {
    const err = await expectError(() => new Parse.Query(Item).get('NoSuchId00'), Parse.Error.OBJECT_NOT_FOUND, 200);
    assert.equal(err.message, 'Object not found.');
    assert.deepEqual(JSON.parse(lastExchange('/classes/').responseBody), { results: [] });
  });

  test('fetch of an unknown id (GET /classes/C/id)', async () => {
    const err = await expectError(() => ref(Item, 'NoSuchId00').fetch(), Parse.Error.OBJECT_NOT_FOUND, 404);
    assert.equal(err.message, 'Object not found.');
  });

  test('update of an unknown id', async () => {
    const ghost = ref(Item, 'NoSuchId00');
    ghost.set('name', 'x');
    const err = await expectError(() => ghost.save(), Parse.Error.OBJECT_NOT_FOUND, 404);
    assert.match(err.message, /^Object not found/);
  });

  test('destroy of an unknown id', async () => {
    const err = await expectError(() => ref(Item, 'NoSuchId00').destroy(), Parse.Error.OBJECT_NOT_FOUND, 404);
    assert.match(err.message, /^Object not found/);
  });

  test('fetch in a class that does not exist', async () => {
    await expectError(() => ref(`ErrNoClass_${runId}`, 'NoSuchId00').fetch(), Parse.Error.OBJECT_NOT_FOUND, 404);
  });
});

describe('111 INCORRECT_TYPE (HTTP 400)', () => {
  test('a string into a Number field', async () => {
    const err = await expectError(() => new Parse.Object(Item).save({ n: 'one' }), Parse.Error.INCORRECT_TYPE, 400);
    assert.equal(err.message, `schema mismatch for ${Item}.n; expected Number but got String`);
  });

  test('an object into an Array field, on update', async () => {
    const copy = ref(Item, item.id);
    copy.set('list', { not: 'an array' });
    const err = await expectError(() => copy.save(), Parse.Error.INCORRECT_TYPE, 400);
    assert.equal(err.message, `schema mismatch for ${Item}.list; expected Array but got Object`);
  });

  test('a pointer to the wrong class', async () => {
    const wrong = new Parse.Object(Item);
    await wrong.save({ name: 'wrong target' });
    const err = await expectError(() => new Parse.Object(Item).save({ ptr: wrong }), Parse.Error.INCORRECT_TYPE, 400);
    assert.equal(err.message, `schema mismatch for ${Item}.ptr; expected Pointer<${Other}> but got Pointer<${Item}>`);
  });

  test('increment on a String field', async () => {
    const copy = ref(Item, item.id);
    copy.increment('name');
    await expectError(() => copy.save(), Parse.Error.INCORRECT_TYPE, 400);
    assert.equal((await new Parse.Query(Item).get(item.id)).get('name'), 'typed');
  });
});

describe('119 OPERATION_FORBIDDEN: client class creation refused (a second server, allowClientClassCreation=false)', () => {
  const jar = process.env.HELIOBASE_JAR ?? fileURLToPath(new URL('../../../server/app/target/heliobase.jar', import.meta.url));
  const canStart = !usesExternalServer || existsSync(jar);
  const Fresh = `ErrFresh_${runId}`;
  let strict;
  let saved;

  before(async () => {
    if (!canStart) return;
    strict = await startServer({ forceOwn: true, env: { HELIOBASE_ALLOW_CLIENT_CLASS_CREATION: 'false' } });
    saved = { appId: Parse.applicationId, masterKey: Parse.masterKey, url: Parse.serverURL };
    Parse.initialize(strict.appId, undefined, strict.masterKey);
    Parse.serverURL = strict.url;
  });
  after(async () => {
    if (saved) {
      Parse.initialize(saved.appId, undefined, saved.masterKey);
      Parse.serverURL = saved.url;
    }
    await strict?.stop();
  });

  test('a client save into an unknown class is refused', { skip: !canStart && 'needs the server jar' }, async () => {
    const err = await expectError(() => new Parse.Object(Fresh).save({ a: 1 }), Parse.Error.OPERATION_FORBIDDEN, 400);
    assert.equal(err.message, `This user is not allowed to access non-existent class: ${Fresh}`);
  });

  test('a client query on an unknown class is refused', { skip: !canStart && 'needs the server jar' }, async () => {
    const err = await expectError(() => new Parse.Query(Fresh).find(), Parse.Error.OPERATION_FORBIDDEN, 400);
    assert.equal(err.message, `This user is not allowed to access non-existent class: ${Fresh}`);
  });

  test('the master key creates the class; then clients may add objects', { skip: !canStart && 'needs the server jar' },
    async () => {
      const byMaster = new Parse.Object(Fresh);
      await byMaster.save({ a: 1 }, M);
      assert.ok(byMaster.id);
      const byClient = new Parse.Object(Fresh);
      await byClient.save({ a: 2 });
      assert.ok(byClient.id);
      assert.equal(await new Parse.Query(Fresh).count(), 2);
    });
});

describe('105 INVALID_KEY_NAME', () => {
  // Parse.Object.set() already refuses such names client-side (Parse.Object#validate), so these go through the
  // SDK's REST controller, as any other client (REST, other SDKs) would send them.
  const rest = () => Parse.CoreManager.getRESTController();

  test('saving a field whose name starts with a digit', async () => {
    const err = await expectError(() => rest().request('POST', `classes/${Item}`, { '1abc': 1 }),
      Parse.Error.INVALID_KEY_NAME, 400);
    assert.equal(err.message, 'Invalid field name: 1abc.');
  });

  test('saving a field name with a dash, on update', async () => {
    const err = await expectError(() => rest().request('PUT', `classes/${Item}/${item.id}`, { 'bad-key': 1 }),
      Parse.Error.INVALID_KEY_NAME, 400);
    assert.match(err.message, /^Invalid field name.*bad-key/);
  });

  test('querying on an invalid key', async () => {
    const err = await expectError(() => new Parse.Query(Item).equalTo('bad-key', 1).find(), Parse.Error.INVALID_KEY_NAME, 400);
    assert.equal(err.message, 'Invalid key name: bad-key');
  });

  test('a top-level $where', async () => {
    const query = Parse.Query.fromJSON(Item, { where: { $where: 'this.n > 0' } });
    const err = await expectError(() => query.find(), Parse.Error.INVALID_KEY_NAME, 400);
    assert.equal(err.message, 'Invalid key name: $where');
  });

  test('sorting by an invalid key', async () => {
    const err = await expectError(() => new Parse.Query(Item).ascending('bad-key').find(), Parse.Error.INVALID_KEY_NAME, 400);
    // Parse Server: "Invalid field name: bad-key."
    assert.match(err.message, /bad-key/);
  });
});

describe('102 INVALID_QUERY', () => {
  test('$or that is not an array', async () => {
    const err = await expectError(() => Parse.Query.fromJSON(Item, { where: { $or: { name: 'x' } } }).find(),
      Parse.Error.INVALID_QUERY, 400);
    assert.equal(err.message, 'Bad $or format - use an array value.');
  });

  test('$nor with no element', async () => {
    const err = await expectError(() => Parse.Query.fromJSON(Item, { where: { $nor: [] } }).find(),
      Parse.Error.INVALID_QUERY, 400);
    // Parse Server: "Bad $nor format - use an array of at least 1 value."
    assert.match(err.message, /\$nor/);
  });

  test('regex options outside imxs', async () => {
    const err = await expectError(() => new Parse.Query(Item).matches('name', 'typ', 'z').find(),
      Parse.Error.INVALID_QUERY, 400);
    // Parse Server: "Bad $options value for query: z"
    assert.match(err.message, /\$?options.*z|z.*options/i);
  });

  test('querying on ACL', async () => {
    const err = await expectError(() => new Parse.Query(Item).equalTo('ACL', { '*': { read: true } }).find(),
      Parse.Error.INVALID_QUERY, 400);
    assert.equal(err.message, 'Cannot query on ACL.');
  });
});

describe('107 INVALID_JSON: bad constraint', () => {
  test('a $where constraint on a field', async () => {
    const query = Parse.Query.fromJSON(Item, { where: { name: { $where: 'sleep(1000)' } } });
    const err = await expectError(() => query.find(), Parse.Error.INVALID_JSON, 400);
    assert.equal(err.message, 'bad constraint: $where');
  });

  test('an unknown $operator', async () => {
    const query = Parse.Query.fromJSON(Item, { where: { n: { $foo: 1 } } });
    const err = await expectError(() => query.find(), Parse.Error.INVALID_JSON, 400);
    assert.equal(err.message, 'bad constraint: $foo');
  });
});

describe('103 INVALID_CLASS_NAME', () => {
  test('saving into a class whose name has a dash', async () => {
    const err = await expectError(() => new Parse.Object('bad-class').save({ a: 1 }), Parse.Error.INVALID_CLASS_NAME, 400);
    assert.match(err.message, /^Invalid classname: bad-class, classnames can only have alphanumeric characters and _, and must start with an alpha character/);
  });
});

describe('403 unauthorized', () => {
  test('a wrong application id', async () => {
    const appId = Parse.applicationId;
    Parse.CoreManager.set('APPLICATION_ID', 'wrong-app-id');
    try {
      const err = await parseError(() => new Parse.Query(Item).find());
      assert.equal(err.message, 'unauthorized');
      assert.equal(err.code, undefined, 'Parse Server answers {"error":"unauthorized"} without a code');
      assert.equal(lastExchange('/classes/').status, 403);
    } finally {
      Parse.CoreManager.set('APPLICATION_ID', appId);
    }
  });

  test('a wrong master key on a master-only route (403 "unauthorized: master key is required")', async () => {
    const masterKey = Parse.masterKey;
    Parse.CoreManager.set('MASTER_KEY', 'not-the-master-key');
    try {
      const err = await parseError(() => new Parse.Schema(Item).get());
      assert.match(err.message, /^unauthorized/);
      assert.equal(lastExchange('/schemas/').status, 403);
    } finally {
      Parse.CoreManager.set('MASTER_KEY', masterKey);
    }
  });

  test('a wrong master key on an ordinary route is ignored: the request runs as a client (ACLs apply)', async () => {
    // Parse Server (middlewares.handleParseHeaders): isMaster = (key === masterKey); a key that does not match just
    // leaves the request unprivileged, it is not refused.
    const hidden = new Parse.Object(Item);
    hidden.setACL(new Parse.ACL());
    await hidden.save({ name: 'master only' });
    const masterKey = Parse.masterKey;
    Parse.CoreManager.set('MASTER_KEY', 'not-the-master-key');
    let found;
    try {
      found = await new Parse.Query(Item).containedIn('objectId', [item.id, hidden.id]).find(M);
    } finally {
      Parse.CoreManager.set('MASTER_KEY', masterKey);
    }
    assert.deepEqual(found.map((o) => o.id), [item.id], 'the public object only; the empty-ACL one stays invisible');
    assert.equal((await new Parse.Query(Item).equalTo('objectId', hidden.id).find(M)).length, 1);
  });

  test('the right keys work again afterwards', async () => {
    assert.equal((await new Parse.Query(Item).get(item.id)).get('name'), 'typed');
  });
});
