/**
 * Scheduled jobs: schedules are data ({@code _JobSchedule}, managed through Parse's {@code /cloud_code/jobs}) or
 * declared in cloud code ({@code Parse.Cloud.job(name, fn, {schedule})}); Quartz keeps the triggers in memory on every
 * node, and each fire is claimed in the shared database so exactly one node runs it.
 */
package io.heliobase.server.scheduler;
