Parse.Cloud.define('hello', (request) => ({ greeting: 'hello ' + (request.params.name || 'world') }));
Parse.Cloud.define('whoami', (request) => ({ user: request.user ? request.user.objectId : null, master: request.master }));
Parse.Cloud.define('asyncSum', async (request) => request.params.a + request.params.b);
Parse.Cloud.define('fails', () => { throw new Parse.Error(101, 'no such thing'); });
Parse.Cloud.define('throwsString', () => { throw 'bad stuff happened'; });
Parse.Cloud.define('spin', () => { while (true) {} });
Parse.Cloud.define('bomb', () => { const a = []; while (true) { a.push(new Array(100000).fill('x')); } });
Parse.Cloud.define('recurse', () => { const f = (n) => f(n + 1) + 1; return f(0); });
Parse.Cloud.define('validated', (request) => request.params.count, {
  requireUser: true, fields: { count: { type: Number, required: true } } });
Parse.Cloud.define('escape', () => ({
  java: typeof Java, polyglot: typeof Polyglot, load: typeof load, print: typeof print, process: typeof process,
  require: typeof require, globalViaFunction: typeof (Function('return this')()).Parse,
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
