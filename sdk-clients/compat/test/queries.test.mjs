// Parse.Query: every where-constraint of the Parse REST contract (PROTOCOL.md §2.2) that the SDK can express, ordering,
// paging, count, keys/excludeKeys, first, each/findAll, dot notation on Object fields; $text and geo queries must either
// work or fail fast with a clear Parse.Error.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { M, Parse, parseError, setupParse, sorted } from '../support/parse.mjs';

let ctx;
let Rec; // the records queried below
let Target; // pointer targets
let Many; // 120 rows for paging
const t = {}; // Target objects by label
const recs = {}; // Rec objects by name
// One request per object (not /batch), so these tests do not depend on batch.test's area.
const saveEach = (objects) => Promise.all(objects.map((o) => o.save()));
const day = (d) => new Date(Date.UTC(2024, 0, d, 12, 0, 0));

before(async () => {
  ctx = await setupParse();
  Rec = ctx.className('QRec');
  Target = ctx.className('QTarget');
  Many = ctx.className('QMany');

  for (const [label, rank, code] of [['one', 1, 'x'], ['two', 2, 'y'], ['three', 3, 'q']]) {
    t[label] = new Parse.Object(Target);
    t[label].set({ label, rank, code });
  }
  await saveEach(Object.values(t));

  const rows = [
    { name: 'alpha', n: 1, cat: 'x', flag: true, tags: ['red', 'green'], when: day(1), ptr: t.one, opt: 'o1',
      meta: { color: 'red', size: 1, deep: { k: 'a' } }, title: 'the quick brown fox' },
    { name: 'beta', n: 2, cat: 'x', flag: false, tags: ['green'], when: day(2), ptr: t.two,
      meta: { color: 'blue', size: 2 }, title: 'lazy dogs sleep' },
    { name: 'gamma', n: 3, cat: 'y', flag: true, tags: ['blue', 'red', 'green'], when: day(3), ptr: t.one, opt: 'o3',
      meta: { color: 'red', size: 3 }, title: 'quick thinking' },
    { name: 'delta', n: 4, cat: 'y', flag: false, tags: [], when: day(4), ptr: t.three,
      meta: { color: 'green', size: 4 }, title: 'nothing here' },
    { name: 'epsilon', n: 5, cat: 'z', flag: true, tags: ['red'], when: day(5), ptr: t.two, opt: 'o5',
      meta: { color: 'blue', size: 5, deep: { k: 'b' } }, title: 'foxes and hounds' },
    { name: 'Zeta.x*', n: 6, cat: 'z', flag: false, tags: ['yellow'], when: day(6), ptr: t.three,
      meta: { color: 'red', size: 6 }, title: 'last one' },
  ];
  const objects = rows.map((row, i) => {
    const o = new Parse.Object(Rec);
    o.set(row);
    o.set('location', new Parse.GeoPoint(10 + i, 20 + i));
    recs[row.name] = o;
    return o;
  });
  await saveEach(objects);

  const many = [];
  for (let i = 0; i < 120; i++) {
    const o = new Parse.Object(Many);
    o.set('i', i);
    many.push(o);
  }
  await saveEach(many);
});
after(async () => {
  await ctx?.cleanup();
  await ctx?.server.stop();
});

const q = () => new Parse.Query(Rec);
/** The sorted `name`s a query finds. */
async function names(query) {
  return sorted((await query.find()).map((o) => o.get('name')));
}
/** The `name`s in result order. */
async function orderedNames(query) {
  return (await query.find()).map((o) => o.get('name'));
}
const ALL = sorted(['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'Zeta.x*']);
const S = (...n) => sorted(n);

describe('equality', () => {
  test('equalTo on strings, numbers, booleans, dates, pointers, objectId', async () => {
    assert.deepEqual(await names(q().equalTo('cat', 'x')), S('alpha', 'beta'));
    assert.deepEqual(await names(q().equalTo('n', 3)), S('gamma'));
    assert.deepEqual(await names(q().equalTo('flag', true)), S('alpha', 'gamma', 'epsilon'));
    assert.deepEqual(await names(q().equalTo('when', day(2))), S('beta'));
    assert.deepEqual(await names(q().equalTo('ptr', t.one)), S('alpha', 'gamma'));
    assert.deepEqual(await names(q().equalTo('objectId', recs.delta.id)), S('delta'));
    assert.deepEqual(await names(q().equalTo('cat', 'nope')), []);
  });

  test('equalTo on an array field means "contains"', async () => {
    assert.deepEqual(await names(q().equalTo('tags', 'red')), S('alpha', 'gamma', 'epsilon'));
  });

  test('several constraints are ANDed', async () => {
    assert.deepEqual(await names(q().equalTo('cat', 'x').equalTo('flag', false)), S('beta'));
  });

  test('notEqualTo on scalars, arrays (does not contain) and pointers', async () => {
    assert.deepEqual(await names(q().notEqualTo('cat', 'x')), S('gamma', 'delta', 'epsilon', 'Zeta.x*'));
    assert.deepEqual(await names(q().notEqualTo('tags', 'red')), S('beta', 'delta', 'Zeta.x*'));
    assert.deepEqual(await names(q().notEqualTo('ptr', t.one)), S('beta', 'delta', 'epsilon', 'Zeta.x*'));
  });
});

describe('comparisons', () => {
  test('lessThan / lessThanOrEqualTo / greaterThan / greaterThanOrEqualTo on numbers', async () => {
    assert.deepEqual(await names(q().lessThan('n', 3)), S('alpha', 'beta'));
    assert.deepEqual(await names(q().lessThanOrEqualTo('n', 3)), S('alpha', 'beta', 'gamma'));
    assert.deepEqual(await names(q().greaterThan('n', 4)), S('epsilon', 'Zeta.x*'));
    assert.deepEqual(await names(q().greaterThanOrEqualTo('n', 4)), S('delta', 'epsilon', 'Zeta.x*'));
    assert.deepEqual(await names(q().greaterThan('n', 1).lessThan('n', 4)), S('beta', 'gamma'));
  });

  test('comparisons on Date fields and createdAt', async () => {
    assert.deepEqual(await names(q().greaterThan('when', day(4))), S('epsilon', 'Zeta.x*'));
    assert.deepEqual(await names(q().lessThanOrEqualTo('when', day(2))), S('alpha', 'beta'));
    const created = recs.alpha.createdAt;
    assert.deepEqual(await names(q().greaterThanOrEqualTo('createdAt', new Date(created.getTime() - 60_000))), ALL);
    assert.deepEqual(await names(q().lessThan('createdAt', new Date(created.getTime() - 60_000))), []);
  });

  test('comparisons on strings use code-point order', async () => {
    assert.deepEqual(await names(q().lessThan('name', 'c')), S('alpha', 'beta', 'Zeta.x*'));
    assert.deepEqual(await names(q().greaterThanOrEqualTo('name', 'e')), S('epsilon', 'gamma'));
  });
});

describe('sets', () => {
  test('containedIn on scalars, arrays (any element), pointers and objectId', async () => {
    assert.deepEqual(await names(q().containedIn('cat', ['x', 'z'])), S('alpha', 'beta', 'epsilon', 'Zeta.x*'));
    assert.deepEqual(await names(q().containedIn('tags', ['yellow', 'blue'])), S('gamma', 'Zeta.x*'));
    assert.deepEqual(await names(q().containedIn('ptr', [t.two, t.three])),
      S('beta', 'delta', 'epsilon', 'Zeta.x*'));
    assert.deepEqual(await names(q().containedIn('objectId', [recs.alpha.id, recs.beta.id])), S('alpha', 'beta'));
    assert.deepEqual(await names(q().containedIn('cat', [])), []);
  });

  test('notContainedIn on scalars and arrays (no element in the set)', async () => {
    assert.deepEqual(await names(q().notContainedIn('cat', ['x', 'z'])), S('gamma', 'delta'));
    assert.deepEqual(await names(q().notContainedIn('tags', ['red', 'green'])), S('delta', 'Zeta.x*'));
  });

  test('containsAll: the array holds every value', async () => {
    assert.deepEqual(await names(q().containsAll('tags', ['red', 'green'])), S('alpha', 'gamma'));
    assert.deepEqual(await names(q().containsAll('tags', ['red', 'yellow'])), []);
  });

  test('containsAllStartingWith: every prefix matches some element', async () => {
    assert.deepEqual(await names(q().containsAllStartingWith('tags', ['re', 'gr'])), S('alpha', 'gamma'));
  });

  test('containedBy: every element of the array is in the set (empty arrays match)', async () => {
    assert.deepEqual(await names(q().containedBy('tags', ['red', 'green', 'blue'])),
      S('alpha', 'beta', 'gamma', 'delta', 'epsilon'));
    assert.deepEqual(await names(q().containedBy('tags', ['green'])), S('beta', 'delta'));
  });

  test('exists / doesNotExist', async () => {
    assert.deepEqual(await names(q().exists('opt')), S('alpha', 'gamma', 'epsilon'));
    assert.deepEqual(await names(q().doesNotExist('opt')), S('beta', 'delta', 'Zeta.x*'));
  });
});

describe('regular expressions', () => {
  test('matches with a RegExp, a string and modifiers', async () => {
    assert.deepEqual(await names(q().matches('name', /^[ab]/)), S('alpha', 'beta'));
    assert.deepEqual(await names(q().matches('name', 'ALPHA')), []);
    assert.deepEqual(await names(q().matches('name', 'ALPHA', 'i')), S('alpha'));
    assert.deepEqual(await names(q().matches('name', /^z/i)), S('Zeta.x*'));
    assert.deepEqual(await names(q().matches('title', 'quick.*fox')), S('alpha'));
  });

  test('startsWith / endsWith / contains treat their argument literally', async () => {
    assert.deepEqual(await names(q().startsWith('name', 'Zeta.')), S('Zeta.x*'));
    assert.deepEqual(await names(q().startsWith('name', 'Zeta-')), []);
    assert.deepEqual(await names(q().startsWith('name', 'zeta')), []);
    assert.deepEqual(await names(q().startsWith('name', 'zeta', 'i')), S('Zeta.x*'));
    assert.deepEqual(await names(q().endsWith('name', '.x*')), S('Zeta.x*'));
    assert.deepEqual(await names(q().endsWith('name', 'ta')), S('beta', 'delta'));
    assert.deepEqual(await names(q().contains('name', 'ta.x')), S('Zeta.x*'));
    assert.deepEqual(await names(q().contains('name', 'lph')), S('alpha'));
    assert.deepEqual(await names(q().contains('name', '*')), S('Zeta.x*'));
    assert.deepEqual(await names(q().contains('name', 'a.p')), []);
  });
});

describe('subqueries', () => {
  test('matchesQuery / doesNotMatchQuery on a pointer field', async () => {
    const ranked = new Parse.Query(Target).greaterThan('rank', 1);
    assert.deepEqual(await names(q().matchesQuery('ptr', ranked)), S('beta', 'delta', 'epsilon', 'Zeta.x*'));
    assert.deepEqual(await names(q().doesNotMatchQuery('ptr', new Parse.Query(Target).greaterThan('rank', 1))),
      S('alpha', 'gamma'));
  });

  test('matchesKeyInQuery / doesNotMatchKeyInQuery compare a field with a key of another class', async () => {
    // Target codes: x, y, q
    assert.deepEqual(await names(q().matchesKeyInQuery('cat', 'code', new Parse.Query(Target))),
      S('alpha', 'beta', 'gamma', 'delta'));
    assert.deepEqual(await names(q().doesNotMatchKeyInQuery('cat', 'code', new Parse.Query(Target))),
      S('epsilon', 'Zeta.x*'));
    const onlyX = new Parse.Query(Target).equalTo('label', 'one');
    assert.deepEqual(await names(q().matchesKeyInQuery('cat', 'code', onlyX)), S('alpha', 'beta'));
  });
});

describe('compound queries', () => {
  test('Parse.Query.or', async () => {
    const query = Parse.Query.or(q().equalTo('cat', 'x'), q().greaterThanOrEqualTo('n', 5));
    assert.deepEqual(await names(query), S('alpha', 'beta', 'epsilon', 'Zeta.x*'));
  });

  test('Parse.Query.or combined with a top-level constraint', async () => {
    const query = Parse.Query.or(q().equalTo('cat', 'x'), q().greaterThanOrEqualTo('n', 5)).equalTo('flag', true);
    assert.deepEqual(await names(query), S('alpha', 'epsilon'));
  });

  test('Parse.Query.and', async () => {
    const query = Parse.Query.and(q().equalTo('flag', true), q().greaterThan('n', 1));
    assert.deepEqual(await names(query), S('gamma', 'epsilon'));
  });

  test('Parse.Query.nor', async () => {
    const query = Parse.Query.nor(q().equalTo('cat', 'x'), q().equalTo('cat', 'y'));
    assert.deepEqual(await names(query), S('epsilon', 'Zeta.x*'));
  });

  test('nested or inside and', async () => {
    const inner = Parse.Query.or(q().equalTo('cat', 'y'), q().equalTo('cat', 'z'));
    const query = Parse.Query.and(inner, q().equalTo('flag', false));
    assert.deepEqual(await names(query), S('delta', 'Zeta.x*'));
  });
});

describe('dot notation on Object fields', () => {
  test('equalTo / greaterThan / exists / containedIn on sub-keys', async () => {
    assert.deepEqual(await names(q().equalTo('meta.color', 'red')), S('alpha', 'gamma', 'Zeta.x*'));
    assert.deepEqual(await names(q().greaterThan('meta.size', 4)), S('epsilon', 'Zeta.x*'));
    assert.deepEqual(await names(q().exists('meta.deep')), S('alpha', 'epsilon'));
    assert.deepEqual(await names(q().equalTo('meta.deep.k', 'b')), S('epsilon'));
    assert.deepEqual(await names(q().containedIn('meta.color', ['green', 'blue'])), S('beta', 'delta', 'epsilon'));
  });

  test('sorting by a sub-key', async () => {
    assert.deepEqual(await orderedNames(q().descending('meta.size').limit(3)), ['Zeta.x*', 'epsilon', 'delta']);
  });
});

describe('ordering and paging', () => {
  test('ascending / descending', async () => {
    assert.deepEqual(await orderedNames(q().ascending('n')), ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'Zeta.x*']);
    assert.deepEqual(await orderedNames(q().descending('n')), ['Zeta.x*', 'epsilon', 'delta', 'gamma', 'beta', 'alpha']);
    assert.deepEqual(await orderedNames(q().ascending('name')), ['Zeta.x*', 'alpha', 'beta', 'delta', 'epsilon', 'gamma']);
    assert.deepEqual(await orderedNames(q().descending('when')), ['Zeta.x*', 'epsilon', 'delta', 'gamma', 'beta', 'alpha']);
  });

  test('multiple sort keys (ascending + addDescending)', async () => {
    assert.deepEqual(await orderedNames(q().ascending('cat').addDescending('n')),
      ['beta', 'alpha', 'delta', 'gamma', 'Zeta.x*', 'epsilon']);
    assert.deepEqual(await orderedNames(q().descending('flag').addAscending('name')),
      ['alpha', 'epsilon', 'gamma', 'Zeta.x*', 'beta', 'delta']);
  });

  test('limit and skip', async () => {
    assert.deepEqual(await orderedNames(q().ascending('n').limit(2)), ['alpha', 'beta']);
    assert.deepEqual(await orderedNames(q().ascending('n').skip(2).limit(2)), ['gamma', 'delta']);
    assert.deepEqual(await orderedNames(q().ascending('n').skip(5)), ['Zeta.x*']);
    assert.deepEqual(await orderedNames(q().ascending('n').skip(10)), []);
  });

  test('the default limit is 100', async () => {
    const found = await new Parse.Query(Many).find();
    assert.equal(found.length, 100);
  });

  test('count() ignores limit/skip; withCount() returns results and the total', async () => {
    assert.equal(await q().count(), 6);
    assert.equal(await q().equalTo('cat', 'x').count(), 2);
    assert.equal(await q().limit(1).skip(1).count(), 6);
    assert.equal(await new Parse.Query(Many).count(), 120);
    const { results, count } = await q().ascending('n').limit(2).withCount().find();
    assert.equal(count, 6);
    assert.deepEqual(results.map((o) => o.get('name')), ['alpha', 'beta']);
  });

  test('first() returns the first match or undefined', async () => {
    const first = await q().ascending('n').first();
    assert.ok(first instanceof Parse.Object);
    assert.equal(first.get('name'), 'alpha');
    assert.equal(await q().equalTo('cat', 'nope').first(), undefined);
  });

  test('each() visits every row in batches', async () => {
    const seen = new Set();
    let sum = 0;
    await new Parse.Query(Many).each((o) => {
      seen.add(o.id);
      sum += o.get('i');
    }, { batchSize: 50 });
    assert.equal(seen.size, 120);
    assert.equal(sum, (119 * 120) / 2);
  });

  test('each() with constraints', async () => {
    const seen = [];
    await new Parse.Query(Many).greaterThanOrEqualTo('i', 100).each((o) => { seen.push(o.get('i')); }, { batchSize: 7 });
    assert.deepEqual(seen.sort((a, b) => a - b), Array.from({ length: 20 }, (_, k) => 100 + k));
  });

  test('findAll() returns every row past the default limit', async () => {
    const all = await new Parse.Query(Many).findAll({ batchSize: 50 });
    assert.equal(all.length, 120);
    assert.equal(new Set(all.map((o) => o.id)).size, 120);
  });
});

describe('projection', () => {
  test('select() returns only the chosen keys plus objectId/createdAt/updatedAt', async () => {
    const [o] = await q().equalTo('name', 'gamma').select('name', 'n').find();
    assert.equal(o.id, recs.gamma.id);
    assert.equal(o.get('name'), 'gamma');
    assert.equal(o.get('n'), 3);
    assert.ok(o.createdAt instanceof Date);
    assert.ok(o.updatedAt instanceof Date);
    for (const absent of ['cat', 'tags', 'meta', 'ptr', 'flag']) {
      assert.equal(o.has(absent), false, `${absent} must not be returned`);
    }
  });

  test('select() on get()', async () => {
    const o = await q().select('cat').get(recs.beta.id);
    assert.equal(o.get('cat'), 'x');
    assert.equal(o.has('name'), false);
  });

  test('exclude() leaves out the given keys', async () => {
    const [o] = await q().equalTo('name', 'alpha').exclude('tags', 'meta').find();
    assert.equal(o.has('tags'), false);
    assert.equal(o.has('meta'), false);
    assert.equal(o.get('name'), 'alpha');
    assert.equal(o.get('cat'), 'x');
  });
});

describe('get', () => {
  test('get() with constraints that exclude the object → 101', async () => {
    const err = await parseError(() => q().equalTo('cat', 'z').get(recs.alpha.id));
    assert.equal(err.code, Parse.Error.OBJECT_NOT_FOUND);
  });

  test('find on a class that does not exist yet returns no rows', async () => {
    const found = await new Parse.Query(`QNoSuchClass_${Date.now()}`).find();
    assert.deepEqual(found, []);
  });
});

/**
 * Text and geo queries: Parse Server answers them (Mongo); a store without them must reject at once with a clear
 * Parse.Error (a real code, not 1 "internal error", and a message), never hang or return wrong rows.
 */
async function answersOrRefuses(run, expected) {
  let result;
  try {
    result = await run();
  } catch (e) {
    assert.ok(e instanceof Parse.Error, `expected a Parse.Error, got ${e}`);
    assert.equal(typeof e.code, 'number', `error code: ${e.code}`);
    assert.notEqual(e.code, Parse.Error.INTERNAL_SERVER_ERROR, `an unsupported query is not an internal error: ${e.message}`);
    assert.ok(e.message && e.message.length > 5, 'the error says what is wrong');
    return;
  }
  assert.deepEqual(result, expected);
}

describe('text and geo queries (work, or fail fast with a clear Parse.Error)', { timeout: 10_000 }, () => {
  test('fullText ($text)', { timeout: 5_000 }, async () => {
    await answersOrRefuses(() => names(q().fullText('title', 'quick')), S('alpha', 'gamma'));
  });

  test('near ($nearSphere), sorted by distance', { timeout: 5_000 }, async () => {
    await answersOrRefuses(async () => (await q().near('location', new Parse.GeoPoint(12.1, 22.1)).limit(2).find())
      .map((o) => o.get('name')), ['gamma', 'delta']);
  });

  test('withinKilometers', { timeout: 5_000 }, async () => {
    await answersOrRefuses(() => names(q().withinKilometers('location', new Parse.GeoPoint(10, 20), 200, false)),
      S('alpha', 'beta'));
  });

  test('withinGeoBox ($within $box)', { timeout: 5_000 }, async () => {
    await answersOrRefuses(() => names(q().withinGeoBox('location', new Parse.GeoPoint(9.5, 19.5),
      new Parse.GeoPoint(11.5, 21.5))), S('alpha', 'beta'));
  });

  test('withinPolygon ($geoWithin $polygon)', { timeout: 5_000 }, async () => {
    const square = [new Parse.GeoPoint(12.5, 22.5), new Parse.GeoPoint(12.5, 25.5), new Parse.GeoPoint(15.5, 25.5),
      new Parse.GeoPoint(15.5, 22.5)];
    await answersOrRefuses(() => names(q().withinPolygon('location', square)), S('delta', 'epsilon', 'Zeta.x*'));
  });

  test('polygonContains ($geoIntersects)', { timeout: 5_000 }, async () => {
    const Area = ctx.className('QArea');
    const area = new Parse.Object(Area);
    await area.save({ shape: new Parse.Polygon([[0, 0], [0, 10], [10, 10], [10, 0]]) }, M);
    await answersOrRefuses(async () => (await new Parse.Query(Area)
      .polygonContains('shape', new Parse.GeoPoint(5, 5)).find()).map((o) => o.id), [area.id]);
  });
});
