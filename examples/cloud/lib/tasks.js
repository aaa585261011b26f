// @ts-check
/// <reference path="../../../cloud-code/types/heliobase-cloud.d.ts" />
// Rules for Task objects, shared by the trigger, the function, the job and the tools in ../main.js.

const STATUSES = ['open', 'doing', 'done'];
const DEFAULT_PRIORITY = 3;
const MAX_TITLE_LENGTH = 200;

/**
 * The rights a data call should use on behalf of a request: the caller's own session, or the master key for a
 * master-key call. Nothing is implicit in cloud code: a call with neither has public access only.
 * @param {{ master: boolean, user: Parse.User | null }} request
 * @returns {Parse.RightsOptions}
 */
function rightsOf(request) {
  if (request.master) {
    return { useMasterKey: true };
  }
  return { sessionToken: request.user ? request.user.getSessionToken() : null };
}

/** @param {string} message */
function invalid(message) {
  return new Parse.Error(Parse.Error.VALIDATION_ERROR, message);
}

/**
 * Checks and tidies a Task about to be saved (the object as it will be stored); throws a 142 error for bad values.
 * @param {Parse.Object} task
 */
function normalizeTask(task) {
  const title = task.get('title');
  if (typeof title !== 'string' || title.trim() === '') {
    throw invalid('A task needs a title.');
  }
  const trimmed = title.trim().replace(/\s+/g, ' ');
  if (trimmed.length > MAX_TITLE_LENGTH) {
    throw invalid('A task title has at most ' + MAX_TITLE_LENGTH + ' characters.');
  }
  if (trimmed !== title) {
    task.set('title', trimmed);
  }

  const status = task.has('status') ? String(task.get('status')).toLowerCase() : 'open';
  if (!STATUSES.includes(status)) {
    throw invalid('status is one of ' + STATUSES.join(', ') + '.');
  }
  if (status !== task.get('status')) {
    task.set('status', status);
  }

  const priority = task.has('priority') ? task.get('priority') : DEFAULT_PRIORITY;
  if (!Number.isInteger(priority) || priority < 1 || priority > 5) {
    throw invalid('priority is a whole number from 1 (urgent) to 5.');
  }
  if (priority !== task.get('priority')) {
    task.set('priority', priority);
  }

  // doneAt lets the archiving job find tasks that have been done for a while
  if (status === 'done' && !task.has('doneAt')) {
    task.set('doneAt', new Date());
  } else if (status !== 'done' && task.has('doneAt')) {
    task.unset('doneAt');
  }
}

/**
 * What a tool answers about a task: small and JSON-only, for the model to read.
 * @param {Parse.Object} task
 */
function taskSummary(task) {
  return {
    id: task.id,
    title: task.get('title'),
    status: task.get('status'),
    priority: task.get('priority'),
  };
}

module.exports = { STATUSES, rightsOf, normalizeTask, taskSummary };
