// Cloud code for bench/FunctionsBench.java: a function returning a small object and a typical beforeSave.
Parse.Cloud.define('hello', (request) => ({ hello: request.params.name, at: Date.now() }));
Parse.Cloud.beforeSave('BenchTriggered', (request) => {
  const title = request.object.get('title');
  if (!title) {
    throw new Parse.Error(Parse.Error.VALIDATION_ERROR, 'title is required');
  }
  request.object.set('slug', title.toLowerCase().replace(/\s+/g, '-'));
});
