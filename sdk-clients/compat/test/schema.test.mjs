// Parse.Schema (/schemas, /purge): create with fields/indexes/CLP, get/all, addField/addIndex/deleteField/deleteIndex
// via update, required and default values, purge, delete, and class-level permissions as clients see them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { lastExchange, M, Parse, parseError, setupParse } from '../support/parse.mjs';

let ctx;
let Typed;
let Target;
let Defaults;
let Locked;
let Hidden;
let Doomed;

before(async () => {
  ctx = await setupParse();
  Typed = ctx.className('SchTyped');
  Target = ctx.className('SchTarget');
  Defaults = ctx.className('SchDefaults');
  Locked = ctx.className('SchLocked');
  Hidden = ctx.className('SchHidden');
  Doomed = ctx.className('SchDoomed');
});
after(async () => {
  await ctx?.cleanup();
  await ctx?.server.stop();
});

const DEFAULT_FIELDS = {
  objectId: { type: 'String' },
  createdAt: { type: 'Date' },
  updatedAt: { type: 'Date' },
  ACL: { type: 'ACL' },
};

const typedFields = () => ({
  title: { type: 'String' },
  score: { type: 'Number' },
  done: { type: 'Boolean' },
  due: { type: 'Date' },
  attachment: { type: 'File' },
  where: { type: 'GeoPoint' },
  area: { type: 'Polygon' },
  tags: { type: 'Array' },
  meta: { type: 'Object' },
  raw: { type: 'Bytes' },
  owner: { type: 'Pointer', targetClass: Target },
  friends: { type: 'Relation', targetClass: Target },
});

describe('create and read schemas', () => {
  test('save() creates a class with every field type and an index', async () => {
    const schema = new Parse.Schema(Typed)
      .addString('title')
      .addNumber('score')
      .addBoolean('done')
      .addDate('due')
      .addFile('attachment')
      .addGeoPoint('where')
      .addPolygon('area')
      .addArray('tags')
      .addObject('meta')
      .addBytes('raw')
      .addPointer('owner', Target)
      .addRelation('friends', Target)
      .addIndex('score_1', { score: 1 });
    const created = await schema.save();
    assert.equal(created.className, Typed);
    assert.deepEqual(created.fields, { ...DEFAULT_FIELDS, ...typedFields() });
    assert.deepEqual(created.indexes?.score_1, { score: 1 });
  });

  test('get() returns the stored schema with the default class-level permissions', async () => {
    const got = await new Parse.Schema(Typed).get();
    assert.equal(got.className, Typed);
    assert.deepEqual(got.fields, { ...DEFAULT_FIELDS, ...typedFields() });
    assert.deepEqual(got.indexes?.score_1, { score: 1 });
    assert.deepEqual(got.classLevelPermissions, {
      find: { '*': true },
      count: { '*': true },
      get: { '*': true },
      create: { '*': true },
      update: { '*': true },
      delete: { '*': true },
      addField: { '*': true },
      protectedFields: { '*': [] },
    });
  });

  test('Parse.Schema.all() lists the class', async () => {
    const all = await Parse.Schema.all();
    const mine = all.find((s) => s.className === Typed);
    assert.ok(mine, 'class listed');
    assert.deepEqual(mine.fields, { ...DEFAULT_FIELDS, ...typedFields() });
  });

  test('a class created by saving an object has a schema inferred from the values', async () => {
    const Inferred = ctx.className('SchInferred');
    const target = new Parse.Object(Target);
    await target.save({ x: 1 });
    const obj = new Parse.Object(Inferred);
    await obj.save({ s: 'a', n: 1, b: true, d: new Date(), arr: [1], o: { a: 1 }, g: new Parse.GeoPoint(1, 2), p: target });
    const got = await new Parse.Schema(Inferred).get();
    assert.deepEqual(got.fields, {
      ...DEFAULT_FIELDS,
      s: { type: 'String' },
      n: { type: 'Number' },
      b: { type: 'Boolean' },
      d: { type: 'Date' },
      arr: { type: 'Array' },
      o: { type: 'Object' },
      g: { type: 'GeoPoint' },
      p: { type: 'Pointer', targetClass: Target },
    });
  });

  test('creating a class that exists → 103', async () => {
    const err = await parseError(() => new Parse.Schema(Typed).addString('x').save());
    assert.equal(err.code, Parse.Error.INVALID_CLASS_NAME);
    assert.equal(err.message, `Class ${Typed} already exists.`);
  });

  test('get() of a class that does not exist → 103', async () => {
    const err = await parseError(() => new Parse.Schema(`SchNone_${Date.now()}`).get());
    assert.equal(err.code, Parse.Error.INVALID_CLASS_NAME);
    assert.match(err.message, /does not exist/);
  });

  test('/schemas needs the master key (403 without it)', async () => {
    const rest = Parse.CoreManager.getRESTController();
    const err = await parseError(() => rest.request('GET', `schemas/${Typed}`, {}, { useMasterKey: false }));
    assert.match(err.message, /unauthorized/);
    assert.equal(lastExchange('/schemas/').status, 403);
  });
});

describe('update schemas', () => {
  test('update() adds a field and an index', async () => {
    const schema = new Parse.Schema(Typed);
    schema.addField('extra', 'String').addIndex('title_1', { title: 1 });
    const updated = await schema.update();
    assert.deepEqual(updated.fields.extra, { type: 'String' });
    assert.deepEqual(updated.indexes?.title_1, { title: 1 });
    const got = await new Parse.Schema(Typed).get();
    assert.deepEqual(got.fields.extra, { type: 'String' });
    assert.deepEqual(got.indexes?.title_1, { title: 1 });
  });

  test('update() deletes a field and an index', async () => {
    const schema = new Parse.Schema(Typed);
    schema.deleteField('extra').deleteIndex('title_1');
    await schema.update();
    const got = await new Parse.Schema(Typed).get();
    assert.equal(got.fields.extra, undefined);
    assert.equal(got.indexes?.title_1, undefined);
    assert.deepEqual(got.indexes?.score_1, { score: 1 });
  });

  test('deleting a field removes its values from the objects', async () => {
    const obj = new Parse.Object(Typed);
    await obj.save({ title: 'has temp', temp: 'value' });
    await new Parse.Schema(Typed).deleteField('temp').update();
    const copy = await new Parse.Query(Typed).get(obj.id);
    assert.equal(copy.has('temp'), false);
    assert.equal(copy.get('title'), 'has temp');
  });

  test('adding a field that exists → 255', async () => {
    const err = await parseError(() => new Parse.Schema(Typed).addNumber('title').update());
    assert.equal(err.code, Parse.Error.INVALID_SCHEMA_OPERATION);
    assert.equal(err.message, 'Field title exists, cannot update.');
  });

  test('deleting a field that does not exist → 255', async () => {
    const err = await parseError(() => new Parse.Schema(Typed).deleteField('nope').update());
    assert.equal(err.code, Parse.Error.INVALID_SCHEMA_OPERATION);
    assert.equal(err.message, 'Field nope does not exist, cannot delete.');
  });

  test('objects must match the field types (111)', async () => {
    const obj = new Parse.Object(Typed);
    const err = await parseError(() => obj.save({ score: 'high' }));
    assert.equal(err.code, Parse.Error.INCORRECT_TYPE);
    assert.equal(err.message, `schema mismatch for ${Typed}.score; expected Number but got String`);
  });
});

describe('required fields and default values', () => {
  before(async () => {
    await new Parse.Schema(Defaults)
      .addNumber('score', { defaultValue: 7 })
      .addString('label', { defaultValue: 'none' })
      .addString('code', { required: true })
      .save();
  });

  test('the schema keeps required and defaultValue', async () => {
    const got = await new Parse.Schema(Defaults).get();
    assert.deepEqual(got.fields.score, { type: 'Number', defaultValue: 7 });
    assert.deepEqual(got.fields.label, { type: 'String', defaultValue: 'none' });
    assert.deepEqual(got.fields.code, { type: 'String', required: true });
  });

  test('a missing field gets its default value, in the save response and in storage', async () => {
    const obj = new Parse.Object(Defaults);
    await obj.save({ code: 'c1', label: 'given' });
    assert.equal(obj.get('score'), 7, 'the create response carries the default');
    const copy = await new Parse.Query(Defaults).get(obj.id);
    assert.equal(copy.get('score'), 7);
    assert.equal(copy.get('label'), 'given');
  });

  test('a missing required field is refused (142 "code is required")', async () => {
    const obj = new Parse.Object(Defaults);
    const err = await parseError(() => obj.save({ label: 'no code' }));
    assert.equal(err.code, Parse.Error.VALIDATION_ERROR);
    assert.equal(err.message, 'code is required');
    assert.equal(obj.id, undefined);
  });
});

describe('purge and delete', () => {
  test('delete() of a class with objects → 255; purge() empties it; then delete() drops it', async () => {
    const objects = [1, 2, 3].map((i) => {
      const o = new Parse.Object(Doomed);
      o.set('i', i);
      return o;
    });
    for (const o of objects) await o.save();

    const err = await parseError(() => new Parse.Schema(Doomed).delete());
    assert.equal(err.code, 255);
    assert.equal(err.message, `Class ${Doomed} is not empty, contains 3 objects, cannot drop schema.`);

    await new Parse.Schema(Doomed).purge();
    assert.equal(await new Parse.Query(Doomed).count(), 0);
    const stillThere = await new Parse.Schema(Doomed).get();
    assert.deepEqual(stillThere.fields.i, { type: 'Number' });

    await new Parse.Schema(Doomed).delete();
    const gone = await parseError(() => new Parse.Schema(Doomed).get());
    assert.equal(gone.code, Parse.Error.INVALID_CLASS_NAME);
    assert.deepEqual(await new Parse.Query(Doomed).find(), []);
  });
});

describe('class-level permissions', () => {
  let obj;
  const denied = async (fn, action) => {
    const err = await parseError(fn);
    assert.equal(err.code, Parse.Error.OPERATION_FORBIDDEN, `${action}: ${err.message}`);
    assert.equal(err.message, `Permission denied for action ${action} on class ${Locked}.`);
  };

  before(async () => {
    const clp = new Parse.CLP();
    clp.setPublicGetAccess(true);
    clp.setPublicCreateAccess(true);
    await new Parse.Schema(Locked).addString('name').setCLP(clp).save();
    obj = new Parse.Object(Locked);
    await obj.save({ name: 'created by client' }, M);
  });

  test('the stored CLP allows only get and create', async () => {
    const stored = (await new Parse.Schema(Locked).get()).classLevelPermissions;
    assert.deepEqual(stored.get, { '*': true });
    assert.deepEqual(stored.create, { '*': true });
    assert.deepEqual(stored.find, {});
    assert.deepEqual(stored.update, {});
  });

  test('create is allowed', async () => {
    const mine = new Parse.Object(Locked);
    await mine.save({ name: 'by client' });
    assert.ok(mine.id);
  });

  test('get is allowed: fetch() (GET /classes/C/id)', async () => {
    const shell = Parse.Object.extend(Locked).createWithoutData(obj.id);
    await shell.fetch();
    assert.equal(shell.get('name'), 'created by client');
  });

  test('get is allowed: Query.get() (a find whose where is only the objectId counts as get)', async () => {
    const got = await new Parse.Query(Locked).get(obj.id);
    assert.equal(got.get('name'), 'created by client');
  });

  test('find, count, update, delete and addField are denied (119)', async () => {
    await denied(() => new Parse.Query(Locked).find(), 'find');
    await denied(() => new Parse.Query(Locked).equalTo('name', 'created by client').first(), 'find');
    await denied(() => new Parse.Query(Locked).count(), 'count');
    const copy = Parse.Object.extend(Locked).createWithoutData(obj.id);
    copy.set('name', 'changed');
    await denied(() => copy.save(), 'update');
    await denied(() => Parse.Object.extend(Locked).createWithoutData(obj.id).destroy(), 'delete');
    await denied(() => new Parse.Object(Locked).save({ name: 'x', brandNew: 1 }), 'addField');
  });

  test('the master key bypasses class-level permissions', async () => {
    const all = await new Parse.Query(Locked).find(M);
    assert.ok(all.some((o) => o.id === obj.id));
    const copy = Parse.Object.extend(Locked).createWithoutData(obj.id);
    copy.set('name', 'created by client');
    await copy.save(null, M);
  });

  test('changing the CLP with update() takes effect', async () => {
    await new Parse.Schema(Locked).setCLP({
      find: { '*': true }, count: { '*': true }, get: { '*': true }, create: { '*': true },
      update: { '*': true }, delete: { '*': true }, addField: {}, protectedFields: { '*': [] },
    }).update();
    const found = await new Parse.Query(Locked).find();
    assert.equal(found.length, 2);
    assert.equal(await new Parse.Query(Locked).count(), 2);
  });

  test('protectedFields hides fields from clients but not from the master key', async () => {
    await new Parse.Schema(Hidden).addString('name').addString('secret').setCLP({
      find: { '*': true }, count: { '*': true }, get: { '*': true }, create: { '*': true },
      update: { '*': true }, delete: { '*': true }, addField: { '*': true },
      protectedFields: { '*': ['secret'] },
    }).save();
    const obj = new Parse.Object(Hidden);
    await obj.save({ name: 'visible', secret: 'ssh' });

    const [asClient] = await new Parse.Query(Hidden).find();
    assert.equal(asClient.get('name'), 'visible');
    assert.equal(asClient.has('secret'), false);
    const single = await new Parse.Query(Hidden).get(obj.id);
    assert.equal(single.has('secret'), false);

    const asMaster = await new Parse.Query(Hidden).get(obj.id, M);
    assert.equal(asMaster.get('secret'), 'ssh');
  });
});
