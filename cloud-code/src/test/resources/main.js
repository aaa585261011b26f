const greet = require('./lib/greet');
Parse.Cloud.define('hello', (request) => ({ greeting: 'hello ' + (request.params.name || 'world') }));
Parse.Cloud.define('whoami', (request) => ({ user: request.user ? request.user.id : null, master: request.master }));
Parse.Cloud.define('asyncSum', async (request) => request.params.a + request.params.b);
Parse.Cloud.define('fails', () => { throw new Parse.Error(101, 'no such thing'); });
Parse.Cloud.define('throwsString', () => { throw 'bad stuff happened'; });
Parse.Cloud.define('spin', () => { while (true) {} });
Parse.Cloud.define('spinOnOwnBudget', () => { while (true) {} }, { timeoutMs: 200 });
Parse.Cloud.define('bomb', () => { const a = []; while (true) { a.push(new Array(100000).fill('x')); } });
Parse.Cloud.define('recurse', () => { const f = (n) => f(n + 1) + 1; return f(0); });
Parse.Cloud.define('validated', (request) => request.params.count, {
  requireUser: true, fields: { count: { type: Number, required: true } } });
Parse.Cloud.define('escape', () => ({
  java: typeof Java, polyglot: typeof Polyglot, load: typeof load, print: typeof print, process: typeof process,
  globalRequire: typeof globalThis.require, globalViaFunction: typeof (Function('return this')()).Parse,
}));
Parse.Cloud.define('hostProbe', () => {
  try { return String(Polyglot.eval('js', '1')); } catch (e) { return 'refused: ' + e.name; }
});
Parse.Cloud.beforeSave('Task', async (request) => {
  request.object.set('title', request.object.get('title').trim());
  request.object.increment('revision');
  request.object.unset('scratch');
}, { requireUser: true });
Parse.Cloud.afterFind('Task', (request) => request.objects.slice(0, 1));
Parse.Cloud.beforeLogin(() => {});

// Parse.Query and Parse.Object speak to the server through the host.
Parse.Cloud.define('queryShape', async () => {
  const Game = Parse.Object.extend('Game');
  const q = new Parse.Query(Game).equalTo('player', 'ada').greaterThan('score', 10).containedIn('level', [1, 2])
    .startsWith('name', 'a.b').exists('ok').include('owner').select('score', 'name').descending('score').limit(5).skip(2);
  const games = await q.find({ useMasterKey: true });
  return { kind: games[0] instanceof Game, id: games[0].id, score: games[0].get('score'),
    when: games[0].get('when') instanceof Date, owner: games[0].get('owner').className };
});
Parse.Cloud.define('saveShape', async (request) => {
  const game = new Parse.Object('Game', { score: 1 });
  game.set('when', new Date(Date.UTC(2026, 0, 2)));
  await game.save(null, { sessionToken: 'r:abc' });
  game.increment('score', 2).increment('score');
  game.addUnique('tags', 'x');
  await game.save();
  return game;
});
Parse.Cloud.define('nested', async () => {
  const saved = await new Parse.Object('Task', { title: '  nested ' }).save(null, { useMasterKey: true });
  return saved.get('title');
});
Parse.Cloud.define('deep', async () => {
  await new Parse.Object('Loop').save();
  return 'unreachable';
});
Parse.Cloud.beforeSave('Loop', async () => { await new Parse.Object('Loop').save(); });
Parse.Cloud.beforeFind('Task', (request) => { request.query.equalTo('archived', false).limit(10); });
Parse.Cloud.define('modules', () => {
  const refused = [];
  for (const name of ['fs', 'child_process', '../outside', '/etc/passwd']) {
    try { require(name); } catch (e) { refused.push(name); }
  }
  return { greeting: greet('ada'), same: require('./lib/greet.js') === greet, refused };
});
Parse.Cloud.define('escapeSuite', () => {
  const probes = {
    java: () => typeof Java, graal: () => typeof Graal, packages: () => typeof Packages, javaPkg: () => typeof java,
    polyglot: () => typeof Polyglot, debug: () => typeof Debug, process: () => typeof process,
    host: () => typeof globalThis.__heliobaseHost, pending: () => typeof globalThis.__heliobaseModules,
    timers: () => [typeof setTimeout, typeof setInterval, typeof setImmediate, typeof queueMicrotask].join(','),
    functionCtor: () => typeof (Parse.Cloud.define.constructor('return this')()).Java,
    asyncCtor: () => typeof ((async () => {}).constructor('return this')).call(null),
    proto: () => { Object.prototype.polluted = 1; return 'ok'; },
    worker: () => typeof Worker, loadWithNashorn: () => typeof loadWithNewGlobal,
  };
  const seen = {};
  for (const [name, probe] of Object.entries(probes)) {
    try { seen[name] = String(probe()); } catch (e) { seen[name] = 'threw ' + e.name; }
  }
  return seen;
});
Parse.Cloud.define('polluted', () => ({}).polluted === undefined ? 'clean' : 'polluted:' + ({}).polluted);
Parse.Cloud.define('giantString', () => 'x'.repeat(1 << 30).length);
Parse.Cloud.define('regexBomb', () => /^(a+)+$/.test('a'.repeat(40) + '!'));
Parse.Cloud.define('headersAndAcl', () => {
  const headers = new Headers({ 'Content-Type': 'application/json' });
  headers.append('X-Tag', 'a');
  headers.append('x-tag', 'b');
  const role = new Parse.Role('Admins');
  const acl = new Parse.ACL();
  acl.setReadAccess(role, true);
  acl.setRoleWriteAccess('Admins', true);
  return { type: headers.get('content-type'), tags: headers.get('X-TAG'), roleRead: acl.getReadAccess(role),
    roleWrite: acl.getRoleWriteAccess(role), json: acl.toJSON() };
});
