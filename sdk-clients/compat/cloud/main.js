// Cloud code for the compatibility suite (Parse.Cloud.run); loaded with HELIOBASE_CLOUD.
Parse.Cloud.define('bar', (request) => {
  if (request.params.key2 === 'value1') {
    return 'Foo';
  }
  throw 'bad stuff happened';
});
Parse.Cloud.define('echo', async (request) => ({ params: request.params, user: request.user && request.user.username }));
Parse.Cloud.define('guarded', (request) => request.params.n * 2, { fields: { n: { type: Number, required: true } } });
