// Query.include: pointer expansion, nested dot paths, arrays of pointers, includeAll, include with select,
// fetchWithInclude, and pointers whose target is gone or unreadable.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Parse, setupParse } from '../support/parse.mjs';

let ctx;
let Publisher;
let Author;
let Post;
let Comment;
let pub;
let ann;
let bob;
let post;
let comment;

before(async () => {
  ctx = await setupParse();
  Publisher = ctx.className('IncPublisher');
  Author = ctx.className('IncAuthor');
  Post = ctx.className('IncPost');
  Comment = ctx.className('IncComment');

  pub = new Parse.Object(Publisher);
  await pub.save({ name: 'Pub House', city: 'Lyon' });
  ann = new Parse.Object(Author);
  await ann.save({ name: 'Ann', bio: 'writes a lot', publisher: pub });
  bob = new Parse.Object(Author);
  await bob.save({ name: 'Bob', bio: 'edits', publisher: pub });
  post = new Parse.Object(Post);
  await post.save({ title: 'Hello', author: ann, editor: bob, coauthors: [bob, ann], tags: ['t1'] });
  comment = new Parse.Object(Comment);
  await comment.save({ text: 'Nice', post });
});
after(async () => {
  await ctx?.cleanup();
  await ctx?.server.stop();
});

const fresh = (className, id) => Parse.Object.extend(className).createWithoutData(id);

describe('include', () => {
  test('without include a pointer is not expanded', async () => {
    const [p] = await new Parse.Query(Post).equalTo('objectId', post.id).find();
    assert.equal(p.get('author').id, ann.id);
    assert.equal(p.get('author').isDataAvailable(), false);
    assert.equal(p.get('author').get('name'), undefined);
  });

  test('include("author") expands one pointer', async () => {
    const [p] = await new Parse.Query(Post).equalTo('objectId', post.id).include('author').find();
    const author = p.get('author');
    assert.ok(author instanceof Parse.Object);
    assert.equal(author.className, Author);
    assert.equal(author.id, ann.id);
    assert.equal(author.isDataAvailable(), true);
    assert.equal(author.get('name'), 'Ann');
    assert.equal(author.get('bio'), 'writes a lot');
    assert.ok(author.createdAt instanceof Date);
    // one level only: the author's own pointer stays a pointer
    assert.equal(author.get('publisher').id, pub.id);
    assert.equal(author.get('publisher').isDataAvailable(), false);
    // fields not included are untouched
    assert.equal(p.get('editor').isDataAvailable(), false);
  });

  test('include on get()', async () => {
    const p = await new Parse.Query(Post).include('editor').get(post.id);
    assert.equal(p.get('editor').get('name'), 'Bob');
  });

  test('several includes at once', async () => {
    const p = await new Parse.Query(Post).include(['author', 'editor']).get(post.id);
    assert.equal(p.get('author').get('name'), 'Ann');
    assert.equal(p.get('editor').get('name'), 'Bob');
  });

  test('a dot path expands every pointer along the path', async () => {
    const c = await new Parse.Query(Comment).include('post.author').get(comment.id);
    const p = c.get('post');
    assert.equal(p.isDataAvailable(), true);
    assert.equal(p.get('title'), 'Hello');
    assert.equal(p.get('author').get('name'), 'Ann');
    assert.equal(p.get('editor').isDataAvailable(), false);
  });

  test('three levels deep', async () => {
    const c = await new Parse.Query(Comment).include('post.author.publisher').get(comment.id);
    const publisher = c.get('post').get('author').get('publisher');
    assert.equal(publisher.id, pub.id);
    assert.equal(publisher.get('name'), 'Pub House');
    assert.equal(publisher.get('city'), 'Lyon');
  });

  test('an array of pointers is expanded element by element, in order', async () => {
    const p = await new Parse.Query(Post).include('coauthors').get(post.id);
    const coauthors = p.get('coauthors');
    assert.equal(coauthors.length, 2);
    assert.deepEqual(coauthors.map((a) => a.id), [bob.id, ann.id]);
    assert.deepEqual(coauthors.map((a) => a.get('name')), ['Bob', 'Ann']);
  });

  test('a dot path through an array of pointers', async () => {
    const p = await new Parse.Query(Post).include('coauthors.publisher').get(post.id);
    for (const a of p.get('coauthors')) {
      assert.equal(a.get('publisher').get('name'), 'Pub House');
    }
  });

  test('includeAll() expands every pointer and pointer array one level deep', async () => {
    const p = await new Parse.Query(Post).includeAll().get(post.id);
    assert.equal(p.get('author').get('name'), 'Ann');
    assert.equal(p.get('editor').get('name'), 'Bob');
    assert.deepEqual(p.get('coauthors').map((a) => a.get('name')), ['Bob', 'Ann']);
    assert.equal(p.get('author').get('publisher').isDataAvailable(), false);
    assert.deepEqual(p.get('tags'), ['t1']);
  });

  test('select with a dot path restricts the keys of the included object', async () => {
    const p = await new Parse.Query(Post).include('author').select('title', 'author.name').get(post.id);
    assert.equal(p.get('title'), 'Hello');
    assert.equal(p.has('editor'), false);
    const author = p.get('author');
    assert.equal(author.get('name'), 'Ann');
    assert.equal(author.has('bio'), false);
    assert.equal(author.has('publisher'), false);
  });

  test('including a non-pointer field changes nothing', async () => {
    const p = await new Parse.Query(Post).include('title').get(post.id);
    assert.equal(p.get('title'), 'Hello');
    assert.equal(p.get('author').isDataAvailable(), false);
  });

  test('fetchWithInclude and Parse.Object.fetchAllWithInclude', async () => {
    const p = fresh(Post, post.id);
    await p.fetchWithInclude(['author', 'coauthors']);
    assert.equal(p.get('title'), 'Hello');
    assert.equal(p.get('author').get('name'), 'Ann');
    assert.deepEqual(p.get('coauthors').map((a) => a.get('name')), ['Bob', 'Ann']);

    const [c] = await Parse.Object.fetchAllWithInclude([fresh(Comment, comment.id)], 'post.author');
    assert.equal(c.get('text'), 'Nice');
    assert.equal(c.get('post').get('author').get('name'), 'Ann');
  });

  test('a pointer to a deleted object is dropped from the result; in arrays the element is removed', async () => {
    const ghost = new Parse.Object(Author);
    await ghost.save({ name: 'Ghost' });
    const p = new Parse.Object(Post);
    await p.save({ title: 'orphan', author: ghost, coauthors: [ann, ghost, bob] });
    await ghost.destroy();

    const plain = await new Parse.Query(Post).get(p.id);
    assert.equal(plain.get('author').id, ghost.id, 'without include the dangling pointer is returned as stored');

    const got = await new Parse.Query(Post).include(['author', 'coauthors']).get(p.id);
    assert.equal(got.get('author'), undefined);
    assert.equal(got.has('author'), false);
    assert.deepEqual(got.get('coauthors').map((a) => a.get('name')), ['Ann', 'Bob']);
  });

  test('a pointer to an object the caller may not read is treated like a missing one', async () => {
    const hidden = new Parse.Object(Author);
    hidden.setACL(new Parse.ACL());
    await hidden.save({ name: 'Hidden' });
    const p = new Parse.Object(Post);
    await p.save({ title: 'private author', author: hidden });

    const asClient = await new Parse.Query(Post).include('author').get(p.id);
    assert.equal(asClient.has('author'), false);

    const asMaster = await new Parse.Query(Post).include('author').get(p.id, { useMasterKey: true });
    assert.equal(asMaster.get('author').get('name'), 'Hidden');
  });
});
