// The cloud API a script sees, installed before the user's code. Nothing of the host is reachable from a script:
// requests to the server (queries, saves) wait in a queue as JSON text, which the sandbox takes and answers between
// turns of the script, so every answer resumes the script with a fresh, top-level turn.
(function () {
  'use strict';
  delete globalThis.Graal; // engine details are none of a script's business

  class ParseError extends Error {
    constructor(code, message) {
      super(message);
      this.code = code;
    }
  }
  Object.assign(ParseError, {
    OTHER_CAUSE: -1, INTERNAL_SERVER_ERROR: 1, CONNECTION_FAILED: 100, OBJECT_NOT_FOUND: 101, INVALID_QUERY: 102,
    INVALID_CLASS_NAME: 103, MISSING_OBJECT_ID: 104, INVALID_KEY_NAME: 105, INVALID_POINTER: 106, INVALID_JSON: 107,
    COMMAND_UNAVAILABLE: 108, INCORRECT_TYPE: 111, OPERATION_FORBIDDEN: 119, DUPLICATE_VALUE: 137,
    SCRIPT_FAILED: 141, VALIDATION_ERROR: 142, INVALID_SESSION_TOKEN: 209,
  });

  // Requests waiting for the server, by id.
  const waiting = new Map();
  let nextRequest = 0;

  // One request to the server: a promise of the answer's result, rejected with a Parse.Error.
  function server(request) {
    return new Promise((resolve, reject) => {
      nextRequest += 1;
      waiting.set(nextRequest, { json: JSON.stringify(request), resolve, reject, taken: false });
    });
  }
  // The sandbox takes the requests not yet taken ([{id, request}] as JSON) ...
  globalThis.__heliobasePending = function () {
    const out = [];
    for (const [id, entry] of waiting) {
      if (!entry.taken) {
        entry.taken = true;
        out.push({ id, request: entry.json });
      }
    }
    return JSON.stringify(out);
  };
  // ... and settles each with the server's answer ({result} or {error}).
  globalThis.__heliobaseSettle = function (id, answerJson) {
    const entry = waiting.get(id);
    if (!entry) {
      return;
    }
    waiting.delete(id);
    const answer = JSON.parse(answerJson);
    if (answer.error) {
      entry.reject(new ParseError(answer.error.code, answer.error.message));
    } else {
      entry.resolve(answer.result);
    }
  };

  // save(null, {context}) hands triggers a request.context, as in Parse
  function contextOf(options) {
    return options && options.context && typeof options.context === 'object' ? options.context : undefined;
  }

  // Whose rights a call uses: the master key when asked, else the session given, else none (public access only).
  function authOf(options) {
    const o = options || {};
    if (o.useMasterKey) {
      return { master: true };
    }
    return o.sessionToken ? { sessionToken: String(o.sessionToken) } : {};
  }

  // ---- values: Parse's JSON encoding both ways ----
  const subclasses = Object.create(null);

  function decode(value) {
    if (Array.isArray(value)) {
      return value.map(decode);
    }
    if (value === null || typeof value !== 'object') {
      return value;
    }
    switch (value.__type) {
      case 'Date': return new Date(value.iso);
      case 'Pointer': return ParseObject._fromJSON(value.className, { objectId: value.objectId }, false);
      case 'Object': {
        const { __type, className, ...fields } = value;
        return ParseObject._fromJSON(className, fields, true);
      }
      case 'GeoPoint': return new GeoPoint(value.latitude, value.longitude);
      case 'File': return new ParseFile(value.name, value.url);
      case 'Bytes': case 'Relation': case 'Polygon': return value;
      default: {
        const out = {};
        for (const key of Object.keys(value)) {
          out[key] = decode(value[key]);
        }
        return out;
      }
    }
  }

  // full: Parse.Objects as whole objects (function results) rather than pointers (stored fields).
  function encode(value, full) {
    if (value instanceof Date) {
      return { __type: 'Date', iso: value.toISOString() };
    }
    if (value instanceof ParseObject) {
      if (full) {
        return Object.assign({ __type: 'Object', className: value.className }, value._toFullJSON(true));
      }
      if (!value.id) {
        throw new ParseError(ParseError.MISSING_OBJECT_ID, 'Cannot create a pointer to an unsaved ParseObject');
      }
      return value.toPointer();
    }
    if (value instanceof ACL || value instanceof GeoPoint || value instanceof ParseFile) {
      return value.toJSON();
    }
    if (Array.isArray(value)) {
      return value.map((v) => encode(v, full));
    }
    if (value !== null && typeof value === 'object') {
      const out = {};
      for (const key of Object.keys(value)) {
        if (value[key] !== undefined) {
          out[key] = encode(value[key], full);
        }
      }
      return out;
    }
    return value;
  }

  class GeoPoint {
    constructor(latitude, longitude) {
      if (Array.isArray(latitude)) {
        [latitude, longitude] = latitude;
      } else if (latitude !== null && typeof latitude === 'object') {
        ({ latitude, longitude } = latitude);
      }
      this.latitude = latitude === undefined ? 0 : latitude;
      this.longitude = longitude === undefined ? 0 : longitude;
    }
    toJSON() { return { __type: 'GeoPoint', latitude: this.latitude, longitude: this.longitude }; }
  }

  // A file reference (name and url); files are uploaded through REST, not from cloud code.
  class ParseFile {
    constructor(name, url) {
      this._name = name;
      this._url = url;
    }
    name() { return this._name; }
    url() { return this._url; }
    toJSON() { return { __type: 'File', name: this._name, url: this._url }; }
  }
  Object.defineProperty(ParseFile, 'className', { value: '@File' });

  class ACL {
    constructor(json) {
      this.permissionsById = {};
      if (json instanceof ParseObject) {
        this.setReadAccess(json, true);
        this.setWriteAccess(json, true);
      } else if (json && typeof json === 'object') {
        for (const id of Object.keys(json)) {
          this.permissionsById[id] = Object.assign({}, json[id]);
        }
      }
    }
    _set(id, access, allowed) {
      const key = id instanceof ParseObject ? (id instanceof Role ? 'role:' + id.getName() : id.id) : String(id);
      const entry = this.permissionsById[key] || {};
      if (allowed) {
        entry[access] = true;
      } else {
        delete entry[access];
      }
      if (Object.keys(entry).length) {
        this.permissionsById[key] = entry;
      } else {
        delete this.permissionsById[key];
      }
    }
    _get(id, access) {
      const key = id instanceof Role ? 'role:' + id.getName() : id instanceof ParseObject ? id.id : String(id);
      return !!(this.permissionsById[key] && this.permissionsById[key][access]);
    }
    setReadAccess(id, allowed) { this._set(id, 'read', allowed); }
    setWriteAccess(id, allowed) { this._set(id, 'write', allowed); }
    getReadAccess(id) { return this._get(id, 'read'); }
    getWriteAccess(id) { return this._get(id, 'write'); }
    setPublicReadAccess(allowed) { this._set('*', 'read', allowed); }
    setPublicWriteAccess(allowed) { this._set('*', 'write', allowed); }
    getPublicReadAccess() { return this._get('*', 'read'); }
    getPublicWriteAccess() { return this._get('*', 'write'); }
    _role(role) { return 'role:' + (role instanceof ParseObject ? role.get('name') : role); }
    setRoleReadAccess(role, allowed) { this._set(this._role(role), 'read', allowed); }
    setRoleWriteAccess(role, allowed) { this._set(this._role(role), 'write', allowed); }
    getRoleReadAccess(role) { return this._get(this._role(role), 'read'); }
    getRoleWriteAccess(role) { return this._get(this._role(role), 'write'); }
    toJSON() { return JSON.parse(JSON.stringify(this.permissionsById)); }
  }

  // ---- Parse.Object ----
  const SERVER_FIELDS = ['objectId', 'createdAt', 'updatedAt'];

  class ParseObject {
    constructor(className, attributes) {
      if (typeof className !== 'string') {
        attributes = className;
        className = this.constructor.className;
      }
      if (typeof className !== 'string' || className.length === 0) {
        throw new TypeError('A Parse.Object needs a class name');
      }
      this.className = className;
      this.id = undefined;
      this._data = Object.create(null);
      this._ops = Object.create(null); // field -> operation JSON, sent by save()
      this._existed = false;
      if (attributes && typeof attributes === 'object') {
        this.set(attributes);
      }
    }

    static _fromJSON(className, json, complete) {
      const Class = subclasses[className] || (className === '_User' ? User : className === '_Role' ? Role
        : className === '_Session' ? Session : null);
      const object = Class ? new Class() : new ParseObject(className);
      object.className = className;
      object._merge(json);
      object._existed = !!json.objectId;
      object._complete = complete;
      return object;
    }

    _merge(json) {
      for (const key of Object.keys(json)) {
        if (key === 'objectId') {
          this.id = json.objectId;
        } else if (key === 'createdAt' || key === 'updatedAt') {
          this._data[key] = typeof json[key] === 'string' ? new Date(json[key]) : decode(json[key]);
        } else if (key !== '__type' && key !== 'className') {
          this._data[key] = decode(json[key]);
        }
      }
    }

    static extend(className, protoProps, classProps) {
      if (typeof className !== 'string' && className && typeof className.className === 'string') {
        className = className.className;
      }
      if (subclasses[className] && !protoProps && !classProps) {
        return subclasses[className];
      }
      const system = { _User: User, _Role: Role, _Session: Session }[className];
      const Sub = system ? class extends system {} : class extends ParseObject {
        constructor(attributes) {
          super(className, attributes);
        }
      };
      Object.defineProperty(Sub, 'className', { value: className });
      Object.assign(Sub.prototype, protoProps || {});
      Object.assign(Sub, classProps || {});
      subclasses[className] = Sub;
      return Sub;
    }

    static registerSubclass(className, Class) {
      subclasses[className] = Class;
      if (!Object.prototype.hasOwnProperty.call(Class, 'className')) {
        Object.defineProperty(Class, 'className', { value: className });
      }
    }

    static createWithoutData(className, id) {
      if (id === undefined) {
        [className, id] = [this.className, className];
      }
      return ParseObject._fromJSON(className, { objectId: id }, false);
    }

    static fromJSON(json) {
      const { className, __type, ...fields } = json;
      return ParseObject._fromJSON(className, fields, true);
    }

    get createdAt() { return this._data.createdAt; }
    get updatedAt() { return this._data.updatedAt; }
    get attributes() { return Object.assign({}, this._data); }

    get(key) { return this._data[key]; }
    has(key) { return this._data[key] !== undefined && this._data[key] !== null; }
    isNew() { return !this.id; }
    existed() { return this._existed === true; }
    isDataAvailable() { return this._complete !== false; }
    dirty(key) { return key === undefined ? this.dirtyKeys().length > 0 : this.dirtyKeys().includes(key); }
    // what this save changes: the fields the request sets (for a trigger's object) and those set since
    dirtyKeys() {
      const keys = (this._requestDirty || []).filter((k) => !(k in this._ops));
      return keys.concat(Object.keys(this._ops));
    }
    getACL() { return this._data.ACL ? new ACL(this._data.ACL) : undefined; }
    setACL(acl) { return this.set('ACL', acl instanceof ACL ? acl.toJSON() : acl); }
    toPointer() { return { __type: 'Pointer', className: this.className, objectId: this.id }; }
    equals(other) { return other instanceof ParseObject && other.className === this.className && !!this.id && other.id === this.id; }

    set(key, value) {
      if (key !== null && typeof key === 'object') {
        for (const k of Object.keys(key)) {
          this.set(k, key[k]);
        }
        return this;
      }
      if (key === 'objectId') {
        this.id = value;
        return this;
      }
      if (value === undefined) {
        return this.unset(key);
      }
      if (value instanceof ACL) {
        value = value.toJSON();
      }
      this._data[key] = value;
      this._ops[key] = { set: value };
      return this;
    }
    unset(key) {
      delete this._data[key];
      this._ops[key] = { op: { __op: 'Delete' } };
      return this;
    }
    increment(key, amount) {
      const by = amount === undefined ? 1 : amount;
      const pending = this._ops[key];
      this._data[key] = (typeof this._data[key] === 'number' ? this._data[key] : 0) + by;
      if (pending && pending.op && pending.op.__op === 'Increment') {
        pending.op.amount += by;
      } else if (pending) {
        this._ops[key] = { set: this._data[key] };
      } else {
        this._ops[key] = { op: { __op: 'Increment', amount: by } };
      }
      return this;
    }
    decrement(key, amount) { return this.increment(key, -(amount === undefined ? 1 : amount)); }
    _arrayOp(key, name, items, apply) {
      const pending = this._ops[key];
      const current = Array.isArray(this._data[key]) ? this._data[key] : [];
      this._data[key] = apply(current.slice(), items);
      if (pending && pending.op && pending.op.__op === name) {
        pending.op.objects = pending.op.objects.concat(items);
      } else if (pending) {
        this._ops[key] = { set: this._data[key] };
      } else {
        this._ops[key] = { op: { __op: name, objects: items } };
      }
      return this;
    }
    add(key, item) { return this.addAll(key, [item]); }
    addAll(key, items) { return this._arrayOp(key, 'Add', items, (a, xs) => a.concat(xs)); }
    addUnique(key, item) { return this.addAllUnique(key, [item]); }
    addAllUnique(key, items) {
      return this._arrayOp(key, 'AddUnique', items, (a, xs) => {
        for (const x of xs) {
          if (!a.some((y) => same(y, x))) { a.push(x); }
        }
        return a;
      });
    }
    remove(key, item) { return this.removeAll(key, [item]); }
    removeAll(key, items) {
      return this._arrayOp(key, 'Remove', items, (a, xs) => a.filter((y) => !xs.some((x) => same(x, y))));
    }

    // What a beforeSave trigger changed: final values, or Delete for removed fields.
    _triggerChanges() {
      const changes = {};
      for (const key of Object.keys(this._ops)) {
        changes[key] = key in this._data ? encode(this._data[key]) : { __op: 'Delete' };
      }
      return changes;
    }

    _saveJSON() {
      const body = {};
      for (const key of Object.keys(this._ops)) {
        const pending = this._ops[key];
        body[key] = pending.op ? encode(pending.op) : encode(pending.set);
      }
      return body;
    }

    _toFullJSON(full) {
      const json = {};
      if (this.id) {
        json.objectId = this.id;
      }
      for (const key of Object.keys(this._data)) {
        const value = this._data[key];
        json[key] = (key === 'createdAt' || key === 'updatedAt') && value instanceof Date
          ? value.toISOString() : encode(value, full);
      }
      return json;
    }
    toJSON() { return this._toFullJSON(false); }

    clone() {
      const copy = ParseObject._fromJSON(this.className, this._toFullJSON(false), true);
      copy.id = undefined;
      return copy;
    }

    // Saves what changed since the last save; fields the server set (a beforeSave's changes) come back into the object.
    async save(attributes, options) {
      if (attributes && typeof attributes === 'object') {
        this.set(attributes);
      }
      const body = this._saveJSON();
      const ops = this._ops;
      this._ops = Object.create(null);
      try {
        const result = this.id
          ? await server({ op: 'update', auth: authOf(options), className: this.className, objectId: this.id, data: body,
            context: contextOf(options) })
          : await server({ op: 'create', auth: authOf(options), className: this.className, data: body,
            context: contextOf(options) });
        this._merge(result);
        this._existed = true;
        return this;
      } catch (e) {
        this._ops = Object.assign(ops, this._ops); // still unsaved
        throw e;
      }
    }

    async fetch(options) {
      const params = options && options.include ? { include: [].concat(options.include).join(',') } : {};
      const result = await server({ op: 'get', auth: authOf(options), className: this.className, objectId: this.id, params });
      this._data = Object.create(null);
      this._merge(result);
      this._ops = Object.create(null);
      this._complete = true;
      return this;
    }
    fetchWithInclude(keys, options) { return this.fetch(Object.assign({}, options, { include: keys })); }

    async destroy(options) {
      if (this.id) {
        await server({ op: 'delete', auth: authOf(options), className: this.className, objectId: this.id,
          context: contextOf(options) });
      }
      return this;
    }

    static async saveAll(objects, options) {
      for (const object of objects) {
        await object.save(null, options);
      }
      return objects;
    }
    static async destroyAll(objects, options) {
      for (const object of objects) {
        await object.destroy(options);
      }
      return objects;
    }
    static fetchAll(objects, options) {
      return Promise.all(objects.map((o) => o.fetch(options)));
    }
  }

  function same(a, b) {
    if (a instanceof ParseObject && b instanceof ParseObject) {
      return a.equals(b);
    }
    return JSON.stringify(encode(a)) === JSON.stringify(encode(b));
  }

  class User extends ParseObject {
    constructor(attributes) {
      super('_User', attributes);
    }
    getUsername() { return this.get('username'); }
    setUsername(name) { return this.set('username', name); }
    getEmail() { return this.get('email'); }
    setEmail(email) { return this.set('email', email); }
    setPassword(password) { return this.set('password', password); }
    getSessionToken() { return this.get('sessionToken'); }
    authenticated() { return !!this.get('sessionToken'); }
    static current() { return undefined; } // cloud code has no current user: use request.user
  }
  Object.defineProperty(User, 'className', { value: '_User' });

  class Role extends ParseObject {
    constructor(name, acl) {
      super('_Role');
      if (typeof name === 'string') {
        this.set('name', name);
      }
      if (acl) {
        this.setACL(acl);
      }
    }
    getName() { return this.get('name'); }
    setName(name) { return this.set('name', name); }
  }
  Object.defineProperty(Role, 'className', { value: '_Role' });

  class Session extends ParseObject {
    constructor(attributes) {
      super('_Session', attributes);
    }
    getSessionToken() { return this.get('sessionToken'); }
  }
  Object.defineProperty(Session, 'className', { value: '_Session' });

  // ---- Parse.Query ----
  function quote(text) {
    return '\\Q' + String(text).replace(/\\E/g, '\\E\\\\E\\Q') + '\\E';
  }

  class Query {
    constructor(objectClass) {
      this.className = typeof objectClass === 'string' ? objectClass
        : objectClass instanceof ParseObject ? objectClass.className
          : objectClass && objectClass.className;
      if (typeof this.className !== 'string') {
        throw new TypeError('A Parse.Query needs a class name or a Parse.Object subclass');
      }
      this._where = {};
      this._include = [];
      this._keys = null;
      this._exclude = [];
      this._order = [];
      this._limit = -1;
      this._skip = 0;
      this._count = false;
    }

    _condition(key, op, value) {
      const current = this._where[key];
      if (current === undefined || current === null || typeof current !== 'object' || current.__type
        || Array.isArray(current)) {
        this._where[key] = {};
      }
      this._where[key][op] = encode(value);
      return this;
    }
    equalTo(key, value) {
      if (key !== null && typeof key === 'object') {
        for (const k of Object.keys(key)) { this.equalTo(k, key[k]); }
        return this;
      }
      if (value === undefined) {
        return this.doesNotExist(key);
      }
      this._where[key] = encode(value);
      return this;
    }
    notEqualTo(key, value) { return this._condition(key, '$ne', value); }
    lessThan(key, value) { return this._condition(key, '$lt', value); }
    lessThanOrEqualTo(key, value) { return this._condition(key, '$lte', value); }
    greaterThan(key, value) { return this._condition(key, '$gt', value); }
    greaterThanOrEqualTo(key, value) { return this._condition(key, '$gte', value); }
    containedIn(key, values) { return this._condition(key, '$in', values); }
    notContainedIn(key, values) { return this._condition(key, '$nin', values); }
    containsAll(key, values) { return this._condition(key, '$all', values); }
    exists(key) { return this._condition(key, '$exists', true); }
    doesNotExist(key) { return this._condition(key, '$exists', false); }
    matches(key, regex, modifiers) {
      this._condition(key, '$regex', regex instanceof RegExp ? regex.source : regex);
      const flags = (regex instanceof RegExp ? regex.flags.replace(/[^imsx]/g, '') : '') + (modifiers || '');
      if (flags) {
        this._where[key].$options = flags;
      }
      return this;
    }
    contains(key, text) { return this._condition(key, '$regex', quote(text)); }
    startsWith(key, text) { return this._condition(key, '$regex', '^' + quote(text)); }
    endsWith(key, text) { return this._condition(key, '$regex', quote(text) + '$'); }
    matchesQuery(key, query) {
      return this._condition(key, '$inQuery', { where: query._where, className: query.className });
    }
    doesNotMatchQuery(key, query) {
      return this._condition(key, '$notInQuery', { where: query._where, className: query.className });
    }
    matchesKeyInQuery(key, queryKey, query) {
      return this._condition(key, '$select', { key: queryKey, query: { className: query.className, where: query._where } });
    }
    doesNotMatchKeyInQuery(key, queryKey, query) {
      return this._condition(key, '$dontSelect', { key: queryKey, query: { className: query.className, where: query._where } });
    }
    near(key, point) { return this._condition(key, '$nearSphere', point); }
    withinRadians(key, point, distance) {
      this.near(key, point);
      this._where[key].$maxDistance = distance;
      return this;
    }
    withinKilometers(key, point, distance) { return this.withinRadians(key, point, distance / 6371.0); }
    withinMiles(key, point, distance) { return this.withinRadians(key, point, distance / 3958.8); }
    relatedTo(object, key) {
      this._where.$relatedTo = { object: encode(object), key };
      return this;
    }

    include(...keys) { this._include.push(...keys.flat()); return this; }
    includeAll() { return this.include('*'); }
    select(...keys) { this._keys = (this._keys || []).concat(keys.flat()); return this; }
    exclude(...keys) { this._exclude.push(...keys.flat()); return this; }
    ascending(...keys) { this._order = []; return this.addAscending(...keys); }
    descending(...keys) { this._order = []; return this.addDescending(...keys); }
    addAscending(...keys) { this._order.push(...keys.flat()); return this; }
    addDescending(...keys) { this._order.push(...keys.flat().map((k) => '-' + k)); return this; }
    limit(n) { this._limit = n; return this; }
    skip(n) { this._skip = n; return this; }
    withCount(on) { this._count = on !== false; return this; }

    toJSON() {
      const params = { where: this._where };
      if (this._include.length) { params.include = this._include.join(','); }
      if (this._keys) { params.keys = this._keys.join(','); }
      if (this._exclude.length) { params.excludeKeys = this._exclude.join(','); }
      if (this._order.length) { params.order = this._order.join(','); }
      if (this._limit >= 0) { params.limit = this._limit; }
      if (this._skip > 0) { params.skip = this._skip; }
      if (this._count) { params.count = 1; }
      return params;
    }

    // Takes the REST form back (a beforeFind's request.query after the handler changed it).
    static fromJSON(className, json) {
      const query = new Query(className);
      query._where = json.where || {};
      query._include = json.include ? String(json.include).split(',') : [];
      query._keys = json.keys ? String(json.keys).split(',') : null;
      query._exclude = json.excludeKeys ? String(json.excludeKeys).split(',') : [];
      query._order = json.order ? String(json.order).split(',') : [];
      query._limit = typeof json.limit === 'number' ? json.limit : -1;
      query._skip = typeof json.skip === 'number' ? json.skip : 0;
      query._count = !!json.count;
      return query;
    }

    _find(params, options) {
      return server({ op: 'find', auth: authOf(options), className: this.className, params });
    }
    _object(json, answer) {
      return ParseObject._fromJSON((answer && answer.className) || this.className, json, true);
    }
    async find(options) {
      const answer = await this._find(this.toJSON(), options);
      const results = answer.results.map((json) => this._object(json, answer));
      return this._count ? { results, count: answer.count } : results;
    }
    async first(options) {
      const params = Object.assign(this.toJSON(), { limit: 1 });
      delete params.count;
      const answer = await this._find(params, options);
      return answer.results.length ? this._object(answer.results[0], answer) : undefined;
    }
    async get(objectId, options) {
      const params = Object.assign(this.toJSON(), { limit: 1 });
      params.where = Object.assign({}, params.where, { objectId });
      delete params.count;
      const answer = await this._find(params, options);
      if (!answer.results.length) {
        throw new ParseError(ParseError.OBJECT_NOT_FOUND, 'Object not found.');
      }
      return this._object(answer.results[0], answer);
    }
    async count(options) {
      return (await this._find(Object.assign(this.toJSON(), { limit: 0, count: 1 }), options)).count;
    }
    // Pages through every match by objectId, so callbacks may change what they visit.
    async each(callback, options) {
      if (this._order.length || this._skip > 0 || this._limit >= 0) {
        throw new ParseError(ParseError.INVALID_QUERY, 'Cannot iterate on a query with sort, skip, or limit.');
      }
      let after = null;
      for (;;) {
        const params = Object.assign(this.toJSON(), { order: 'objectId', limit: 100 });
        delete params.skip;
        delete params.count;
        if (after !== null) {
          params.where = { $and: [params.where, { objectId: { $gt: after } }] };
        }
        const answer = await this._find(params, options);
        for (const json of answer.results) {
          await callback(this._object(json, answer));
        }
        if (answer.results.length < 100) {
          return undefined;
        }
        after = answer.results[answer.results.length - 1].objectId;
      }
    }
    async map(callback, options) {
      const found = await this.find(options);
      const objects = Array.isArray(found) ? found : found.results; // withCount() answers {results, count}
      return Promise.all(objects.map(callback));
    }

    static _combine(op, queries) {
      const className = queries.length ? queries[0].className : undefined;
      if (queries.some((q) => q.className !== className)) {
        throw new ParseError(ParseError.INVALID_QUERY, 'All queries must be for the same class.');
      }
      const query = new Query(className);
      query._where[op] = queries.map((q) => q._where);
      return query;
    }
    static or(...queries) { return Query._combine('$or', queries); }
    static and(...queries) { return Query._combine('$and', queries); }
    static nor(...queries) { return Query._combine('$nor', queries); }
  }

  // ---- Parse.Cloud ----
  const functions = Object.create(null);
  const triggers = Object.create(null);
  const TRIGGERS = ['beforeSave', 'afterSave', 'beforeDelete', 'afterDelete', 'beforeFind', 'afterFind',
    'beforeSubscribe', 'afterLiveQueryEvent'];

  function registerTrigger(type) {
    return function (className, handler, validator) {
      const name = typeof className === 'function' ? className.className : className;
      if (typeof name !== 'string' || name.length === 0 || typeof handler !== 'function') {
        throw new TypeError('Parse.Cloud.' + type + '(className, handler[, validator])');
      }
      triggers[type + ':' + name] = { handler, validator: validator || {} };
    };
  }

  const jobs = Object.create(null);
  const jobSchedules = Object.create(null);

  const cloud = {
    define(name, handler, validator) {
      if (typeof name !== 'string' || name.length === 0 || typeof handler !== 'function') {
        throw new TypeError('Parse.Cloud.define(name, handler[, validator])');
      }
      // validator.timeoutMs (a Heliobase addition) gives this function its own CPU budget instead of the server's
      const budget = validator && typeof validator === 'object' ? validator.timeoutMs : undefined;
      if (budget !== undefined && !(Number.isFinite(budget) && budget > 0)) {
        throw new TypeError('Parse.Cloud.define ' + name + ': timeoutMs is a positive number of milliseconds');
      }
      functions[name] = { handler, validator: validator || {}, timeoutMs: budget };
    },
    // options.schedule (a Quartz cron expression, e.g. '0 */5 * * * ?') runs it on a schedule, in options.timeZone
    job(name, handler, options) {
      if (typeof name !== 'string' || name.length === 0 || typeof handler !== 'function') {
        throw new TypeError('Parse.Cloud.job(name, handler[, {schedule, timeZone, retries, retryDelaySeconds, misfire}])');
      }
      const o = options || {};
      if (o.schedule !== undefined && typeof o.schedule !== 'string') {
        throw new TypeError('Parse.Cloud.job ' + name + ': schedule is a cron expression');
      }
      if (o.misfire !== undefined && !['runOnce', 'skip'].includes(o.misfire)) {
        throw new TypeError("Parse.Cloud.job " + name + ": misfire is 'runOnce' or 'skip'");
      }
      jobs[name] = handler;
      if (o.schedule) {
        jobSchedules[name] = { jobName: name, cron: o.schedule, timeZone: o.timeZone || 'UTC', params: o.params || {},
          retries: o.retries || 0, retryDelaySeconds: o.retryDelaySeconds || 30, misfire: o.misfire || 'skip' };
      } else {
        delete jobSchedules[name];
      }
    },
    // Calls another function of this cloud code directly, as the master key or with no user.
    async run(name, params, options) {
      const entry = functions[name];
      if (!entry) {
        throw new ParseError(ParseError.SCRIPT_FAILED, 'Invalid function: "' + name + '"');
      }
      // with a session the function runs as that user (validators see their roles), as a REST call would
      const caller = options && options.sessionToken && !options.useMasterKey
        ? await server({ op: 'caller', auth: authOf(options) }) : null;
      const request = parseRequest(JSON.stringify(caller || { master: !!(options && options.useMasterKey), user: null }));
      request.params = params || {};
      request.context = (options && options.context) || {};
      request.log = LOG;
      checkValidator(entry.validator, request);
      return entry.handler(request);
    },
  };
  for (const type of TRIGGERS) {
    cloud[type] = registerTrigger(type);
  }
  // Parse's older names for file triggers.
  for (const [legacy, type] of [['beforeSaveFile', 'beforeSave'], ['afterSaveFile', 'afterSave'],
    ['beforeDeleteFile', 'beforeDelete'], ['afterDeleteFile', 'afterDelete']]) {
    const register = registerTrigger(type);
    cloud[legacy] = (handler, validator) => register('@File', handler, validator);
  }
  // Login triggers take no class: they are about _User (afterLogout about the _Session it ended).
  for (const [type, className] of [['beforeLogin', '_User'], ['afterLogin', '_User'], ['afterLogout', '_Session']]) {
    const register = registerTrigger(type);
    cloud[type] = (handler, validator) => register(className, handler, validator);
  }

  // ---- fetch: to allow-listed hosts only (HELIOBASE_CLOUD_FETCH_ALLOW); bodies are text ----
  class FetchHeaders {
    constructor(map) {
      this._map = Object.create(null);
      const entries = map instanceof FetchHeaders ? Object.entries(map._map) : Object.entries(map || {});
      for (const [name, value] of entries) {
        this._map[String(name).toLowerCase()] = String(value);
      }
    }
    set(name, value) { this._map[String(name).toLowerCase()] = String(value); }
    append(name, value) {
      const key = String(name).toLowerCase();
      this._map[key] = key in this._map ? this._map[key] + ', ' + String(value) : String(value);
    }
    delete(name) { delete this._map[String(name).toLowerCase()]; }
    get(name) { const v = this._map[String(name).toLowerCase()]; return v === undefined ? null : v; }
    has(name) { return String(name).toLowerCase() in this._map; }
    entries() { return Object.entries(this._map)[Symbol.iterator](); }
    forEach(callback) { for (const [k, v] of Object.entries(this._map)) { callback(v, k, this); } }
  }

  class FetchResponse {
    constructor(answer) {
      this.status = answer.status;
      this.ok = answer.status >= 200 && answer.status < 300;
      this.url = answer.url;
      this.redirected = false;
      this.headers = new FetchHeaders(answer.headers);
      this._body = answer.body;
    }
    async text() { return this._body; }
    async json() {
      try {
        return JSON.parse(this._body);
      } catch (e) {
        throw new SyntaxError('fetch: the response is not JSON');
      }
    }
  }

  async function fetch(resource, init) {
    const options = init || {};
    const headers = {};
    const given = options.headers instanceof FetchHeaders ? options.headers._map : (options.headers || {});
    for (const key of Object.keys(given)) {
      headers[key] = String(given[key]);
    }
    let body = options.body;
    if (body !== undefined && body !== null && typeof body !== 'string') {
      throw new TypeError('fetch: body must be a string (use JSON.stringify)');
    }
    const answer = await server({ op: 'fetch', url: String(resource), method: options.method || 'GET', headers,
      body: body === undefined ? null : body });
    return new FetchResponse(answer);
  }
  globalThis.fetch = fetch;
  globalThis.Headers = FetchHeaders;

  // ---- Heliobase.tool: agent tools with a JSON Schema, permission and approval ----
  const tools = Object.create(null);
  const TOOL_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
  const TOOL_OPTIONS = ['description', 'input', 'output', 'permission', 'requiresApproval', 'idempotent', 'timeoutMs'];

  function checkToolPermission(permission, what) {
    const ok = permission === undefined || ['public', 'user', 'master'].includes(permission)
      || (permission && typeof permission === 'object' && Array.isArray(permission.roles)
        && permission.roles.every((r) => typeof r === 'string'));
    if (!ok) {
      throw new TypeError(what + " is 'public', 'user', 'master' or { roles: [names] }");
    }
  }

  const Heliobase = Object.freeze({
    tool(name, options, handler) {
      if (typeof options === 'function') {
        [options, handler] = [{}, options];
      }
      if (typeof name !== 'string' || !TOOL_NAME.test(name) || typeof handler !== 'function') {
        throw new TypeError('Heliobase.tool(name, options, handler): name is a letter then up to 63 letters, digits, _ or -');
      }
      const spec = options || {};
      for (const key of Object.keys(spec)) {
        if (!TOOL_OPTIONS.includes(key)) {
          throw new TypeError('Heliobase.tool ' + name + ': unknown option ' + key);
        }
      }
      checkToolPermission(spec.permission, 'permission');
      const approval = spec.requiresApproval;
      if (approval !== undefined && typeof approval !== 'boolean' && !(approval && typeof approval === 'object'
          && Array.isArray(approval.roles) && approval.roles.every((r) => typeof r === 'string'))) {
        throw new TypeError("Heliobase.tool " + name + ": requiresApproval is true, false or { roles: [names] }");
      }
      tools[name] = {
        handler,
        spec: {
          name,
          description: typeof spec.description === 'string' ? spec.description : '',
          input: spec.input || { type: 'object', properties: {} },
          output: spec.output || null,
          permission: spec.permission || 'user',
          requiresApproval: spec.requiresApproval || false,
          idempotent: spec.idempotent === true,
          timeoutMs: typeof spec.timeoutMs === 'number' && spec.timeoutMs > 0 ? spec.timeoutMs : null,
        },
      };
    },
  });

  globalThis.Heliobase = Heliobase;
  globalThis.__heliobaseTools = function () {
    return asJson(Object.keys(tools).map((name) => tools[name].spec));
  };
  // Runs a tool: answers {result} (an object: other values come wrapped as {value}) or {error}.
  globalThis.__heliobaseTool = function (name, requestJson) {
    const entry = tools[name];
    if (!entry) {
      return asJson({ error: { code: 141, message: 'Invalid tool: "' + name + '"' } });
    }
    const request = parseRequest(requestJson);
    delete request.params;
    if (request.approval) {
      request.approval = decode(request.approval);
    }
    request.log = LOG;
    const done = (value) => {
      const encoded = value === undefined ? null : encode(value, true);
      return asJson({ result: encoded !== null && typeof encoded === 'object' && !Array.isArray(encoded)
        ? encoded : { value: encoded } });
    };
    try {
      const result = entry.handler(request);
      return result && typeof result.then === 'function' ? result.then(done, (e) => asJson(failure(e))) : done(result);
    } catch (e) {
      return asJson(failure(e));
    }
  };

  globalThis.Parse = Object.freeze({
    Cloud: Object.freeze(cloud), Error: ParseError, Object: ParseObject, Query, User, Role, Session, ACL, GeoPoint,
    File: ParseFile,
  });

  function failure(e) {
    if (e instanceof ParseError || (e && typeof e.code === 'number')) {
      return { error: { code: e.code, message: String(e.message) } };
    }
    return { error: { code: 141, message: e instanceof Error ? String(e.message) : String(e) } };
  }

  // The caller's role names ride along for validators; handlers do not see them.
  const rolesOf = new WeakMap();
  function parseRequest(json) {
    const request = JSON.parse(json);
    rolesOf.set(request, Array.isArray(request.__roles) ? request.__roles : []);
    delete request.__roles;
    if (request.user) {
      request.user = ParseObject._fromJSON('_User', request.user, true);
    }
    request.params = request.params || {};
    return request;
  }

  function checkValidator(validator, request) {
    if (request.master && !validator.validateMasterKey) {
      return; // as in Parse, the master key skips validators unless they ask to validate it
    }
    const needsRoles = validator.requireAnyUserRoles || validator.requireAllUserRoles;
    if ((validator.requireUser || needsRoles) && !request.user) {
      throw new ParseError(142, 'Validation failed. Please login to continue.');
    }
    const roles = rolesOf.get(request) || [];
    if (Array.isArray(validator.requireAnyUserRoles)
        && !validator.requireAnyUserRoles.some((role) => roles.includes(role))) {
      throw new ParseError(142, 'Validation failed. User does not match the required roles.');
    }
    if (Array.isArray(validator.requireAllUserRoles)
        && !validator.requireAllUserRoles.every((role) => roles.includes(role))) {
      throw new ParseError(142, 'Validation failed. User does not match all the required roles.');
    }
    if (validator.requireMaster && !request.master) {
      throw new ParseError(142, 'Validation failed. Master key is required to complete this request.');
    }
    const fields = validator.fields;
    if (fields && typeof fields === 'object') {
      // a function's fields are its params; a trigger's are the object's (as in Parse)
      const object = request.object instanceof ParseObject ? request.object : null;
      const read = (field) => (object ? object.get(field) : request.params[field]);
      const write = (field, value) => (object ? object.set(field, value) : (request.params[field] = value));
      const names = Array.isArray(fields) ? fields : Object.keys(fields);
      for (const field of names) {
        const rule = Array.isArray(fields) ? { required: true } : (fields[field] || {});
        let value = read(field);
        if (value === undefined && rule.default !== undefined) {
          value = rule.default;
          write(field, value);
        }
        if (value === undefined) {
          if (rule.required || Array.isArray(fields)) {
            throw new ParseError(142, 'Validation failed. Please specify data for ' + field + '.');
          }
          continue;
        }
        if (rule.type) {
          const expected = String(rule.type.name || rule.type).toLowerCase();
          const actual = Array.isArray(value) ? 'array' : typeof value;
          if (expected !== actual) {
            throw new ParseError(142, 'Validation failed. Invalid type for ' + field + '. Expected: ' + expected);
          }
        }
        if (Array.isArray(rule.options) && !rule.options.includes(value)) {
          throw new ParseError(142, 'Validation failed. Invalid option for ' + field + '. Expected: '
            + rule.options.join(', '));
        }
      }
    }
  }

  // request.log writes to the server's log (console does too), one line per call
  const logLine = (level) => (...parts) => console[level === 'info' ? 'log' : 'error'](
    '[cloud ' + level + '] ' + parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' '));
  const LOG = Object.freeze({ info: logLine('info'), warn: logLine('warn'), error: logLine('error') });
  const asJson = (answer) => JSON.stringify(answer);

  // Validates and runs a handler; answers done(result), or failed(error), or a promise of either.
  function invoke(entry, request, done, failed) {
    const fail = failed || ((e) => asJson(failure(e)));
    request.log = LOG;
    try {
      checkValidator(entry.validator, request);
      const result = entry.handler(request);
      if (result && typeof result.then === 'function') {
        return result.then(done, fail);
      }
      return done(result);
    } catch (e) {
      return fail(e);
    }
  }

  // Runs a function: returns a JSON string, or a promise of one for async handlers.
  globalThis.__heliobaseRun = function (name, requestJson) {
    const entry = functions[name];
    if (!entry) {
      return asJson({ error: { code: 141, message: 'Invalid function: "' + name + '"' } });
    }
    return invoke(entry, parseRequest(requestJson),
      (value) => asJson({ result: value === undefined ? null : encode(value, true) }));
  };
  // Runs a job: answers {message} (the text it ended with, if any) or {error}, usually as a promise.
  globalThis.__heliobaseJob = function (name, requestJson) {
    const handler = jobs[name];
    if (!handler) {
      return asJson({ error: { code: 141, message: 'Invalid job.' } });
    }
    const request = JSON.parse(requestJson);
    request.params = request.params || {};
    request.log = LOG;
    request.message = (text) => (typeof text === 'string' && text
      ? server({ op: 'jobMessage', jobId: request.jobId, message: text }) : Promise.resolve());
    const ended = (result) => asJson({ message: typeof result === 'string' ? result : null });
    try {
      const result = handler(request);
      return result && typeof result.then === 'function'
        ? result.then(ended, (e) => asJson(failure(e))) : ended(result);
    } catch (e) {
      return asJson(failure(e));
    }
  };
  globalThis.__heliobaseJobNames = function () {
    return asJson(Object.keys(jobs));
  };
  globalThis.__heliobaseJobSchedules = function () {
    return asJson(Object.values(jobSchedules));
  };
  globalThis.__heliobaseFunctions = function () {
    return asJson(Object.keys(functions));
  };
  globalThis.__heliobaseFunctionBudgets = function () {
    const budgets = {};
    for (const [name, entry] of Object.entries(functions)) {
      if (entry.timeoutMs !== undefined) {
        budgets[name] = entry.timeoutMs;
      }
    }
    return asJson(budgets);
  };
  globalThis.__heliobaseTriggers = function () {
    return asJson(Object.keys(triggers));
  };

  // afterFind sees the results as objects and may change them or return others: answers {objects}.
  function runAfterFind(entry, className, request) {
    request.objects = (request.objects || []).map((json) => ParseObject._fromJSON(className, json, true));
    request.query = Query.fromJSON(className, request.query || {});
    return invoke(entry, request, (returned) => {
      const list = Array.isArray(returned) ? returned : request.objects;
      const objects = list.filter((o) => o !== null && typeof o === 'object')
        .map((o) => (o instanceof ParseObject ? o._toFullJSON(false) : encode(o)));
      return asJson({ objects });
    });
  }

  // beforeFind may change request.query or return another query: answers {query} in REST form.
  function runBeforeFind(entry, className, request) {
    request.query = Query.fromJSON(className, request.query || {});
    request.isGet = !!request.isGet;
    return invoke(entry, request, (returned) => {
      const query = returned instanceof Query ? returned : request.query;
      return asJson({ query: query.toJSON() });
    });
  }

  // afterLiveQueryEvent sees one event for one subscriber: it may change request.object (or replace it) or set
  // request.sendEvent = false; answers {sendEvent, object}.
  function runAfterLiveQueryEvent(entry, className, request) {
    request.object = ParseObject._fromJSON(className, request.object || {}, true);
    if (request.original) {
      request.original = ParseObject._fromJSON(className, request.original, true);
    }
    request.sendEvent = true;
    return invoke(entry, request, () => {
      if (request.sendEvent === false) {
        return asJson({ sendEvent: false });
      }
      const object = request.object instanceof ParseObject ? request.object._toFullJSON(false) : encode(request.object);
      return asJson({ sendEvent: true, object });
    });
  }

  // Runs a trigger: returns JSON {changes} (beforeSave: the fields it set), or {error}; a promise for async handlers.
  globalThis.__heliobaseTrigger = function (type, className, requestJson) {
    const entry = triggers[type + ':' + className];
    if (!entry) {
      return asJson({ changes: {} });
    }
    const request = parseRequest(requestJson);
    if (type === 'afterFind') {
      return runAfterFind(entry, className, request);
    }
    if (type === 'beforeFind' || type === 'beforeSubscribe') {
      return runBeforeFind(entry, className, request);
    }
    if (type === 'afterLiveQueryEvent') {
      return runAfterLiveQueryEvent(entry, className, request);
    }
    if (className === '@File') {
      request.file = decode(request.file || {});
      return invoke(entry, request, () => asJson({ changes: {} }));
    }
    const object = ParseObject._fromJSON(className, request.object || {}, true);
    object._existed = !!request.original;
    object._requestDirty = Array.isArray(request.__dirtyKeys) ? request.__dirtyKeys : [];
    delete request.__dirtyKeys;
    request.object = object;
    if (request.original) {
      request.original = ParseObject._fromJSON(className, request.original, true);
    }
    return invoke(entry, request, () => asJson({ changes: object._triggerChanges() }));
  };

  // ---- require: CommonJS modules of the cloud folder, read at load (no file system inside the sandbox) ----
  const moduleFunctions = globalThis.__heliobaseModules;
  const jsonModules = JSON.parse(globalThis.__heliobaseJsonModules || '{}');
  const mainModule = globalThis.__heliobaseMain;
  delete globalThis.__heliobaseModules;
  delete globalThis.__heliobaseJsonModules;
  delete globalThis.__heliobaseMain;
  const loaded = Object.create(null);

  function dirnameOf(id) {
    const slash = id.lastIndexOf('/');
    return slash < 0 ? '' : id.slice(0, slash);
  }

  function normalize(path) {
    const out = [];
    for (const part of path.split('/')) {
      if (part === '' || part === '.') {
        continue;
      }
      if (part === '..') {
        if (!out.length) {
          return null; // outside the cloud folder
        }
        out.pop();
      } else {
        out.push(part);
      }
    }
    return out.join('/');
  }

  function exists(id) {
    return Object.prototype.hasOwnProperty.call(moduleFunctions, id) || Object.prototype.hasOwnProperty.call(jsonModules, id);
  }

  function asFileOrFolder(base) {
    if (base === null) {
      return null;
    }
    for (const candidate of [base, base + '.js', base + '.cjs', base + '.json']) {
      if (exists(candidate)) {
        return candidate;
      }
    }
    const manifest = jsonModules[(base ? base + '/' : '') + 'package.json'];
    if (manifest) {
      const main = JSON.parse(manifest).main;
      if (typeof main === 'string') {
        const target = asFileOrFolder(normalize((base ? base + '/' : '') + main));
        if (target) {
          return target;
        }
      }
    }
    const index = (base ? base + '/' : '') + 'index.js';
    return exists(index) ? index : null;
  }

  function resolveModule(fromDir, request) {
    if (request.startsWith('./') || request.startsWith('../')) {
      return asFileOrFolder(normalize((fromDir ? fromDir + '/' : '') + request));
    }
    if (request.startsWith('/')) {
      return null;
    }
    // packages: node_modules folders from here up to the cloud folder's root
    let dir = fromDir;
    for (;;) {
      const found = asFileOrFolder(normalize((dir ? dir + '/' : '') + 'node_modules/' + request));
      if (found) {
        return found;
      }
      if (!dir) {
        return null;
      }
      dir = dirnameOf(dir);
    }
  }

  function requireFrom(fromDir) {
    return function require(request) {
      if (typeof request !== 'string') {
        throw new TypeError('require(path): path must be a string');
      }
      const id = resolveModule(fromDir, request);
      if (!id) {
        throw new Error("Cannot find module '" + request + "' (cloud code can require files of its own folder and its"
          + ' node_modules; Node built-ins are not available in the sandbox)');
      }
      return loadModule(id);
    };
  }

  function loadModule(id) {
    if (loaded[id]) {
      return loaded[id].exports;
    }
    const module = { id, filename: id, exports: {}, loaded: false };
    loaded[id] = module;
    if (Object.prototype.hasOwnProperty.call(jsonModules, id)) {
      module.exports = JSON.parse(jsonModules[id]);
    } else {
      moduleFunctions[id].call(module.exports, module.exports, requireFrom(dirnameOf(id)), module, id, dirnameOf(id));
    }
    module.loaded = true;
    return module.exports;
  }

  if (mainModule) {
    loadModule(mainModule);
  }
})();
