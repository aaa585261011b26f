package io.heliobase.server.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.cloudcode.CloudCode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.server.data.DataService;
import io.heliobase.server.jobs.JobRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Runs schedules with Quartz. Every node keeps every schedule's trigger in memory (no second datastore) and re-reads
 * {@code _JobSchedule} every few seconds; when a trigger fires, the node claims the fire in the shared database and
 * only the winner runs the job (see {@link FireClaims}). A failed or timed-out run is retried up to the schedule's
 * {@code retries}, each after twice the previous delay, as a new claimed fire. If a node dies mid-run, that run's
 * {@code _JobStatus} stays {@code running} and its fire is not run again (at most once per fire); the next fire runs
 * normally on any node.
 */
public final class JobScheduler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JobScheduler.class.getName());
    private static final String SELF = "heliobase-scheduler";
    private static final String GROUP = "heliobase";

    private final Optional<CloudCode> code;
    private final List<JsonNode> builtInSchedules;
    private final JobRunner runner;
    private final DataService data;
    private final FireClaims claims;
    private final Scheduler quartz;
    /** What is scheduled now, by key, with the signature it was scheduled with. */
    private final Map<String, Schedule> scheduled = new ConcurrentHashMap<>();

    /** @param builtInSchedules schedules of built-in jobs, shaped as cloud code declares them ({@code jobName}, {@code cron}) */
    public JobScheduler(Optional<CloudCode> code, List<JsonNode> builtInSchedules, JobRunner runner, DataService data,
                        Duration refresh, int threads) {
        this.code = code;
        this.builtInSchedules = List.copyOf(builtInSchedules);
        this.runner = runner;
        this.data = data;
        String node = UUID.randomUUID().toString();
        this.claims = new FireClaims(data.storage(), node);
        Properties properties = new Properties();
        properties.setProperty("org.quartz.scheduler.instanceName", "heliobase-" + node);
        properties.setProperty("org.quartz.scheduler.instanceId", node);
        properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        properties.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        properties.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        properties.setProperty("org.quartz.jobStore.misfireThreshold", "5000");
        try {
            StdSchedulerFactory factory = new StdSchedulerFactory(properties);
            this.quartz = factory.getScheduler();
            quartz.getContext().put(SELF, this);
            reconcile();
            runMissedFires();
            quartz.start();
            // keep in step with schedules other nodes create, change or delete
            JobDetail refreshJob = JobBuilder.newJob(Refresh.class).withIdentity("refresh", "heliobase-internal")
                    .build();
            quartz.scheduleJob(refreshJob, TriggerBuilder.newTrigger().withIdentity("refresh", "heliobase-internal")
                    .startAt(Date.from(Instant.now().plus(refresh)))
                    .withSchedule(org.quartz.SimpleScheduleBuilder.repeatSecondlyForever((int) Math.max(1,
                            refresh.toSeconds())))
                    .build());
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the job scheduler: " + e.getMessage(), e);
        }
        code.ifPresent(c -> c.onReload(this::reconcileQuietly));
    }

    /** Reads every schedule (cloud code's and {@code _JobSchedule}) and makes Quartz's triggers match them. */
    public synchronized void reconcile() {
        Map<String, Schedule> wanted = new LinkedHashMap<>();
        List<JsonNode> declaredSchedules = new java.util.ArrayList<>(builtInSchedules);
        code.ifPresent(c -> declaredSchedules.addAll(c.jobSchedules()));
        for (JsonNode declared : declaredSchedules) {
            add(wanted, () -> Schedule.fromCode(declared), declared);
        }
        for (JsonNode stored : storedSchedules()) {
            add(wanted, () -> Schedule.fromStored(stored), stored);
        }
        try {
            for (String key : Map.copyOf(scheduled).keySet()) {
                Schedule now = wanted.get(key);
                if (now == null || !now.signature().equals(scheduled.get(key).signature())) {
                    quartz.deleteJob(JobKey.jobKey(key, GROUP));
                    scheduled.remove(key);
                }
            }
            for (Schedule schedule : wanted.values()) {
                if (!scheduled.containsKey(schedule.key())) {
                    schedule(schedule);
                    scheduled.put(schedule.key(), schedule);
                }
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot update job schedules: " + e.getMessage(), e);
        }
    }

    /** Claims are kept this long: long enough to find fires missed during any realistic downtime. */
    static final Duration CLAIMS_KEPT = Duration.ofDays(30);
    private volatile Instant lastPurge = Instant.EPOCH;

    void reconcileQuietly() {
        try {
            reconcile();
            if (lastPurge.isBefore(Instant.now().minus(Duration.ofHours(1)))) {
                lastPurge = Instant.now();
                claims.purgeOlderThan(Instant.now().minus(CLAIMS_KEPT));
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot refresh job schedules: " + e.getMessage());
        }
    }

    private static void add(Map<String, Schedule> wanted, java.util.function.Supplier<Schedule> read, JsonNode source) {
        try {
            Schedule schedule = read.get();
            wanted.put(schedule.key(), schedule);
        } catch (ParseException invalid) {
            LOG.log(System.Logger.Level.WARNING, "ignoring job schedule " + source + ": " + invalid.getMessage());
        }
    }

    private Iterable<JsonNode> storedSchedules() {
        return data.find(Caller.MASTER, SystemClasses.JOB_SCHEDULE, Json.object().put("limit", 1000)).path("results");
    }

    private void schedule(Schedule schedule) throws SchedulerException {
        JobDetail job = JobBuilder.newJob(Fire.class).withIdentity(schedule.key(), GROUP)
                .usingJobData(new JobDataMap(Map.of("key", schedule.key(), "attempt", 1))).build();
        CronScheduleBuilder cron = CronScheduleBuilder.cronSchedule(schedule.cron())
                .inTimeZone(TimeZone.getTimeZone(schedule.zone()));
        cron = schedule.misfire() == Schedule.Misfire.RUN_ONCE ? cron.withMisfireHandlingInstructionFireAndProceed()
                : cron.withMisfireHandlingInstructionDoNothing();
        quartz.scheduleJob(job, TriggerBuilder.newTrigger().withIdentity(schedule.key(), GROUP).withSchedule(cron)
                .build());
    }

    /**
     * At start: a schedule that asks to run once after downtime, whose next fire after the last claimed one is
     * already past, runs that missed fire now (claimed like any other, so one node does it).
     */
    private void runMissedFires() {
        for (Schedule schedule : scheduled.values()) {
            if (schedule.misfire() != Schedule.Misfire.RUN_ONCE) {
                continue;
            }
            Optional<Instant> last = claims.lastFire(schedule.key());
            if (last.isEmpty()) {
                continue; // never ran: nothing was missed
            }
            try {
                CronExpression cron = new CronExpression(schedule.cron());
                cron.setTimeZone(TimeZone.getTimeZone(schedule.zone()));
                Date next = cron.getNextValidTimeAfter(Date.from(last.get()));
                Instant missed = null;
                while (next != null && next.toInstant().isBefore(Instant.now())) {
                    missed = next.toInstant();
                    next = cron.getNextValidTimeAfter(next);
                }
                if (missed != null) {
                    Instant fireTime = missed;
                    Thread.ofVirtual().name("missed-" + schedule.key()).start(() -> fire(schedule.key(), fireTime, 1));
                }
            } catch (java.text.ParseException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot read cron of " + schedule.key() + ": " + e.getMessage());
            }
        }
    }

    /** A trigger fired on this node: claim it, run it if the claim is ours, retry it if it failed. */
    void fire(String key, Instant fireTime, int attempt) {
        Schedule schedule = scheduled.get(key);
        if (schedule == null || !claims.claim(key, fireTime, attempt)) {
            return;
        }
        JobRunner.Outcome outcome;
        try {
            outcome = runner.runToEnd(schedule.jobName(), schedule.params(), "schedule", key, attempt, fireTime);
        } catch (ParseException e) {
            LOG.log(System.Logger.Level.WARNING, "scheduled job " + schedule.jobName() + " cannot run: " + e.getMessage());
            return;
        }
        if (!key.startsWith("code:")) {
            recordLastRun(key, fireTime);
        }
        if (!outcome.status().equals("succeeded") && attempt <= schedule.retries()) {
            Duration delay = schedule.retryDelay().multipliedBy(1L << Math.min(attempt - 1, 16));
            retryLater(schedule, fireTime, attempt + 1, delay);
        }
    }

    private void recordLastRun(String scheduleId, Instant fireTime) {
        try {
            data.update(Caller.MASTER, SystemClasses.JOB_SCHEDULE, scheduleId,
                    Json.object().put("lastRun", fireTime.toEpochMilli()));
        } catch (ParseException deleted) {
            // the schedule was deleted while its job ran
        }
    }

    private void retryLater(Schedule schedule, Instant fireTime, int attempt, Duration delay) {
        String id = schedule.key() + "#" + fireTime.toEpochMilli() + "#" + attempt;
        Map<String, Object> retry = new HashMap<>();
        retry.put("key", schedule.key());
        retry.put("attempt", attempt);
        retry.put("fireAt", fireTime.toEpochMilli());
        try {
            quartz.scheduleJob(JobBuilder.newJob(Fire.class).withIdentity(id, "heliobase-retries")
                            .usingJobData(new JobDataMap(retry)).build(),
                    TriggerBuilder.newTrigger().withIdentity(id, "heliobase-retries")
                            .startAt(Date.from(Instant.now().plus(delay))).build());
        } catch (SchedulerException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot schedule a retry of " + schedule.jobName() + ": "
                    + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            quartz.shutdown(false);
        } catch (SchedulerException e) {
            LOG.log(System.Logger.Level.WARNING, "scheduler did not stop cleanly: " + e.getMessage());
        }
    }

    private static JobScheduler self(JobExecutionContext context) {
        try {
            return (JobScheduler) context.getScheduler().getContext().get(SELF);
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A schedule's fire (or a retry of one). */
    public static final class Fire implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            JobDataMap map = context.getMergedJobDataMap();
            // retries keep the fire time of the fire they retry, so their claims stay distinct per attempt
            Instant fireTime = map.containsKey("fireAt") ? Instant.ofEpochMilli(map.getLong("fireAt"))
                    : context.getScheduledFireTime().toInstant();
            self(context).fire(map.getString("key"), fireTime, map.getInt("attempt"));
        }
    }

    /** Re-reads the schedules. */
    public static final class Refresh implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            self(context).reconcileQuietly();
        }
    }
}
