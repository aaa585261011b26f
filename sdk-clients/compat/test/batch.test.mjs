// POST /batch through Parse.Object.saveAll / destroyAll / fetchAll: chunking, result order, per-item errors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { exchanges, Parse, parseError, setupParse } from '../support/parse.mjs';

let ctx;
let Item;

before(async () => {
  ctx = await setupParse();
  Item = ctx.className('BatchItem');
  // fix the schema: n is a Number
  const seed = new Parse.Object(Item);
  await seed.save({ n: 0, label: 'seed', group: 'seed' });
});
after(async () => {
  await ctx?.cleanup();
  await ctx?.server.stop();
});

const make = (attrs) => {
  const o = new Parse.Object(Item);
  o.set(attrs);
  return o;
};
const ref = (id) => Parse.Object.extend(Item).createWithoutData(id);
const batchCalls = () => exchanges.filter((e) => e.url.endsWith('/batch')).length;

describe('saveAll', () => {
  test('saveAll creates many objects in chunks of 20, each gets its own id and values', async () => {
    const objects = Array.from({ length: 45 }, (_, i) => make({ n: i, label: `item-${i}`, group: 'bulk' }));
    const before = batchCalls();
    await Parse.Object.saveAll(objects);
    assert.equal(batchCalls() - before, 3, 'the SDK sends 45 objects as 3 /batch requests');
    assert.ok(objects.every((o) => /^[A-Za-z0-9]{10}$/.test(o.id)), 'every object has an objectId');
    assert.equal(new Set(objects.map((o) => o.id)).size, 45);
    assert.ok(objects.every((o) => o.createdAt instanceof Date));
    // results are matched to requests by position: each id must hold its own values
    const found = await new Parse.Query(Item).equalTo('group', 'bulk').limit(100).find();
    assert.equal(found.length, 45);
    const byId = new Map(found.map((o) => [o.id, o]));
    for (const o of objects) {
      assert.equal(byId.get(o.id).get('label'), o.get('label'));
      assert.equal(byId.get(o.id).get('n'), o.get('n'));
    }
  });

  test('saveAll mixes creates and updates; increments are echoed per object', async () => {
    const existing = make({ n: 10, label: 'existing', group: 'mix' });
    await existing.save();
    existing.increment('n', 5);
    const created = make({ n: 1, label: 'created', group: 'mix' });
    await Parse.Object.saveAll([existing, created]);
    assert.equal(existing.get('n'), 15);
    assert.ok(created.id);
    const found = await new Parse.Query(Item).equalTo('group', 'mix').ascending('n').find();
    assert.deepEqual(found.map((o) => [o.id, o.get('n')]), [[created.id, 1], [existing.id, 15]]);
  });

  test('a failing item rejects saveAll with its error; the other items are saved (no transaction)', async () => {
    const good1 = make({ n: 1, label: 'good1', group: 'partial' });
    const bad = make({ n: 'not a number', label: 'bad', group: 'partial' });
    const good2 = make({ n: 2, label: 'good2', group: 'partial' });
    const err = await parseError(() => Parse.Object.saveAll([good1, bad, good2]));
    assert.equal(err.code, Parse.Error.INCORRECT_TYPE);
    assert.match(err.message, /schema mismatch/);
    assert.equal(bad.id, undefined);
    assert.ok(good1.id, 'first good object saved');
    assert.ok(good2.id, 'second good object saved');
    const found = await new Parse.Query(Item).equalTo('group', 'partial').find();
    assert.deepEqual(found.map((o) => o.get('label')).sort(), ['good1', 'good2']);
  });

  test('saving an update of a deleted object inside a batch reports 101 for that item', async () => {
    const gone = make({ n: 1, label: 'gone', group: 'gone' });
    await gone.save();
    await ref(gone.id).destroy();
    gone.set('label', 'ghost write');
    const ok = make({ n: 2, label: 'fine', group: 'gone' });
    const err = await parseError(() => Parse.Object.saveAll([gone, ok]));
    assert.equal(err.code, Parse.Error.OBJECT_NOT_FOUND);
    assert.ok(ok.id);
    const found = await new Parse.Query(Item).equalTo('group', 'gone').find();
    assert.deepEqual(found.map((o) => o.get('label')), ['fine']);
  });
});

describe('fetchAll / destroyAll', () => {
  test('fetchAll fills objects made from ids', async () => {
    const objects = [make({ n: 1, label: 'f1', group: 'fetch' }), make({ n: 2, label: 'f2', group: 'fetch' })];
    await Parse.Object.saveAll(objects);
    const shells = objects.map((o) => ref(o.id));
    const fetched = await Parse.Object.fetchAll(shells);
    assert.deepEqual(fetched.map((o) => o.get('label')), ['f1', 'f2']);
    assert.deepEqual(shells.map((o) => o.get('n')), [1, 2]);
  });

  test('destroyAll deletes every object', async () => {
    const objects = Array.from({ length: 25 }, (_, i) => make({ n: i, label: `d${i}`, group: 'destroy' }));
    await Parse.Object.saveAll(objects);
    assert.equal(await new Parse.Query(Item).equalTo('group', 'destroy').count(), 25);
    await Parse.Object.destroyAll(objects);
    assert.equal(await new Parse.Query(Item).equalTo('group', 'destroy').count(), 0);
  });

  test('destroyAll with a missing object: AGGREGATE_ERROR listing a 101 for that object; the rest are deleted', async () => {
    const objects = [make({ n: 1, label: 'x1', group: 'agg' }), make({ n: 2, label: 'x2', group: 'agg' })];
    await Parse.Object.saveAll(objects);
    const missing = ref('NoSuchId00');
    const err = await parseError(() => Parse.Object.destroyAll([objects[0], missing, objects[1]]));
    assert.equal(err.code, Parse.Error.AGGREGATE_ERROR);
    assert.equal(err.errors.length, 1);
    assert.equal(err.errors[0].code, Parse.Error.OBJECT_NOT_FOUND);
    assert.equal(err.errors[0].object, missing);
    assert.equal(await new Parse.Query(Item).equalTo('group', 'agg').count(), 0);
  });
});
