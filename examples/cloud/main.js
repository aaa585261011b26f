// @ts-check
/// <reference path="../../cloud-code/types/heliobase-cloud.d.ts" />
// Cloud code for a small AI to-do app: people and agents keep Task lists. Run it with
//   HELIOBASE_CLOUD=examples/cloud/main.js bin/heliobase
// Task fields: title, status (open | doing | done), priority (1-5), owner (a _User), doneAt, archived.

const { STATUSES, rightsOf, normalizeTask, taskSummary } = require('./lib/tasks');

// Every write of a Task goes through here, whether it comes from an app, an agent tool or this file.
Parse.Cloud.beforeSave('Task', (request) => {
  const task = request.object;
  normalizeTask(task);
  const user = request.user;
  if (!user) {
    return; // the master key: the validator turns signed-out callers away
  }
  const owner = task.get('owner');
  if (!request.original) {
    if (owner && owner.id !== user.id) {
      throw new Parse.Error(Parse.Error.OPERATION_FORBIDDEN, 'A new task belongs to the user who creates it.');
    }
    if (!owner) {
      task.set('owner', user);
    }
  } else {
    const before = request.original.get('owner');
    if ((owner && owner.id) !== (before && before.id)) {
      throw new Parse.Error(Parse.Error.OPERATION_FORBIDDEN, 'The owner of a task does not change.');
    }
  }
}, { requireUser: true });

// Lists leave archived tasks out unless the query asks about `archived`; a get by id still opens one.
Parse.Cloud.beforeFind('Task', (request) => {
  if (request.master || request.isGet || 'archived' in request.query.toJSON().where) {
    return;
  }
  request.query.notEqualTo('archived', true);
});

// POST /functions/taskStats: how many of the caller's tasks are in each status (all tasks for the master key).
Parse.Cloud.define('taskStats', async (request) => {
  const rights = rightsOf(request);
  const counts = await Promise.all(STATUSES.map((status) => {
    const query = new Parse.Query('Task').equalTo('status', status).notEqualTo('archived', true);
    if (request.user) {
      query.equalTo('owner', request.user);
    }
    return query.count(rights);
  }));
  /** @type {{ [status: string]: number }} */
  const byStatus = {};
  STATUSES.forEach((status, i) => {
    byStatus[status] = counts[i];
  });
  return byStatus;
}, { requireUser: true });

// POST /jobs/archiveDoneTasks (master key), e.g. nightly: archives tasks done more than `olderThanDays` (7) ago.
Parse.Cloud.job('archiveDoneTasks', async (request) => {
  const days = typeof request.params.olderThanDays === 'number' ? request.params.olderThanDays : 7;
  const cutoff = new Date(Date.now() - days * 24 * 60 * 60 * 1000);
  await request.message('archiving tasks done before ' + cutoff.toISOString());
  let archived = 0;
  // a job has no caller: it acts with the master key
  await new Parse.Query('Task').equalTo('status', 'done').notEqualTo('archived', true)
    .lessThanOrEqualTo('doneAt', cutoff)
    .each(async (task) => {
      task.set('archived', true);
      await task.save(null, { useMasterKey: true });
      archived += 1;
    }, { useMasterKey: true });
  return 'archived ' + archived + ' task(s)';
});

// A proactive nudge, every five minutes: agent runs (_AgentTask) still 'running' but silent for a while get a
// Notification for their owner, which the app receives through a live query on Notification. One node runs each
// fire, however many run the server; `params.stalledMinutes` (default 30) is how long "silent" is.
Parse.Cloud.job('nudgeStalledTasks', async (request) => {
  const minutes = typeof request.params.stalledMinutes === 'number' ? request.params.stalledMinutes : 30;
  const quietSince = new Date(Date.now() - minutes * 60 * 1000);
  let nudged = 0;
  await new Parse.Query('_AgentTask').equalTo('status', 'running').lessThanOrEqualTo('updatedAt', quietSince)
    .each(async (task) => {
      const owner = task.get('owner');
      if (!owner) {
        return;
      }
      const note = new Parse.Object('Notification', {
        owner, task, kind: 'stalled',
        text: 'Your agent has been quiet for ' + minutes + ' minutes or more: "' + task.get('goal') + '"',
      });
      note.setACL(new Parse.ACL(owner));
      await note.save(null, { useMasterKey: true });
      task.set('status', 'stalled');
      await task.save(null, { useMasterKey: true });
      nudged += 1;
    }, { useMasterKey: true });
  return 'nudged ' + nudged + ' stalled task(s)';
}, { schedule: '0 */5 * * * ?', misfire: 'runOnce' });

// Agent tools: GET /tools hands these to the model, POST /tools/:name runs them (validated, recorded, audited).
Heliobase.tool('addTask', {
  description: "Add a task to the signed-in user's list.",
  input: {
    type: 'object',
    required: ['title'],
    additionalProperties: false,
    properties: {
      title: { type: 'string', minLength: 1, maxLength: 200 },
      priority: { type: 'integer', minimum: 1, maximum: 5, description: '1 is the most urgent; default 3' },
    },
  },
  output: { type: 'object', required: ['id', 'title', 'status', 'priority'] },
}, async (request) => {
  const task = new Parse.Object('Task', { title: request.input.title });
  if (request.input.priority !== undefined) {
    task.set('priority', request.input.priority);
  }
  // private to its owner; a task the master key adds for nobody is readable with the master key only
  task.setACL(request.user ? new Parse.ACL(request.user) : new Parse.ACL());
  // saved with the caller's own rights, so the beforeSave makes them the owner
  const saved = await task.save(null, rightsOf(request));
  return taskSummary(saved);
});

Heliobase.tool('deleteTask', {
  description: "Delete one of the user's tasks for good. The user approves each call before it runs.",
  input: {
    type: 'object',
    required: ['taskId'],
    additionalProperties: false,
    properties: { taskId: { type: 'string', minLength: 1 } },
  },
  requiresApproval: true,
}, async (request) => {
  // An approved call runs without the user's session, so read and delete with the master key, after checking that
  // the task is the user's; someone else's task answers as if it did not exist.
  const task = await new Parse.Query('Task').get(request.input.taskId, { useMasterKey: true });
  const owner = task.get('owner');
  if (!request.master && !(request.user && owner && owner.id === request.user.id)) {
    throw new Parse.Error(Parse.Error.OBJECT_NOT_FOUND, 'Object not found.');
  }
  await task.destroy({ useMasterKey: true });
  return { deleted: taskSummary(task) };
});
