// The cloud API a script sees, installed before the user's code. Only JSON crosses the sandbox boundary.
(function () {
  'use strict';
  const functions = Object.create(null);

  class ParseError extends Error {
    constructor(code, message) {
      super(message);
      this.code = code;
    }
  }
  Object.assign(ParseError, {
    OTHER_CAUSE: -1, INTERNAL_SERVER_ERROR: 1, OBJECT_NOT_FOUND: 101, INVALID_QUERY: 102, INVALID_JSON: 107,
    OPERATION_FORBIDDEN: 119, SCRIPT_FAILED: 141, VALIDATION_ERROR: 142,
  });

  const triggers = Object.create(null);
  const TRIGGERS = ['beforeSave', 'afterSave', 'beforeDelete', 'afterDelete', 'afterFind'];

  function registerTrigger(type) {
    return function (className, handler, validator) {
      const name = typeof className === 'function' ? className.className : className;
      if (typeof name !== 'string' || name.length === 0 || typeof handler !== 'function') {
        throw new TypeError('Parse.Cloud.' + type + '(className, handler[, validator])');
      }
      triggers[type + ':' + name] = { handler, validator: validator || {} };
    };
  }

  const cloud = {
    define(name, handler, validator) {
      if (typeof name !== 'string' || name.length === 0 || typeof handler !== 'function') {
        throw new TypeError('Parse.Cloud.define(name, handler[, validator])');
      }
      functions[name] = { handler, validator: validator || {} };
    },
  };
  for (const type of TRIGGERS) {
    cloud[type] = registerTrigger(type);
  }
  // Login triggers take no class: they are about _User (afterLogout about the _Session it ended).
  for (const [type, className] of [['beforeLogin', '_User'], ['afterLogin', '_User'], ['afterLogout', '_Session']]) {
    const register = registerTrigger(type);
    cloud[type] = (handler, validator) => register(className, handler, validator);
  }
  const Cloud = Object.freeze(cloud);

  // The object a trigger sees: get/set/unset/has/increment over a JSON copy, remembering what it changed.
  class TriggerObject {
    constructor(className, json) {
      this.className = className;
      this.id = json.objectId;
      this._data = json;
      this._changes = Object.create(null);
    }
    get(key) { return this._data[key]; }
    has(key) { return this._data[key] !== undefined && this._data[key] !== null; }
    set(key, value) {
      if (typeof key === 'object' && key !== null) {
        for (const k of Object.keys(key)) { this.set(k, key[k]); }
        return this;
      }
      this._data[key] = value;
      this._changes[key] = value === undefined ? { __op: 'Delete' } : value;
      return this;
    }
    unset(key) { delete this._data[key]; this._changes[key] = { __op: 'Delete' }; return this; }
    increment(key, amount) { return this.set(key, (this._data[key] || 0) + (amount === undefined ? 1 : amount)); }
    dirty(key) { return key === undefined ? Object.keys(this._changes).length > 0 : key in this._changes; }
    dirtyKeys() { return Object.keys(this._changes); }
    existed() { return this._existed === true; }
    toJSON() { return Object.assign({}, this._data); }
  }

  globalThis.Parse = Object.freeze({ Cloud, Error: ParseError });

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
      const names = Array.isArray(fields) ? fields : Object.keys(fields);
      for (const field of names) {
        const rule = Array.isArray(fields) ? { required: true } : (fields[field] || {});
        let value = request.params[field];
        if (value === undefined && rule.default !== undefined) {
          value = request.params[field] = rule.default;
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

  const LOG = Object.freeze({ info() {}, warn() {}, error() {} });

  // Validates and runs a handler; answers done(result) as JSON, or a promise of it for async handlers, or {error}.
  function invoke(entry, request, done) {
    request.log = LOG;
    try {
      checkValidator(entry.validator, request);
      const result = entry.handler(request);
      if (result && typeof result.then === 'function') {
        return result.then(done, (e) => JSON.stringify(failure(e)));
      }
      return done(result);
    } catch (e) {
      return JSON.stringify(failure(e));
    }
  }

  // Runs a function: returns a JSON string, or a promise of one for async handlers.
  globalThis.__heliobaseRun = function (name, requestJson) {
    const entry = functions[name];
    if (!entry) {
      return JSON.stringify({ error: { code: 141, message: 'Invalid function: "' + name + '"' } });
    }
    return invoke(entry, parseRequest(requestJson),
      (value) => JSON.stringify({ result: value === undefined ? null : value }));
  };
  globalThis.__heliobaseFunctions = function () {
    return JSON.stringify(Object.keys(functions));
  };
  globalThis.__heliobaseTriggers = function () {
    return JSON.stringify(Object.keys(triggers));
  };

  // afterFind sees the results as objects and may change them or return others: answers {objects}.
  function runAfterFind(entry, className, request) {
    request.objects = (request.objects || []).map((json) => new TriggerObject(className, json));
    request.params = request.params || {};
    return invoke(entry, request, (returned) => {
      const list = Array.isArray(returned) ? returned : request.objects;
      const objects = list.filter((o) => o !== null && typeof o === 'object')
        .map((o) => (o instanceof TriggerObject ? o.toJSON() : o));
      return JSON.stringify({ objects });
    });
  }

  // Runs a trigger: returns JSON {changes} (beforeSave: the fields it set), or {error}; a promise for async handlers.
  globalThis.__heliobaseTrigger = function (type, className, requestJson) {
    const entry = triggers[type + ':' + className];
    if (!entry) {
      return JSON.stringify({ changes: {} });
    }
    const request = parseRequest(requestJson);
    if (type === 'afterFind') {
      return runAfterFind(entry, className, request);
    }
    const object = new TriggerObject(className, request.object || {});
    object._existed = !!request.original;
    request.object = object;
    if (request.original) {
      request.original = new TriggerObject(className, request.original);
    }
    request.params = request.params || {};
    return invoke(entry, request, () => JSON.stringify({ changes: object._changes }));
  };
})();
