// Checks cloud-code/types/heliobase-cloud.d.ts with the TypeScript compiler: it compiles on its own, accepts the API
// as the sandbox's prelude.js defines it, and turns wrong names into errors (so it is not `any` in disguise).
// Run by `npm run typecheck-cloud`, after `tsc -p ../../examples/cloud`. Not named *.test.mjs, so the Parse SDK
// compatibility suite (`npm test`) leaves it out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DECLARATIONS = fileURLToPath(new URL('../../../cloud-code/types/heliobase-cloud.d.ts', import.meta.url));
const TSC = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));

// As examples/cloud/tsconfig.json: the sandbox has no DOM, no Node built-ins and no timers.
const SANDBOX_OPTIONS = {
  allowJs: true, checkJs: true, noEmit: true, strict: true, target: 'es2022', lib: ['es2022'],
  module: 'nodenext', moduleResolution: 'nodenext', types: [],
};

/** Compiles the declarations plus `script` (if any) in a fresh folder; answers tsc's exit code and messages. */
function compile(script) {
  const dir = mkdtempSync(join(tmpdir(), 'heliobase-cloud-types-'));
  try {
    const files = [DECLARATIONS];
    if (script !== undefined) {
      writeFileSync(join(dir, 'main.js'), script);
      files.push('main.js');
    }
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: SANDBOX_OPTIONS, files }));
    const run = spawnSync(process.execPath, [TSC, '-p', dir, '--pretty', 'false'], { encoding: 'utf8' });
    assert.equal(run.error, undefined, String(run.error));
    return { status: run.status, output: (run.stdout + run.stderr).trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the declaration file compiles on its own, with strict settings and no DOM lib', () => {
  const { status, output } = compile(undefined);
  assert.equal(output, '');
  assert.equal(status, 0);
});

test('using the API as prelude.js defines it type-checks', () => {
  const { status, output } = compile(`// @ts-check
const Project = Parse.Object.extend('Project');
class Note extends Parse.Object {
  constructor() {
    super('Note');
  }
}
Parse.Object.registerSubclass('Note', Note);

Parse.Cloud.define('everything', async (request) => {
  const user = request.user;
  const rights = user ? { sessionToken: user.getSessionToken() } : { useMasterKey: true };
  const project = new Project({ name: request.params.name });
  project.set('tags', ['a']).addUnique('tags', 'b').increment('views').unset('draft');
  const acl = new Parse.ACL(user || undefined);
  acl.setPublicReadAccess(true);
  acl.setRoleWriteAccess('Admin', true);
  project.setACL(acl);
  const saved = await project.save(null, { useMasterKey: true });
  /** @type {string} */
  const id = saved.id;
  const pointer = Parse.Object.createWithoutData('Project', id);
  const sameClass = Project.createWithoutData(id);
  await Parse.Object.fetchAll([pointer, sameClass], { useMasterKey: true, include: 'owner' });
  const found = await new Parse.Query(Project).equalTo('name', 'x').containedIn('tags', ['a']).include('owner')
    .select(['name', 'tags']).descending('createdAt').limit(10).skip(0).find(rights);
  /** @type {string[]} */
  const ids = found.map((p) => p.id);
  const counted = await new Parse.Query('Project').withCount().find({ useMasterKey: true });
  /** @type {number} */
  const total = counted.count + counted.results.length;
  const nearby = new Parse.Query('Place').withinKilometers('at', new Parse.GeoPoint({ latitude: 1, longitude: 2 }), 5);
  const either = Parse.Query.or(new Parse.Query('Project').exists('lead'), new Parse.Query('Project').matches('name', /^a/i));
  const first = await either.matchesQuery('place', nearby).first({ useMasterKey: true });
  const name = first ? first.get('name') : null;
  await new Parse.Query('Project').each((p) => p.destroy({ useMasterKey: true }), { useMasterKey: true });
  const titles = await new Parse.Query('Project').map((p) => p.get('name'), { useMasterKey: true });
  const response = await fetch('https://api.example.com/v1/answer', {
    method: 'POST', headers: new Headers({ 'content-type': 'application/json' }), body: JSON.stringify({ q: 1 }),
  });
  if (!response.ok) {
    throw new Parse.Error(Parse.Error.SCRIPT_FAILED, 'upstream ' + response.status + ' ' + response.headers.get('content-type'));
  }
  /** @type {{ answer: string }} */
  const answer = await response.json();
  const other = await Parse.Cloud.run('other', { a: 1 }, { useMasterKey: true });
  return { ids, total, name, titles, answer, other, at: new Parse.GeoPoint([1, 2]).toJSON(), ip: request.ip,
    installation: request.installationId, context: request.context, master: request.master, json: project.toJSON() };
}, { requireUser: true, requireAnyUserRoles: ['Staff'], fields: { name: { type: String, required: true },
  mode: { type: 'string', options: ['fast', 'slow'], default: 'fast' } } });

Parse.Cloud.define('double', /** @param {Parse.Cloud.FunctionRequest<{ n: number }>} request */
  (request) => request.params.n * 2, { fields: ['n'] });

Parse.Cloud.beforeSave(Note, (request) => {
  /** @type {Note} */
  const note = request.object;
  note.set('edited', !!request.original && request.original.get('text') !== note.get('text'));
}, { requireUser: true });
Parse.Cloud.afterSave('Project', async (request) => {
  /** @type {string} */
  const id = request.object.id;
  await new Parse.Object('Log', { about: id }).save(null, { useMasterKey: true });
});
Parse.Cloud.beforeDelete('Project', () => {}, { requireMaster: true, validateMasterKey: true });
Parse.Cloud.afterDelete('Project', (request) => request.log.warn('deleted', request.object.id));
Parse.Cloud.beforeFind('Project', (request) => (request.isGet || request.count ? undefined : request.query.limit(5)));
Parse.Cloud.afterFind('Project', (request) => request.objects.filter((o) => o.get('hidden') !== true));
Parse.Cloud.beforeLogin((request) => {
  if (request.object.get('banned')) {
    throw new Parse.Error(Parse.Error.OPERATION_FORBIDDEN, 'banned ' + request.object.getUsername());
  }
});
Parse.Cloud.afterLogin((request) => request.log.info(request.object.getEmail()));
Parse.Cloud.afterLogout((request) => request.log.error(request.object.getSessionToken()));
Parse.Cloud.beforeSave(Parse.File, (request) => {
  if ((request.fileSize || 0) > 1000000 || !request.file.name().endsWith('.png')) {
    throw new Parse.Error(Parse.Error.VALIDATION_ERROR, 'PNG files up to 1 MB');
  }
}, { requireUser: true });
Parse.Cloud.afterSaveFile((request) => request.log.info(request.file.url(), request.contentLength));
Parse.Cloud.beforeDeleteFile(() => {}, { requireMaster: true });
Parse.Cloud.afterDelete(Parse.File, async (request) => {
  await new Parse.Object('Deleted', { file: new Parse.File(request.file.name(), request.file.url()) })
    .save(null, { useMasterKey: true });
});
Parse.Cloud.beforeSubscribe('Project', (request) => {
  request.query.equalTo('team', request.user ? request.user.get('team') : null).select('name');
});
Parse.Cloud.afterLiveQueryEvent(Project, (request) => {
  if (request.event === 'delete') {
    request.sendEvent = false;
  }
});
Parse.Cloud.afterLiveQueryEvent('Project', (request) => {
  request.object.unset('secret');
  request.sendEvent = request.event !== 'leave' || !!request.original;
});
Parse.Cloud.job('nightly', async (request) => {
  await request.message('working on ' + request.jobName + ' ' + request.jobId + ' ' + request.params.scope);
  return 'done';
});

Heliobase.tool('search', { description: 'Search notes', input: { type: 'object' }, output: null,
  permission: { roles: ['Agent'] }, idempotent: true, timeoutMs: 2000 }, async (request) => {
  const approvedBy = request.approval ? request.approval.by + ' at ' + request.approval.at.iso : null;
  return { task: request.task, call: request.toolCall, tool: request.tool, approvedBy, input: request.input.q };
});
Heliobase.tool('ping', () => ({ pong: true }));
Heliobase.tool('refund', { requiresApproval: { roles: ['Support'] }, permission: 'public' }, () => 'refunded');

const admin = new Parse.Role('Admin', new Parse.ACL());
const ada = new Parse.User({ username: 'ada' }).setPassword('secret').setEmail('ada@example.com');
const session = new Parse.Session();
const whereAmI = __filename + ' in ' + __dirname;
module.exports = { admin, ada, session, whereAmI };
`);
  assert.equal(output, '');
  assert.equal(status, 0);
});

test('wrong names, wrong shapes and what the sandbox lacks are errors', () => {
  // one mistake per line, marked: tsc must report exactly the marked lines
  const script = `// @ts-check
Parse.Cloud.defin('x', () => 1); // error
Parse.Cloud.define('x', (request) => request.parms); // error
Parse.Cloud.define('x', () => 1, { requireUsers: true }); // error
Parse.Cloud.beforeSave('Task', () => {}, { fields: ['title'] }); // error: fields only check function params
Parse.Cloud.beforeSave('Task', (request) => request.objects); // error
Parse.Cloud.job('nightly', (request) => request.user); // error: a job has no caller
Parse.Cloud.beforeSaveFile((request) => request.object); // error: file triggers get request.file
Parse.Cloud.beforeSubscribe('Task', (request) => request.objects); // error
Parse.Cloud.afterLiveQueryEvent('Task', (request) => request.requestId); // error
Parse.Cloud.afterLiveQueryEvent('Task', (request) => request.event === 'created'); // error
Heliobase.tool('t', { requireApproval: true }, () => ({})); // error
Heliobase.tool('t', { permission: 'admin' }, () => ({})); // error
new Parse.Query('Task').equalto('title', 'x'); // error
new Parse.Query('Task').find({ masterKey: true }); // error
new Parse.Query('Task').withCount().find().then((found) => found.length); // error: counted finds answer { results, count }
new Parse.Object('Task').save(null, { useMasterkey: true }); // error
new Parse.GeoPoint(1, 2).radiansTo(new Parse.GeoPoint(3, 4)); // error
Parse.User.logIn('ada', 'secret'); // error
Parse.Error.NOT_A_CODE; // error
fetch('https://api.example.com').then((response) => response.body); // error
fetch('https://api.example.com', { method: 'POST', body: { a: 1 } }); // error: bodies are text
setTimeout(() => {}, 10); // error
process.env.API_KEY; // error
document.title; // error
const fs = require('fs'); // error
`;
  const marked = script.split('\n').flatMap((line, i) => (line.includes('// error') ? [i + 1] : []));
  const { status, output } = compile(script);
  assert.notEqual(status, 0);
  const reported = [...new Set([...output.matchAll(/main\.js\((\d+),\d+\): error/g)].map((m) => Number(m[1])))];
  assert.deepEqual(reported, marked, output);
});
