// Parse.Query.subscribe() over the server's own WebSocket (the SDK's default liveQueryServerURL): create, update,
// enter, leave and delete events, ACLs per subscriber, unsubscribe.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Parse, M, setupParse } from '../support/parse.mjs';

let ctx;
let Task;

before(async () => {
  ctx = await setupParse();
  Task = ctx.className('LqTask');
  Parse.liveQueryServerURL = ctx.server.url.replace(/^http/, 'ws');
  Parse.User.enableUnsafeCurrentUser();
});
after(async () => {
  const client = await Parse.CoreManager.getLiveQueryController().getDefaultLiveQueryClient();
  client?.close();
  await ctx?.cleanup();
  await ctx?.server.stop();
});

/** Collects a subscription's events; next(name) resolves with the next one of that name (bounded wait). */
function recorder(subscription) {
  const events = [];
  const waiters = [];
  for (const name of ['create', 'update', 'enter', 'leave', 'delete']) {
    subscription.on(name, (object, original) => {
      events.push({ name, object, original });
      while (waiters.length) waiters.shift()();
    });
  }
  return {
    async next(name, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = events.findIndex((e) => e.name === name);
        if (index >= 0) return events.splice(index, 1)[0];
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no ${name} event within ${timeoutMs} ms; got ${events.map((e) => e.name)}`);
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => { clearTimeout(timer); resolve(); });
        });
      }
    },
    events,
  };
}

describe('live queries', () => {
  test('subscribe sees create, enter, update, leave and delete', async () => {
    const query = new Parse.Query(Task).greaterThanOrEqualTo('progress', 10);
    const subscription = await query.subscribe();
    await new Promise((resolve) => subscription.on('open', resolve));
    const events = recorder(subscription);
    const task = new Parse.Object(Task);
    await task.save({ progress: 1, title: 't' });
    task.set('progress', 20);
    await task.save();
    const enter = await events.next('enter');
    assert.equal(enter.object.get('progress'), 20);
    assert.equal(enter.original.get('progress'), 1);
    task.set('progress', 30);
    await task.save();
    assert.equal((await events.next('update')).object.get('progress'), 30);
    task.set('progress', 0);
    await task.save();
    assert.equal((await events.next('leave')).object.get('progress'), 0);
    const hot = new Parse.Object(Task);
    await hot.save({ progress: 99 });
    assert.equal((await events.next('create')).object.id, hot.id);
    await hot.destroy();
    assert.equal((await events.next('delete')).object.id, hot.id);
    await subscription.unsubscribe();
  });

  test('an object only its owner may read reaches only the owner', async () => {
    // the SDK's default live-query client connects with the master key this suite initializes Parse with, and the
    // master key sees everything; an app's client connects without it, as this one does
    const client = new Parse.LiveQueryClient({
      applicationId: ctx.server.appId,
      serverURL: Parse.liveQueryServerURL,
    });
    client.open();
    const anonymousSub = client.subscribe(new Parse.Query(Task).equalTo('title', 'secret-note'));
    await new Promise((resolve) => anonymousSub.on('open', resolve));
    const seen = recorder(anonymousSub);
    const owner = new Parse.User();
    owner.set('username', `lq_owner_${Date.now()}`);
    owner.set('password', 'pw');
    await owner.signUp();
    const note = new Parse.Object(Task);
    note.setACL(new Parse.ACL(owner));
    await note.save({ title: 'secret-note', progress: 1 }, M);
    const publicNote = new Parse.Object(Task);
    await publicNote.save({ title: 'secret-note', progress: 2 }, M);
    const first = await seen.next('create');
    assert.equal(first.object.id, publicNote.id, 'the private note was not delivered to the anonymous subscription');
    await Parse.User.logOut();
    client.close();
  });
});

describe('live query initial results', () => {
  test('subscription.find() answers the current results as a result event', async () => {
    const a = new Parse.Object(Task);
    await a.save({ title: 'initial', progress: 50 });
    const subscription = await new Parse.Query(Task).equalTo('title', 'initial').subscribe();
    await new Promise((resolve) => subscription.on('open', resolve));
    const results = new Promise((resolve) => subscription.on('result', resolve));
    subscription.find();
    const objects = await results;
    assert.deepEqual(objects.map((o) => o.id), [a.id]);
    assert.equal(objects[0].get('progress'), 50);
    await subscription.unsubscribe();
  });
});
