// Parse.User (signUp, logIn, become, current, logOut, anonymous login), Parse.ACL with users and roles, Parse.Role
// with inheritance, and Parse.Session.current - the identity contract the SDK relies on.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Parse, M, runId, setupParse } from '../support/parse.mjs';

let ctx;
let Note;

before(async () => {
  ctx = await setupParse();
  Note = ctx.className('UserNote');
  Parse.User.enableUnsafeCurrentUser();
});
after(async () => {
  await Parse.User.logOut().catch(() => {});
  await ctx?.cleanup();
  await ctx?.server.stop();
});

const name = (base) => `${base}_${runId}`;

async function signUp(base, password = 'pw-' + base) {
  const user = new Parse.User();
  user.set('username', name(base));
  user.set('password', password);
  user.set('email', `${name(base)}@example.com`);
  await user.signUp();
  return user;
}

describe('users', () => {
  test('signUp returns a session, current() and become() follow it, logOut ends it', async () => {
    const user = await signUp('ann');
    const token = user.getSessionToken();
    assert.match(token, /^r:[0-9a-f]{32}$/);
    assert.equal(Parse.User.current().id, user.id);
    await Parse.User.logOut();
    assert.equal(Parse.User.current(), null);
    const again = await Parse.User.become(token).catch((e) => e);
    assert.equal(again.code, Parse.Error.INVALID_SESSION_TOKEN, 'logOut revoked the token');
    const logged = await Parse.User.logIn(name('ann'), 'pw-ann');
    assert.equal(logged.id, user.id);
    assert.equal(logged.get('email'), `${name('ann')}@example.com`);
    const became = await Parse.User.become(logged.getSessionToken());
    assert.equal(became.get('username'), name('ann'));
    const session = await Parse.Session.current();
    assert.equal(session.getSessionToken(), logged.getSessionToken());
    await Parse.User.logOut();
  });

  test('a wrong password and an unknown user fail alike with 101', async () => {
    await signUp('bob');
    await Parse.User.logOut();
    const wrong = await Parse.User.logIn(name('bob'), 'nope').catch((e) => e);
    const unknown = await Parse.User.logIn(name('nobody'), 'nope').catch((e) => e);
    assert.equal(wrong.code, Parse.Error.OBJECT_NOT_FOUND);
    assert.equal(unknown.code, Parse.Error.OBJECT_NOT_FOUND);
    assert.equal(wrong.message, unknown.message);
  });

  test('a taken username is 202', async () => {
    await signUp('cat');
    await Parse.User.logOut();
    const dup = await signUp('cat').catch((e) => e);
    assert.equal(dup.code, Parse.Error.USERNAME_TAKEN);
  });

  test('user ACLs: private notes are readable by their owner only', async () => {
    const dan = await signUp('dan');
    const note = new Parse.Object(Note);
    note.set('text', 'mine');
    note.setACL(new Parse.ACL(dan));
    await note.save();
    const mine = await new Parse.Query(Note).equalTo('objectId', note.id).find();
    assert.equal(mine.length, 1);
    await Parse.User.logOut();
    await signUp('eve');
    const theirs = await new Parse.Query(Note).equalTo('objectId', note.id).find();
    assert.equal(theirs.length, 0);
    const fetched = await new Parse.Query(Note).get(note.id).catch((e) => e);
    assert.equal(fetched.code, Parse.Error.OBJECT_NOT_FOUND);
    await Parse.User.logOut();
  });

  test('roles: ACLs granted to a parent role reach members of a child role', async () => {
    const fay = await signUp('fay');
    await Parse.User.logOut();
    const roleAcl = new Parse.ACL();
    roleAcl.setPublicReadAccess(true);
    const staff = new Parse.Role(name('Staff'), roleAcl);
    staff.getUsers().add(fay);
    await staff.save(null, M);
    const admins = new Parse.Role(name('Admins'), roleAcl);
    admins.getRoles().add(staff);
    await admins.save(null, M);
    const secret = new Parse.Object(Note);
    const acl = new Parse.ACL();
    acl.setRoleReadAccess(admins, true);
    secret.setACL(acl);
    await secret.save({ text: 'admins only' }, M);
    const anonymousView = await new Parse.Query(Note).equalTo('objectId', secret.id).find();
    assert.equal(anonymousView.length, 0);
    await Parse.User.logIn(name('fay'), 'pw-fay');
    const fayView = await new Parse.Query(Note).equalTo('objectId', secret.id).find();
    assert.equal(fayView.length, 1);
    assert.equal(fayView[0].get('text'), 'admins only');
    await Parse.User.logOut();
  });

  test('anonymous login creates a user and logging in again with the same id returns it', async () => {
    const first = await Parse.AnonymousUtils.logIn();
    assert.ok(first.getSessionToken());
    assert.ok(Parse.AnonymousUtils.isLinked(first));
    await Parse.User.logOut();
    const authData = first.get('authData');
    if (authData) {
      const again = await Parse.User.logInWith('anonymous', { authData: authData.anonymous });
      assert.equal(again.id, first.id);
      await Parse.User.logOut();
    }
  });

  test('another user cannot modify a user (206) and email is hidden from others', async () => {
    const gus = await signUp('gus');
    await Parse.User.logOut();
    await signUp('hal');
    const asHal = Parse.Object.createWithoutData('_User', gus.id);
    asHal.set('username', 'hijacked');
    const err = await asHal.save().catch((e) => e);
    assert.ok([Parse.Error.SESSION_MISSING, Parse.Error.OBJECT_NOT_FOUND].includes(err.code), `code ${err.code}`);
    await Parse.User.logOut();
    const readable = await new Parse.Query(Parse.User).get(gus.id, M);
    assert.equal(readable.get('username'), name('gus'));
  });
});
