// Parse.Cloud.run against sandboxed cloud functions (the SDK's own integration test functions 'bar' and friends).
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { Parse, setupParse } from '../support/parse.mjs';

let ctx;
const cloud = join(dirname(fileURLToPath(import.meta.url)), '..', 'cloud', 'main.js');

before(async () => {
  ctx = await setupParse({ forceOwn: true, env: { HELIOBASE_CLOUD: cloud } });
});
after(async () => {
  await ctx?.cleanup();
  await ctx?.server.stop();
});

describe('cloud functions', () => {
  test('Parse.Cloud.run returns the result', async () => {
    assert.equal(await Parse.Cloud.run('bar', { key1: 'value2', key2: 'value1' }), 'Foo');
    const echoed = await Parse.Cloud.run('echo', { a: 1, list: [1, 2] });
    assert.deepEqual(echoed.params, { a: 1, list: [1, 2] });
  });

  test('a thrown string is a 141 Parse.Error', async () => {
    const err = await Parse.Cloud.run('bar', { key2: 'other' }).catch((e) => e);
    assert.equal(err.code, Parse.Error.SCRIPT_FAILED);
    assert.equal(err.message, 'bad stuff happened');
  });

  test('validators answer 142 and unknown functions 141', async () => {
    assert.equal(await Parse.Cloud.run('guarded', { n: 21 }), 42);
    const invalid = await Parse.Cloud.run('guarded', { n: 'x' }).catch((e) => e);
    assert.equal(invalid.code, Parse.Error.VALIDATION_ERROR);
    const missing = await Parse.Cloud.run('nope').catch((e) => e);
    assert.equal(missing.code, Parse.Error.SCRIPT_FAILED);
  });
});

describe('cloud triggers', () => {
  test('a beforeSave change reaches the saved Parse.Object', async () => {
    const note = await new Parse.Object('TriggerNote').save({ title: 'Hello Agents' });
    assert.equal(note.get('slug'), 'hello-agents', 'the SDK merges the echoed change');
    const fetched = await new Parse.Query('TriggerNote').get(note.id);
    assert.equal(fetched.get('slug'), 'hello-agents');
    await note.save({ title: 'Renamed Note' });
    assert.equal(note.get('slug'), 'renamed-note');
  });

  test('a throwing beforeSave rejects the save with its code', async () => {
    const err = await new Parse.Object('TriggerNote').save({ body: 'untitled' }).catch((e) => e);
    assert.equal(err.code, Parse.Error.VALIDATION_ERROR);
    assert.equal(err.message, 'a note needs a title');
    assert.equal(await new Parse.Query('TriggerNote').equalTo('body', 'untitled').count(), 0);
  });

  test('a throwing beforeDelete keeps the object', async () => {
    const note = await new Parse.Object('TriggerNote').save({ title: 'Keep', locked: true });
    const err = await note.destroy().catch((e) => e);
    assert.equal(err.code, Parse.Error.SCRIPT_FAILED);
    assert.equal(err.message, 'locked notes cannot be deleted');
    assert.equal((await new Parse.Query('TriggerNote').get(note.id)).get('title'), 'Keep');
  });

  test('an afterFind filters what Parse.Query returns', async () => {
    await Parse.Object.saveAll([
      new Parse.Object('TriggerCard', { name: 'live' }),
      new Parse.Object('TriggerCard', { name: 'old', archived: true }),
    ]);
    const names = (await new Parse.Query('TriggerCard').find()).map((card) => card.get('name'));
    assert.deepEqual(names, ['live']);
  });
});

describe('cloud code with data', () => {
  test('a function queries with the caller\'s session and returns Parse.Objects', async () => {
    const user = await Parse.User.signUp('cloud-reader', 'pw-cloud-reader');
    const acl = new Parse.ACL(user);
    await new Parse.Object('TriggerCard', { name: 'mine' }).setACL(acl).save();
    const cards = await Parse.Cloud.run('myCards', {}, { sessionToken: user.getSessionToken() });
    assert.ok(cards.every((card) => card instanceof Parse.Object), 'results decode as Parse.Objects');
    assert.ok(cards.map((card) => card.get('name')).includes('mine'));
    const other = await Parse.User.signUp('cloud-other', 'pw-cloud-other');
    const theirs = await Parse.Cloud.run('myCards', {}, { sessionToken: other.getSessionToken() });
    assert.ok(!theirs.map((card) => card.get('name')).includes('mine'), 'the ACL holds inside cloud code');
    await Parse.User.logOut();
  });

  test('Parse.Cloud.startJob and getJobStatus follow a job to its end', async () => {
    const statusId = await Parse.Cloud.startJob('countCards', { tag: 'done' });
    assert.equal(typeof statusId, 'string');
    let status;
    const deadline = Date.now() + 20000;
    do {
      status = await Parse.Cloud.getJobStatus(statusId);
    } while (status.get('status') === 'running' && Date.now() < deadline);
    assert.equal(status.get('status'), 'succeeded');
    assert.match(status.get('message'), /^cards: \d+ done$/);
    assert.equal(status.get('jobName'), 'countCards');
  });
});
