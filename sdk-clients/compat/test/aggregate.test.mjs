// GET /aggregate/:class through query.aggregate (pipelines with $match/$group/$sort/$project/$skip/$limit/$count)
// and query.distinct. Parse Server renames _id to objectId in every result row.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { lastExchange, Parse, parseError, setupParse, sorted } from '../support/parse.mjs';

let ctx;
let Sale;
let Seller;
const sellers = {};
const sales = [];

before(async () => {
  ctx = await setupParse();
  Sale = ctx.className('AggSale');
  Seller = ctx.className('AggSeller');
  for (const name of ['s1', 's2']) {
    sellers[name] = new Parse.Object(Seller);
    await sellers[name].save({ name });
  }
  const rows = [
    { cat: 'a', n: 1, price: 10, region: 'eu', tags: ['x', 'y'], seller: sellers.s1 },
    { cat: 'a', n: 2, price: 20, region: 'us', tags: ['y'], seller: sellers.s2 },
    { cat: 'b', n: 3, price: 30, region: 'eu', tags: ['z'], seller: sellers.s1 },
    { cat: 'b', n: 4, price: 5, region: 'eu', tags: [], seller: sellers.s1 },
    { cat: 'c', n: 5, price: 50, region: 'us', tags: ['x'], seller: sellers.s2 },
  ];
  for (const row of rows) {
    const o = new Parse.Object(Sale);
    await o.save(row);
    sales.push(o);
  }
});
after(async () => {
  await ctx?.cleanup();
  await ctx?.server.stop();
});

const q = () => new Parse.Query(Sale);
const byObjectId = (rows) => [...rows].sort((a, b) => String(a.objectId).localeCompare(String(b.objectId)));

describe('aggregate', () => {
  test('$group by a field: _id comes back as objectId', async () => {
    const rows = await q().aggregate([
      { $group: { _id: '$cat', total: { $sum: '$price' }, count: { $sum: 1 } } },
    ]);
    assert.deepEqual(byObjectId(rows), [
      { objectId: 'a', total: 30, count: 2 },
      { objectId: 'b', total: 35, count: 2 },
      { objectId: 'c', total: 50, count: 1 },
    ]);
  });

  test('$match then $group with _id null', async () => {
    const rows = await q().aggregate([
      { $match: { region: 'eu' } },
      { $group: { _id: null, total: { $sum: '$price' }, max: { $max: '$n' } } },
    ]);
    assert.deepEqual(rows, [{ objectId: null, total: 45, max: 4 }]);
  });

  test('$match with comparison operators', async () => {
    const rows = await q().aggregate([
      { $match: { price: { $gte: 20 } } },
      { $group: { _id: null, count: { $sum: 1 } } },
    ]);
    assert.deepEqual(rows, [{ objectId: null, count: 3 }]);
  });

  test('$group then $sort on the accumulated value', async () => {
    const rows = await q().aggregate([
      { $group: { _id: '$cat', total: { $sum: '$price' } } },
      { $sort: { total: -1 } },
    ]);
    assert.deepEqual(rows.map((r) => r.objectId), ['c', 'b', 'a']);
  });

  test('$project keeps the chosen fields and the objectId', async () => {
    const rows = await q().aggregate([
      { $match: { cat: 'a' } },
      { $project: { cat: 1, price: 1 } },
    ]);
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.deepEqual(Object.keys(row).sort(), ['cat', 'objectId', 'price']);
    }
    assert.deepEqual(sorted(rows.map((r) => r.objectId)), sorted([sales[0].id, sales[1].id]));
    assert.deepEqual(sorted(rows.map((r) => r.price)), [10, 20]);
  });

  test('$sort, $skip and $limit', async () => {
    const rows = await q().aggregate([
      { $sort: { price: -1 } },
      { $skip: 1 },
      { $limit: 2 },
      { $project: { price: 1 } },
    ]);
    assert.deepEqual(rows.map((r) => r.price), [30, 20]);
  });

  test('$count', async () => {
    const rows = await q().aggregate([{ $match: { region: 'eu' } }, { $count: 'total' }]);
    assert.deepEqual(rows, [{ total: 3 }]);
  });

  test('the query\'s where constraints are applied as a leading $match', async () => {
    const rows = await q().equalTo('region', 'us').aggregate([
      { $group: { _id: '$cat', total: { $sum: '$price' } } },
    ]);
    assert.deepEqual(byObjectId(rows), [{ objectId: 'a', total: 20 }, { objectId: 'c', total: 50 }]);
  });

  test('a pipeline given as an object', async () => {
    const rows = await q().aggregate({ $group: { _id: '$region', count: { $sum: 1 } } });
    assert.deepEqual(byObjectId(rows), [{ objectId: 'eu', count: 3 }, { objectId: 'us', count: 2 }]);
  });

  test('$group by a pointer field yields the target objectId', async () => {
    const rows = await q().aggregate([{ $group: { _id: '$seller', total: { $sum: '$price' } } }]);
    assert.deepEqual(byObjectId(rows), byObjectId([
      { objectId: sellers.s1.id, total: 45 },
      { objectId: sellers.s2.id, total: 70 },
    ]));
  });

  test('$group on objectId is refused with 102', async () => {
    const err = await parseError(() => q().aggregate([{ $group: { objectId: '$cat' } }]));
    assert.equal(err.code, Parse.Error.INVALID_QUERY);
  });

  test('$group without _id is refused with 102', async () => {
    const err = await parseError(() => q().aggregate([{ $group: { total: { $sum: '$price' } } }]));
    assert.equal(err.code, Parse.Error.INVALID_QUERY);
  });

  test('aggregate needs the master key (403 without it)', async () => {
    const err = await parseError(() => q().aggregate([{ $count: 'total' }], { useMasterKey: false }));
    assert.match(err.message, /unauthorized/);
    assert.equal(lastExchange('/aggregate/').status, 403);
  });
});

describe('distinct', () => {
  test('distinct values of a field', async () => {
    assert.deepEqual(sorted(await q().distinct('cat')), ['a', 'b', 'c']);
    assert.deepEqual(sorted(await q().distinct('price')), sorted([10, 20, 30, 5, 50]));
  });

  test('distinct honours the where constraints', async () => {
    assert.deepEqual(sorted(await q().equalTo('cat', 'b').distinct('region')), ['eu']);
    assert.deepEqual(sorted(await q().greaterThan('price', 15).distinct('cat')), ['a', 'b', 'c']);
    assert.deepEqual(sorted(await q().lessThan('price', 15).distinct('cat')), ['a', 'b']);
  });

  test('distinct on an array field lists the elements', async () => {
    assert.deepEqual(sorted(await q().distinct('tags')), ['x', 'y', 'z']);
  });

  test('distinct on a field nobody has is empty', async () => {
    assert.deepEqual(await q().distinct('nothing'), []);
  });
});
