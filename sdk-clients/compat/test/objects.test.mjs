// Parse.Object: save / fetch / update / destroy, field operators (increment, add, addUnique, remove, unset),
// the special types (Date, Bytes, GeoPoint, Polygon, Pointer, nested objects) and ACL objects.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { M, Parse, parseError, setupParse } from '../support/parse.mjs';

let ctx;
let Item;
let Other;

before(async () => {
  ctx = await setupParse();
  Item = ctx.className('ObjItem');
  Other = ctx.className('ObjOther');
});
after(async () => {
  await ctx?.cleanup();
  await ctx?.server.stop();
});

/** An unfetched object with a known id (no shared state with other instances). */
const ref = (className, id) => Parse.Object.extend(className).createWithoutData(id);

/** A fresh copy of `obj` from the server (no local state shared). */
const reload = (obj, options) => new Parse.Query(obj.className).get(obj.id, options);

async function create(attrs, options) {
  const obj = new Parse.Object(Item);
  await obj.save(attrs, options);
  return obj;
}

describe('save and fetch', () => {
  test('save() creates the object: 10-character objectId, createdAt = updatedAt', async () => {
    const obj = new Parse.Object(Item);
    assert.equal(obj.existed(), false);
    await obj.save({ title: 'first' });
    assert.match(obj.id, /^[A-Za-z0-9]{10}$/);
    assert.ok(obj.createdAt instanceof Date);
    assert.ok(obj.updatedAt instanceof Date);
    assert.equal(obj.updatedAt.getTime(), obj.createdAt.getTime());
    assert.ok(Math.abs(obj.createdAt.getTime() - Date.now()) < 60_000, 'createdAt is the server clock, now');

    const copy = await reload(obj);
    assert.equal(copy.id, obj.id);
    assert.equal(copy.get('title'), 'first');
    assert.equal(copy.createdAt.getTime(), obj.createdAt.getTime());
    assert.equal(copy.updatedAt.getTime(), obj.updatedAt.getTime());
    assert.equal(copy.existed(), true);
  });

  test('fetch() fills an object made from an id', async () => {
    const obj = await create({ title: 'fetch me', n: 7 });
    const shell = ref(Item, obj.id);
    assert.equal(shell.isDataAvailable(), false);
    await shell.fetch();
    assert.equal(shell.isDataAvailable(), true);
    assert.equal(shell.get('title'), 'fetch me');
    assert.equal(shell.get('n'), 7);
    assert.equal(shell.createdAt.getTime(), obj.createdAt.getTime());
  });

  test('plain JSON values come back exactly (strings, numbers, booleans, arrays, nested objects)', async () => {
    const attrs = {
      text: 'héllo ☀ 𝄞 "quoted" \\ back\nslash',
      empty: '',
      int: 42,
      negative: -17,
      float: 3.25,
      big: 9007199254740991,
      yes: true,
      no: false,
      list: [1, 'two', false, { three: 3 }, [4]],
      emptyList: [],
      nested: { a: 1, b: { c: 'deep', d: [1, 2, { e: null }] }, 'with space': true },
      emptyObject: {},
    };
    const obj = await create(attrs);
    const copy = await reload(obj);
    for (const [key, value] of Object.entries(attrs)) {
      assert.deepEqual(copy.get(key), value, `field ${key}`);
    }
  });

  test('Date fields round-trip with millisecond precision', async () => {
    const when = new Date('2024-02-29T23:59:58.123Z');
    const old = new Date('1969-07-20T20:17:40.000Z');
    const obj = await create({ when, old, dates: [when] });
    const copy = await reload(obj);
    assert.ok(copy.get('when') instanceof Date);
    assert.equal(copy.get('when').toISOString(), '2024-02-29T23:59:58.123Z');
    assert.equal(copy.get('old').toISOString(), '1969-07-20T20:17:40.000Z');
    assert.ok(copy.get('dates')[0] instanceof Date);
    assert.equal(copy.get('dates')[0].getTime(), when.getTime());
  });

  test('Bytes fields round-trip as {__type: "Bytes", base64}', async () => {
    const bytes = { __type: 'Bytes', base64: Buffer.from([0, 1, 2, 254, 255]).toString('base64') };
    const obj = await create({ bytes });
    const copy = await reload(obj);
    assert.deepEqual(copy.get('bytes'), bytes);
  });

  test('GeoPoint fields round-trip', async () => {
    const obj = await create({ location: new Parse.GeoPoint(40.7128, -74.006) });
    const copy = await reload(obj);
    const point = copy.get('location');
    assert.ok(point instanceof Parse.GeoPoint);
    assert.equal(point.latitude, 40.7128);
    assert.equal(point.longitude, -74.006);
  });

  test('Polygon fields round-trip', async () => {
    const coords = [[0, 0], [0, 1], [1, 1], [1, 0]];
    const obj = await create({ area: new Parse.Polygon(coords) });
    const copy = await reload(obj);
    const area = copy.get('area');
    assert.ok(area instanceof Parse.Polygon);
    // Parse closes the ring: the first point is repeated at the end.
    assert.deepEqual(area.coordinates, [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]);
  });

  test('Pointer fields come back as unfetched Parse.Objects of the target class', async () => {
    const other = new Parse.Object(Other);
    await other.save({ label: 'target' });
    const obj = await create({ owner: other, owners: [other] });
    const copy = await reload(obj);
    const owner = copy.get('owner');
    assert.ok(owner instanceof Parse.Object);
    assert.equal(owner.className, Other);
    assert.equal(owner.id, other.id);
    assert.equal(owner.isDataAvailable(), false);
    assert.equal(owner.get('label'), undefined);
    assert.equal(copy.get('owners').length, 1);
    assert.equal(copy.get('owners')[0].id, other.id);
    await owner.fetch();
    assert.equal(owner.get('label'), 'target');
  });

  test('saving an object saves its new child objects first (cascade save)', async () => {
    const child = new Parse.Object(Other);
    child.set('label', 'child');
    const parent = await create({ child });
    assert.ok(child.id, 'child got an id');
    const copy = await reload(parent);
    assert.equal(copy.get('child').id, child.id);
    const childCopy = await reload(child);
    assert.equal(childCopy.get('label'), 'child');
  });
});

describe('update', () => {
  test('set + save updates only the changed fields and moves updatedAt', async () => {
    const obj = await create({ title: 'before', keep: 'kept', n: 1 });
    const created = obj.createdAt.getTime();
    await new Promise((r) => setTimeout(r, 15));
    obj.set('title', 'after');
    await obj.save();
    assert.ok(obj.updatedAt.getTime() > created, 'updatedAt moved');
    const copy = await reload(obj);
    assert.equal(copy.get('title'), 'after');
    assert.equal(copy.get('keep'), 'kept');
    assert.equal(copy.get('n'), 1);
    assert.equal(copy.createdAt.getTime(), created);
    assert.equal(copy.updatedAt.getTime(), obj.updatedAt.getTime());
  });

  test('an update by another client does not clobber fields it did not set', async () => {
    const obj = await create({ a: 1, b: 1 });
    const first = ref(Item, obj.id);
    const second = ref(Item, obj.id);
    first.set('a', 2);
    second.set('b', 3);
    await first.save();
    await second.save();
    const copy = await reload(obj);
    assert.equal(copy.get('a'), 2);
    assert.equal(copy.get('b'), 3);
  });

  test('unset() deletes the field', async () => {
    const obj = await create({ temp: 'x', stay: 'y' });
    obj.unset('temp');
    await obj.save();
    const copy = await reload(obj);
    assert.equal(copy.has('temp'), false);
    assert.ok(!('temp' in copy.attributes));
    assert.equal(copy.get('stay'), 'y');
  });

  test('dot notation sets, increments and unsets keys inside an Object field', async () => {
    const obj = await create({ meta: { views: 1, label: 'old', inner: { x: 1, y: 2 } } });
    obj.set('meta.label', 'new');
    obj.increment('meta.views', 4);
    obj.set('meta.inner.x', 10);
    obj.unset('meta.inner.y');
    await obj.save();
    const copy = await reload(obj);
    assert.deepEqual(copy.get('meta'), { views: 5, label: 'new', inner: { x: 10 } });
  });
});

describe('increment', () => {
  test('increment / decrement are applied by the server and echoed back', async () => {
    const obj = await create({ n: 10, f: 1.5 });
    obj.increment('n');
    obj.increment('f', 0.25);
    await obj.save();
    assert.equal(obj.get('n'), 11);
    assert.equal(obj.get('f'), 1.75);
    obj.decrement('n', 3);
    await obj.save();
    assert.equal(obj.get('n'), 8);
    const copy = await reload(obj);
    assert.equal(copy.get('n'), 8);
    assert.equal(copy.get('f'), 1.75);
  });

  test('increments from two clients add up (atomic), and the save response carries the new value', async () => {
    const obj = await create({ n: 100 });
    const a = ref(Item, obj.id);
    const b = ref(Item, obj.id);
    a.increment('n', 5);
    b.increment('n', -2);
    await a.save();
    await b.save();
    assert.equal(a.get('n'), 105, 'first client sees its own result');
    assert.equal(b.get('n'), 103, 'second client sees the server total, not 98');
    assert.equal((await reload(obj)).get('n'), 103);
  });

  test('increment on a missing field starts from 0', async () => {
    const obj = await create({ other: true });
    obj.increment('fresh', 3);
    await obj.save();
    assert.equal((await reload(obj)).get('fresh'), 3);
  });

  test('increment on a new object sets the amount', async () => {
    const obj = new Parse.Object(Item);
    obj.increment('counter', 2);
    await obj.save();
    assert.equal((await reload(obj)).get('counter'), 2);
  });
});

describe('array operators', () => {
  test('add / addAll append (duplicates kept)', async () => {
    const obj = await create({ tags: ['a'] });
    obj.add('tags', 'b');
    await obj.save();
    obj.addAll('tags', ['c', 'a']);
    await obj.save();
    assert.deepEqual((await reload(obj)).get('tags'), ['a', 'b', 'c', 'a']);
  });

  test('add on a missing field creates the array', async () => {
    const obj = await create({ x: 1 });
    obj.add('created', 7);
    await obj.save();
    assert.deepEqual((await reload(obj)).get('created'), [7]);
  });

  test('addUnique / addAllUnique append only missing values', async () => {
    const obj = await create({ tags: ['a', 'b'] });
    obj.addUnique('tags', 'b');
    await obj.save();
    assert.deepEqual((await reload(obj)).get('tags'), ['a', 'b']);
    obj.addAllUnique('tags', ['c', 'a', 'd']);
    await obj.save();
    assert.deepEqual((await reload(obj)).get('tags'), ['a', 'b', 'c', 'd']);
  });

  test('remove / removeAll drop every occurrence', async () => {
    const obj = await create({ tags: ['a', 'b', 'a', 'c', 'a'] });
    obj.remove('tags', 'a');
    await obj.save();
    assert.deepEqual((await reload(obj)).get('tags'), ['b', 'c']);
    obj.removeAll('tags', ['c', 'not-there']);
    await obj.save();
    assert.deepEqual((await reload(obj)).get('tags'), ['b']);
  });

  test('addUnique and remove compare objects and pointers by value', async () => {
    const other = new Parse.Object(Other);
    await other.save({ label: 'in array' });
    const obj = await create({ objs: [{ k: 1 }], refs: [] });
    obj.addUnique('objs', { k: 1 });
    await obj.save();
    obj.addUnique('refs', other);
    await obj.save();
    obj.addUnique('refs', ref(Other, other.id));
    await obj.save();
    let copy = await reload(obj);
    assert.deepEqual(copy.get('objs'), [{ k: 1 }]);
    assert.equal(copy.get('refs').length, 1);
    assert.equal(copy.get('refs')[0].id, other.id);

    obj.remove('objs', { k: 1 });
    await obj.save();
    obj.remove('refs', ref(Other, other.id));
    await obj.save();
    copy = await reload(obj);
    assert.deepEqual(copy.get('objs'), []);
    assert.deepEqual(copy.get('refs'), []);
  });

  test('adds from two clients are both kept (atomic)', async () => {
    const obj = await create({ list: [] });
    const a = ref(Item, obj.id);
    const b = ref(Item, obj.id);
    a.add('list', 'from-a');
    b.add('list', 'from-b');
    await a.save();
    await b.save();
    assert.deepEqual((await reload(obj)).get('list'), ['from-a', 'from-b']);
  });

  test('the save response echoes the resulting array', async () => {
    const obj = await create({ tags: ['x'] });
    const other = ref(Item, obj.id);
    other.add('tags', 'y');
    await other.save();
    // `obj` still believes tags = ['x']; its own add must come back as the server's full array.
    obj.add('tags', 'z');
    await obj.save();
    assert.deepEqual(obj.get('tags'), ['x', 'y', 'z']);
  });
});

describe('destroy', () => {
  test('destroy() deletes the object; get then fails with 101', async () => {
    const obj = await create({ title: 'doomed' });
    await obj.destroy();
    const err = await parseError(() => reload(obj));
    assert.equal(err.code, Parse.Error.OBJECT_NOT_FOUND);
    assert.equal(await new Parse.Query(Item).equalTo('objectId', obj.id).count(), 0);
  });
});

describe('ACL', () => {
  test('an ACL object round-trips (users, roles, public)', async () => {
    const acl = new Parse.ACL();
    acl.setPublicReadAccess(true);
    acl.setReadAccess('someUserId', true);
    acl.setWriteAccess('someUserId', true);
    acl.setRoleReadAccess('Moderators', true);
    acl.setRoleWriteAccess('Moderators', true);
    const obj = new Parse.Object(Item);
    obj.setACL(acl);
    await obj.save({ title: 'with acl' });
    const copy = await reload(obj, M);
    assert.ok(copy.getACL() instanceof Parse.ACL);
    assert.deepEqual(copy.getACL().toJSON(), {
      '*': { read: true },
      someUserId: { read: true, write: true },
      'role:Moderators': { read: true, write: true },
    });
    assert.equal(copy.getACL().getPublicWriteAccess(), false);
  });

  test('an object without ACL is public: no ACL comes back', async () => {
    const obj = await create({ title: 'no acl' });
    const copy = await reload(obj);
    assert.equal(copy.getACL(), null);
  });

  test('public read-only: clients can read but not write (101); the master key can', async () => {
    const acl = new Parse.ACL();
    acl.setPublicReadAccess(true);
    const obj = new Parse.Object(Item);
    obj.setACL(acl);
    await obj.save({ title: 'read only' });

    const copy = await reload(obj);
    assert.equal(copy.get('title'), 'read only');
    copy.set('title', 'hacked');
    const err = await parseError(() => copy.save());
    assert.equal(err.code, Parse.Error.OBJECT_NOT_FOUND);
    const delErr = await parseError(() => ref(Item, obj.id).destroy());
    assert.equal(delErr.code, Parse.Error.OBJECT_NOT_FOUND);
    assert.equal((await reload(obj)).get('title'), 'read only');

    const master = ref(Item, obj.id);
    master.set('title', 'by master');
    await master.save(null, M);
    assert.equal((await reload(obj)).get('title'), 'by master');
  });

  test('empty ACL: invisible to clients (get 101, not in find), visible to the master key', async () => {
    const obj = new Parse.Object(Item);
    obj.setACL(new Parse.ACL());
    await obj.save({ title: 'secret', marker: 'empty-acl' });
    const err = await parseError(() => reload(obj));
    assert.equal(err.code, Parse.Error.OBJECT_NOT_FOUND);
    assert.equal(err.message, 'Object not found.');
    const found = await new Parse.Query(Item).equalTo('marker', 'empty-acl').find();
    assert.equal(found.length, 0);
    const viaMaster = await new Parse.Query(Item).equalTo('marker', 'empty-acl').find(M);
    assert.deepEqual(viaMaster.map((o) => o.id), [obj.id]);
    assert.deepEqual((await reload(obj, M)).getACL().toJSON(), {});
  });
});
