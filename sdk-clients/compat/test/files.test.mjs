// Parse.File: upload (base64 JSON body and raw binary body) with the master key, public upload refused (130),
// download through the returned url and getData(), metadata, files as object fields, delete with the master key.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { lastExchange, Parse, parseError, setupParse } from '../support/parse.mjs';

let ctx;
let Doc;
// Parse.File.save() writes into its options object, so each call gets a fresh one.
const MK = () => ({ useMasterKey: true });
const b64 = (text) => Buffer.from(text, 'utf8').toString('base64');
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

before(async () => {
  ctx = await setupParse();
  Doc = ctx.className('FileDoc');
});
after(async () => {
  await ctx?.cleanup();
  await ctx?.server.stop();
});

async function download(url) {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()) };
}

function assertSavedName(file, original) {
  assert.ok(file.name().endsWith(`_${original}`), `name ${file.name()} = <random prefix>_${original}`);
  assert.notEqual(file.name(), original);
  // the host part is the server's public URL setting; the path is fixed
  const url = new URL(file.url());
  assert.equal(url.pathname, `${new URL(ctx.server.url).pathname}/files/${ctx.server.appId}/${encodeURIComponent(file.name())}`);
}

describe('upload and download', () => {
  test('a base64 file saved with the master key gets a unique name and a public url', async () => {
    const file = new Parse.File('hello.txt', { base64: b64('Hello, files!') }, 'text/plain');
    await file.save(MK());
    assertSavedName(file, 'hello.txt');
    const got = await download(file.url());
    assert.equal(got.status, 200);
    assert.equal(got.body.toString('utf8'), 'Hello, files!');
    assert.match(got.type, /^text\/plain/);
  });

  test('two uploads with the same name get different names', async () => {
    const a = await new Parse.File('same.txt', { base64: b64('a') }).save(MK());
    const b = await new Parse.File('same.txt', { base64: b64('b') }).save(MK());
    assert.notEqual(a.name(), b.name());
    assert.equal((await download(a.url())).body.toString(), 'a');
    assert.equal((await download(b.url())).body.toString(), 'b');
  });

  test('a Buffer is uploaded as a raw binary body and comes back byte for byte', async () => {
    const file = new Parse.File('bytes.bin', ALL_BYTES, 'application/octet-stream');
    await file.save(MK());
    const upload = lastExchange('/files/bytes.bin');
    assert.equal(upload.requestBody, '<256 bytes>', 'the SDK sent the bytes as the body');
    assertSavedName(file, 'bytes.bin');
    const got = await download(file.url());
    assert.equal(got.status, 200);
    assert.ok(got.body.equals(ALL_BYTES), 'same bytes');
  });

  test('a byte array source is uploaded (as base64)', async () => {
    const file = new Parse.File('hi.txt', [72, 105, 33]);
    await file.save(MK());
    assert.equal((await download(file.url())).body.toString(), 'Hi!');
  });

  test('getData() downloads the content as base64', async () => {
    const file = await new Parse.File('data.txt', { base64: b64('round trip') }, 'text/plain').save(MK());
    const fresh = Parse.File.fromJSON({ __type: 'File', name: file.name(), url: file.url() });
    assert.equal(await fresh.getData(), b64('round trip'));
  });

  test('metadata and tags are stored with the file', async () => {
    const file = new Parse.File('meta.txt', { base64: b64('with metadata') }, 'text/plain');
    file.setMetadata({ author: 'compat' });
    file.addTag('kind', 'test');
    await file.save(MK());
    const res = await fetch(`${ctx.server.url}/files/${ctx.server.appId}/metadata/${file.name()}`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { metadata: { author: 'compat' } });
  });

  test('an unknown file answers 404', async () => {
    const got = await download(`${ctx.server.url}/files/${ctx.server.appId}/no_such_file.txt`);
    assert.equal(got.status, 404);
  });
});

describe('upload refused', () => {
  test('public upload is disabled by default (130), base64 body', async () => {
    const file = new Parse.File('public.txt', { base64: b64('nope') }, 'text/plain');
    const err = await parseError(() => file.save());
    assert.equal(err.code, Parse.Error.FILE_SAVE_ERROR);
    assert.equal(err.message, 'File upload by public is disabled.');
    assert.equal(lastExchange('/files/public.txt').status, 400);
    assert.equal(file.url(), undefined);
  });

  test('public upload is disabled by default (130), raw binary body', async () => {
    const file = new Parse.File('public.bin', Buffer.from([1, 2, 3]), 'application/octet-stream');
    // The SDK's binary upload path rejects with the raw error body {code, error}, not a Parse.Error.
    const err = await file.save().then(() => assert.fail('upload succeeded'), (e) => e);
    assert.equal(err.code, Parse.Error.FILE_SAVE_ERROR);
    assert.equal(err.message ?? err.error, 'File upload by public is disabled.');
    assert.equal(lastExchange('/files/public.bin').status, 400);
  });

  test('an invalid file name (122)', async () => {
    const err = await parseError(() => new Parse.File('bad$name.txt', { base64: b64('x') }).save(MK()));
    assert.equal(err.code, Parse.Error.INVALID_FILE_NAME);
    assert.equal(err.message, 'Filename contains invalid characters.');
  });

  test('an empty file (130)', async () => {
    const err = await parseError(() => new Parse.File('empty.txt', { base64: '' }, 'text/plain').save(MK()));
    assert.equal(err.code, Parse.Error.FILE_SAVE_ERROR);
    assert.equal(err.message, 'Invalid file upload.');
  });
});

describe('files in objects', () => {
  test('a saved file stored in a field comes back as a Parse.File with name and url', async () => {
    const file = await new Parse.File('attached.txt', { base64: b64('attached') }, 'text/plain').save(MK());
    const doc = new Parse.Object(Doc);
    await doc.save({ attachment: file });
    const copy = await new Parse.Query(Doc).get(doc.id);
    const got = copy.get('attachment');
    assert.ok(got instanceof Parse.File);
    assert.equal(got.name(), file.name());
    assert.equal(got.url(), file.url());
    assert.equal((await download(got.url())).body.toString(), 'attached');
    const schema = await new Parse.Schema(Doc).get();
    assert.deepEqual(schema.fields.attachment, { type: 'File' });
  });
});

describe('delete', () => {
  test('destroy() without the master key is refused (403); with it the file is gone', async () => {
    const file = await new Parse.File('doomed.txt', { base64: b64('doomed') }, 'text/plain').save(MK());
    const err = await parseError(() => file.destroy({ useMasterKey: false }));
    assert.match(err.message, /unauthorized/);
    assert.equal(lastExchange('/files/').status, 403);
    assert.equal((await download(file.url())).status, 200, 'still there');

    await file.destroy(); // Parse.File.destroy uses the master key by default
    assert.equal((await download(file.url())).status, 404);
  });
});
