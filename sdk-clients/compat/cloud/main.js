// Cloud code for the compatibility suite (Parse.Cloud.run); loaded with HELIOBASE_CLOUD.
Parse.Cloud.define('bar', (request) => {
  if (request.params.key2 === 'value1') {
    return 'Foo';
  }
  throw 'bad stuff happened';
});
Parse.Cloud.define('echo', async (request) => ({ params: request.params, user: request.user && request.user.get('username') }));
Parse.Cloud.define('guarded', (request) => request.params.n * 2, { fields: { n: { type: Number, required: true } } });
Parse.Cloud.beforeSave('TriggerNote', (request) => {
  const title = request.object.get('title');
  if (!title) {
    throw new Parse.Error(Parse.Error.VALIDATION_ERROR, 'a note needs a title');
  }
  request.object.set('slug', title.toLowerCase().replace(/\s+/g, '-'));
});
Parse.Cloud.beforeDelete('TriggerNote', (request) => {
  if (request.object.get('locked')) {
    throw 'locked notes cannot be deleted';
  }
});
Parse.Cloud.afterFind('TriggerCard', (request) => request.objects.filter((card) => !card.get('archived')));
// Cloud code reading and writing through Parse.Query / Parse.Object, with the caller's session.
Parse.Cloud.define('myCards', async (request) => {
  const query = new Parse.Query('TriggerCard').ascending('name');
  return query.find({ sessionToken: request.user.getSessionToken() });
});
Parse.Cloud.job('countCards', async (request) => {
  await request.message('counting');
  const count = await new Parse.Query('TriggerCard').count({ useMasterKey: true });
  return 'cards: ' + count + ' ' + request.params.tag;
});
