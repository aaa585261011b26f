// Cloud code for bench/FunctionsBench.java: a function returning a small object and a typical beforeSave.
Parse.Cloud.define('hello', (request) => ({ hello: request.params.name, at: Date.now() }));
Parse.Cloud.beforeSave('BenchTriggered', (request) => {
  const title = request.object.get('title');
  if (!title) {
    throw new Parse.Error(Parse.Error.VALIDATION_ERROR, 'title is required');
  }
  request.object.set('slug', title.toLowerCase().replace(/\s+/g, '-'));
});
// Compute-bound: where the optimizing runtime (JVMCI) pays off.
Parse.Cloud.define('fib', (request) => {
  const fib = (n) => (n < 2 ? n : fib(n - 1) + fib(n - 2));
  return { n: request.params.n, fib: fib(request.params.n) };
});
