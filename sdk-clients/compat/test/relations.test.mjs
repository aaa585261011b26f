// Parse.Relation: add/remove (AddRelation/RemoveRelation ops), relation.query() ($relatedTo), queries on the
// relation field (equalTo / containedIn / notEqualTo), redirectClassNameForKey and the Relation field type.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Parse, setupParse, sorted } from '../support/parse.mjs';

let ctx;
let Team;
let Player;
const p = {};

before(async () => {
  ctx = await setupParse();
  Team = ctx.className('RelTeam');
  Player = ctx.className('RelPlayer');
  for (const [name, score] of [['p1', 5], ['p2', 15], ['p3', 25], ['p4', 35]]) {
    p[name] = new Parse.Object(Player);
    await p[name].save({ name, score });
  }
});
after(async () => {
  await ctx?.cleanup();
  await ctx?.server.stop();
});

const playerNames = async (query) => sorted((await query.find()).map((o) => o.get('name')));
const teamNames = async (query) => sorted((await query.find()).map((o) => o.get('name')));

async function newTeam(name, members) {
  const team = new Parse.Object(Team);
  team.set('name', name);
  if (members.length) team.relation('members').add(members);
  await team.save();
  return team;
}

describe('relations', () => {
  test('relation.add then relation.query() finds the members', async () => {
    const team = await newTeam('reds', [p.p1, p.p2, p.p3]);
    assert.deepEqual(await playerNames(team.relation('members').query()), ['p1', 'p2', 'p3']);
  });

  test('a fetched object carries the Relation field with its target class', async () => {
    const team = await newTeam('typed', [p.p1]);
    const copy = await new Parse.Query(Team).get(team.id);
    const rel = copy.get('members');
    assert.ok(rel instanceof Parse.Relation);
    assert.equal(rel.targetClassName, Player);
    assert.equal(copy.relation('members').targetClassName, Player);
    assert.deepEqual(await playerNames(copy.relation('members').query()), ['p1']);
  });

  test('the schema records the field as Relation<target>', async () => {
    await newTeam('schema', [p.p1]);
    const schema = await new Parse.Schema(Team).get();
    assert.deepEqual(schema.fields.members, { type: 'Relation', targetClass: Player });
  });

  test('relation.remove drops members; adding an existing member again does not duplicate it', async () => {
    const team = await newTeam('blues', [p.p1, p.p2, p.p3]);
    team.relation('members').remove(p.p2);
    await team.save();
    assert.deepEqual(await playerNames(team.relation('members').query()), ['p1', 'p3']);
    team.relation('members').add([p.p1, p.p4]);
    await team.save();
    assert.deepEqual(await playerNames(team.relation('members').query()), ['p1', 'p3', 'p4']);
    assert.equal(await team.relation('members').query().count(), 3);
  });

  test('add and remove in one save (Batch op)', async () => {
    const team = await newTeam('mixed', [p.p1, p.p2]);
    const rel = team.relation('members');
    rel.add(p.p3);
    rel.remove(p.p1);
    await team.save();
    assert.deepEqual(await playerNames(team.relation('members').query()), ['p2', 'p3']);
  });

  test('relation.query() takes further constraints, order and limit', async () => {
    const team = await newTeam('greens', [p.p1, p.p2, p.p3, p.p4]);
    const rel = team.relation('members');
    assert.deepEqual(await playerNames(rel.query().greaterThan('score', 10)), ['p2', 'p3', 'p4']);
    assert.equal(await rel.query().greaterThan('score', 20).count(), 2);
    const ordered = await rel.query().descending('score').limit(2).find();
    assert.deepEqual(ordered.map((o) => o.get('name')), ['p4', 'p3']);
  });

  test('relation.query() on an unfetched parent (redirectClassNameForKey)', async () => {
    const team = await newTeam('unfetched', [p.p2, p.p4]);
    const shell = Parse.Object.extend(Team).createWithoutData(team.id);
    const found = await shell.relation('members').query().find();
    assert.ok(found.every((o) => o.className === Player), `className of results: ${found.map((o) => o.className)}`);
    assert.deepEqual(sorted(found.map((o) => o.get('name'))), ['p2', 'p4']);
  });

  test('equalTo / containedIn / notEqualTo on the relation field find the owners', async () => {
    const a = await newTeam('owner-a', [p.p1, p.p3]);
    const b = await newTeam('owner-b', [p.p3, p.p4]);
    const owners = () => new Parse.Query(Team).containedIn('objectId', [a.id, b.id]);
    assert.deepEqual(await teamNames(owners().equalTo('members', p.p3)), ['owner-a', 'owner-b']);
    assert.deepEqual(await teamNames(owners().equalTo('members', p.p4)), ['owner-b']);
    assert.deepEqual(await teamNames(owners().equalTo('members', p.p2)), []);
    assert.deepEqual(await teamNames(owners().containedIn('members', [p.p1, p.p2])), ['owner-a']);
    assert.deepEqual(await teamNames(owners().notEqualTo('members', p.p1)), ['owner-b']);
  });

  test('a relation is empty until something is added', async () => {
    const team = await newTeam('empty', []);
    assert.deepEqual(await team.relation('members').query().find(), []);
  });
});
