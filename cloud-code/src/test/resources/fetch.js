Parse.Cloud.define('get', async (request) => {
  const response = await fetch(request.params.url, { headers: { 'X-Probe': 'yes' } });
  return { status: response.status, ok: response.ok, type: response.headers.get('Content-Type'), body: await response.text() };
});
Parse.Cloud.define('post', async (request) => {
  const response = await fetch(request.params.url, { method: 'POST', body: JSON.stringify({ n: 1 }),
    headers: { 'Content-Type': 'application/json' } });
  return response.json();
});
Parse.Cloud.define('objectBody', () => fetch('http://127.0.0.1/', { method: 'POST', body: { n: 1 } }));
