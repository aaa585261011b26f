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

  const Cloud = Object.freeze({
    define(name, handler, validator) {
      if (typeof name !== 'string' || name.length === 0 || typeof handler !== 'function') {
        throw new TypeError('Parse.Cloud.define(name, handler[, validator])');
      }
      functions[name] = { handler, validator: validator || {} };
    },
  });

  globalThis.Parse = Object.freeze({ Cloud, Error: ParseError });

  function failure(e) {
    if (e instanceof ParseError || (e && typeof e.code === 'number')) {
      return { error: { code: e.code, message: String(e.message) } };
    }
    return { error: { code: 141, message: e instanceof Error ? String(e.message) : String(e) } };
  }

  function checkValidator(validator, request) {
    if (validator.requireUser && !request.user) {
      throw new ParseError(142, 'Validation failed. Please login to continue.');
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

  // Runs a function: returns a JSON string, or a promise of one for async handlers.
  globalThis.__heliobaseRun = function (name, requestJson) {
    const entry = functions[name];
    if (!entry) {
      return JSON.stringify({ error: { code: 141, message: 'Invalid function: "' + name + '"' } });
    }
    const request = JSON.parse(requestJson);
    request.log = Object.freeze({ info() {}, warn() {}, error() {} });
    try {
      checkValidator(entry.validator, request);
      const result = entry.handler(request);
      if (result && typeof result.then === 'function') {
        return result.then((value) => JSON.stringify({ result: value === undefined ? null : value }),
          (e) => JSON.stringify(failure(e)));
      }
      return JSON.stringify({ result: result === undefined ? null : result });
    } catch (e) {
      return JSON.stringify(failure(e));
    }
  };
  globalThis.__heliobaseFunctions = function () {
    return JSON.stringify(Object.keys(functions));
  };
})();
