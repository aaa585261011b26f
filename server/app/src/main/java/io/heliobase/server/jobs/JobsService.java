package io.heliobase.server.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.server.http.MasterKeyRequired;
import io.heliobase.server.http.ParseRequest;
import io.heliobase.server.http.ParseResponse;
import io.heliobase.server.http.ParseRouter;
import java.util.Optional;

/**
 * {@code POST /jobs/:name} (or {@code POST /jobs} with {@code jobName}), master key only: starts the job and answers
 * {@code {}} with the run's {@code _JobStatus} id in {@code X-Parse-Job-Status-Id}, as Parse.Cloud.startJob expects.
 */
public final class JobsService implements ParseRouter.Routes {
    private final Optional<JobRunner> runner;

    public JobsService(Optional<JobRunner> runner) {
        this.runner = runner;
    }

    @Override
    public void routes(ParseRouter router) {
        router.post("/jobs/{name}", req -> start(req, req.param("name")))
                .post("/jobs", req -> start(req, req.body().path("jobName").asText("")));
    }

    private ParseResponse start(ParseRequest req, String name) {
        MasterKeyRequired.forWrite(req.caller(), "run jobs");
        if (runner.isEmpty()) {
            throw new ParseException(ParseErrorCode.SCRIPT_FAILED, "Invalid job.");
        }
        ObjectNode params = req.findParams();
        params.remove("jobName");
        String id = runner.get().start(name, params, "api");
        return ParseResponse.ok(Json.object()).withHeader("X-Parse-Job-Status-Id", id);
    }
}
