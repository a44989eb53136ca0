package io.somactl.core.serve;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.somactl.core.SomactlException;
import io.somactl.core.budget.BudgetChecks;
import io.somactl.core.budget.BudgetRequest;
import io.somactl.core.budget.BudgetSummary;
import io.somactl.core.budget.CheckResult;
import io.somactl.core.budget.Names;
import io.somactl.core.services.Services;
import io.somactl.core.sessions.SessionStore;
import io.somactl.core.sessions.SessionSummary;
import io.somactl.core.text.Printable;
import io.somactl.core.text.Redaction;
import io.somactl.core.usage.TokenUsageQuery;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code somactl serve}: the budget decision, the tokens query, the budget summary, the model
 * ranking and the session summaries (PostgreSQL) over HTTP/1.1 with the JDK's server ({@code jdk.httpserver}), one virtual thread per request,
 * over one {@link Services} for the life of the process. Answers are the JSON the commands print with
 * {@code -o json} ({@link ServeViews}); errors are {@code {"error": "one line"}} and never carry a stack
 * trace. Every {@code /v1/} request needs {@code Authorization: Bearer TOKEN} ({@link ApiTokens}); a
 * tenant's token reads and checks that tenant only. {@code /healthz} and {@code /metrics} are open.
 */
public final class ApiServer implements AutoCloseable {
    /** Where to listen, the largest request body, and the Redis-unavailable policy of checks. */
    public record Options(String host, int port, int maxBodyBytes, boolean failOpen) {}

    private static final String JSON_TYPE = "application/json";
    private static final String TEXT_TYPE = "text/plain; charset=utf-8";
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Pattern SPAN = Pattern.compile("(\\d{1,9})([smhd])");
    private static final String SESSION_PREFIX = "/v1/sessions/";
    private static final String SESSION_ROUTE = "/v1/sessions/{session_id}";
    private static final int MAX_SESSION_LIMIT = 100_000;
    private static final int MAX_SESSION_ID = 512;

    /** The body of {@code POST /v1/budget/check}: the options of {@code budget check}, snake_case. */
    record CheckBody(
            @JsonProperty("tenant") String tenant,
            @JsonProperty("persona") String persona,
            @JsonProperty("tokens") Long tokens,
            @JsonProperty("input_tokens") Long inputTokens,
            @JsonProperty("output_tokens") Long outputTokens,
            @JsonProperty("cost_usd") BigDecimal costUsd,
            @JsonProperty("gpu_seconds") BigDecimal gpuSeconds,
            @JsonProperty("reserve") Boolean reserve,
            @JsonProperty("fail_open") Boolean failOpen) {}

    /** The body of {@code POST /v1/budget/release}. */
    record ReleaseBody(
            @JsonProperty("tenant") String tenant,
            @JsonProperty("reservation_id") String reservationId) {}

    /** An answer other than 200, with its one-line reason. */
    static final class ApiError extends RuntimeException {
        final int status;

        ApiError(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Services services;
    private final ApiTokens tokens;
    private final ServeViews views;
    private final Options options;
    private final Consumer<String> log;
    private final ServeMetrics metrics = new ServeMetrics();
    // one for the server's life: it keeps the budget definitions between checks (the script checks their version)
    private volatile BudgetChecks checks;

    private ApiServer(
            HttpServer server,
            ExecutorService executor,
            Services services,
            ApiTokens tokens,
            ServeViews views,
            Options options,
            Consumer<String> log) {
        this.server = server;
        this.executor = executor;
        this.services = services;
        this.tokens = tokens;
        this.views = views;
        this.options = options;
        this.log = log;
    }

    /**
     * Listens on {@code host:port} (port 0: any free one) and starts answering. {@code log} gets one
     * line per failure the client was not told the details of (with the cause).
     */
    public static ApiServer start(
            Options options, Services services, ApiTokens tokens, ServeViews views, Consumer<String> log) {
        String where = options.host() + ":" + options.port();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 1024);
        } catch (BindException e) {
            throw new SomactlException(
                    "cannot listen on " + where + ": " + e.getMessage()
                            + "; stop what listens there or choose another port with --listen",
                    e);
        } catch (IOException | RuntimeException e) {
            throw new SomactlException("cannot listen on " + where + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        ApiServer api = new ApiServer(server, executor, services, tokens, views, options, log);
        server.createContext("/", api::handle);
        server.setExecutor(executor);
        server.start();
        return api;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public ServeMetrics metrics() {
        return metrics;
    }

    /**
     * Stops accepting connections, lets requests in progress finish (up to {@code drain}), then
     * stops the request threads. The services stay open: their owner closes them.
     */
    public void stop(Duration drain) {
        server.stop((int) Math.max(0, Math.min(Integer.MAX_VALUE, drain.toSeconds())));
        executor.shutdown();
        try {
            if (!executor.awaitTermination(drain.toMillis() + 100, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ZERO);
    }

    private void handle(HttpExchange exchange) {
        long start = System.nanoTime();
        String route = "other";
        int status;
        try {
            String path = exchange.getRequestURI().getRawPath();
            route = switch (path) {
                case "/healthz",
                        "/metrics",
                        "/v1/budget/check",
                        "/v1/budget/release",
                        "/v1/telemetry/tokens",
                        "/v1/budget/summary",
                        "/v1/models/ranking",
                        "/v1/sessions" -> path;
                default -> path.startsWith(SESSION_PREFIX) ? SESSION_ROUTE : "other";
            };
            Answer answer = answer(exchange, route, path);
            status = answer.status();
            respondQuietly(exchange, answer);
        } catch (ApiError e) {
            status = e.status;
            respondQuietly(exchange, new Answer(e.status, JSON_TYPE, error(e.getMessage())));
        } catch (SomactlException e) {
            // a server behind us (Redis, ClickHouse) failed: its one-line message, without the cause chain
            status = 503;
            log.accept(route + ": " + Redaction.redact(String.valueOf(e.getMessage())));
            respondQuietly(
                    exchange, new Answer(503, JSON_TYPE, error(Redaction.redact(String.valueOf(e.getMessage())))));
        } catch (RuntimeException | Error e) {
            status = 500;
            log.accept(route + ": internal error: " + e);
            respondQuietly(exchange, new Answer(500, JSON_TYPE, error("internal error; the server's log says more")));
        } finally {
            exchange.close();
        }
        metrics.request(route, status, System.nanoTime() - start);
    }

    private record Answer(int status, String type, String body) {}

    private Answer answer(HttpExchange exchange, String route, String path) {
        String method = exchange.getRequestMethod();
        switch (route) {
            case "/healthz" -> {
                allow(method, "GET");
                return new Answer(200, TEXT_TYPE, "ok\n");
            }
            case "/metrics" -> {
                allow(method, "GET");
                return new Answer(200, "text/plain; version=0.0.4; charset=utf-8", metrics.prometheusText());
            }
            case "other" ->
                throw new ApiError(
                        404,
                        "no such endpoint: " + Printable.quote(path)
                                + " (POST /v1/budget/check, POST /v1/budget/release, GET /v1/telemetry/tokens, GET /v1/budget/summary,"
                                + " GET /v1/models/ranking, GET /v1/sessions, GET /v1/sessions/{session_id}, GET /healthz, GET /metrics)");
            default -> {}
        }
        boolean post = route.equals("/v1/budget/check") || route.equals("/v1/budget/release");
        allow(method, post ? "POST" : "GET");
        ApiTokens.Grant grant = authenticate(exchange);
        return switch (route) {
            case "/v1/budget/check" -> check(grant, readBody(exchange, CheckBody.class));
            case "/v1/budget/release" -> release(grant, readBody(exchange, ReleaseBody.class));
            case "/v1/telemetry/tokens" ->
                tokens(grant, query(exchange, Set.of("since", "until", "group_by", "tenant", "persona")));
            case "/v1/budget/summary" -> summary(grant, query(exchange, Set.of("threshold", "by")));
            case "/v1/sessions" -> sessions(grant, query(exchange, Set.of("tenant", "persona", "since", "limit")));
            case SESSION_ROUTE ->
                session(grant, path.substring(SESSION_PREFIX.length()), query(exchange, Set.of("tenant")));
            default -> ranking(grant, query(exchange, Set.of("by", "value")));
        };
    }

    private Answer check(ApiTokens.Grant grant, CheckBody body) {
        String tenant = tenant(grant, body.tenant(), true);
        if (body.tokens() == null
                && body.inputTokens() == null
                && body.outputTokens() == null
                && body.costUsd() == null
                && body.gpuSeconds() == null) {
            throw new ApiError(
                    400,
                    "say what the action uses: tokens (and/or input_tokens, output_tokens, cost_usd, gpu_seconds)");
        }
        BudgetRequest request;
        try {
            request = new BudgetRequest(
                    tenant,
                    body.persona(),
                    body.tokens(),
                    body.inputTokens(),
                    body.outputTokens(),
                    body.costUsd(),
                    body.gpuSeconds());
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, e.getMessage());
        }
        boolean failOpen = body.failOpen() == null ? options.failOpen() : body.failOpen();
        CheckResult result;
        try {
            result = checks().check(request, body.reserve() == null || body.reserve());
        } catch (SomactlException e) {
            result = CheckResult.unchecked(request, failOpen, Redaction.redact(String.valueOf(e.getMessage())));
        }
        metrics.decision(result.decision().cliName(), result.checked());
        return new Answer(200, JSON_TYPE, views.check(result));
    }

    private Answer release(ApiTokens.Grant grant, ReleaseBody body) {
        String tenant = tenant(grant, body.tenant(), true);
        if (body.reservationId() == null || body.reservationId().isBlank()) {
            throw new ApiError(400, "reservation_id is missing: the id budget check returned");
        }
        boolean released;
        try {
            released = checks().release(tenant, body.reservationId());
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, e.getMessage());
        }
        return new Answer(200, JSON_TYPE, views.release(tenant, body.reservationId(), released));
    }

    private Answer tokens(ApiTokens.Grant grant, Map<String, String> query) {
        String tenant =
                query.containsKey("tenant") || !grant.admin() ? tenant(grant, query.get("tenant"), false) : null;
        String persona = query.get("persona");
        if (persona != null) {
            try {
                Names.persona(persona);
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, "persona: " + e.getMessage());
            }
        }
        Instant now = Instant.now();
        Instant since = instant("since", query.getOrDefault("since", "24h"), now);
        Instant until = query.containsKey("until") ? instant("until", query.get("until"), now) : now;
        List<TokenUsageQuery.Dimension> dimensions = new ArrayList<>();
        try {
            for (String name :
                    query.getOrDefault("group_by", "tenant,persona,model").split(",")) {
                dimensions.add(TokenUsageQuery.Dimension.parse(name.strip()));
            }
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "group_by: " + e.getMessage());
        }
        List<TokenUsageQuery.Row> rows = services.tokens().query(since, until, dimensions, tenant, persona);
        return new Answer(200, JSON_TYPE, views.tokens(dimensions, rows));
    }

    private Answer summary(ApiTokens.Grant grant, Map<String, String> query) {
        BigDecimal threshold;
        try {
            threshold = new BigDecimal(query.getOrDefault("threshold", "80"));
        } catch (NumberFormatException e) {
            throw new ApiError(
                    400, "threshold: " + Printable.quote(query.get("threshold")) + " is not a number (a percent)");
        }
        String by = query.getOrDefault("by", "share");
        if (!by.equals("share") && !by.equals("spend")) {
            throw new ApiError(400, "by: use share or spend, not " + Printable.quote(by));
        }
        List<BudgetSummary.Line> lines = services.budgetSummary().summarize(threshold, by.equals("spend"));
        if (!grant.admin()) {
            lines = lines.stream().filter(line -> grant.allows(line.tenant())).toList();
        }
        return new Answer(200, JSON_TYPE, views.summary(lines, threshold));
    }

    private Answer ranking(ApiTokens.Grant grant, Map<String, String> query) {
        String by = query.getOrDefault("by", "global");
        String value = query.getOrDefault("value", "");
        if (!Set.of("global", "tenant", "persona", "deployment_mode").contains(by)) {
            throw new ApiError(400, "by: use global, tenant, persona or deployment_mode, not " + Printable.quote(by));
        }
        if (!by.equals("global") && value.isEmpty()) {
            throw new ApiError(400, "value: which " + by + "'s ranking (e.g. by=tenant&value=acme)");
        }
        if (by.equals("tenant")) {
            tenant(grant, value, true);
        } else if (!grant.admin() && !by.equals("global")) {
            throw new ApiError(403, "a tenant's token reads the global ranking and its own tenant's only");
        }
        String text = services.scoreStore().read(by, value);
        if (text == null) {
            throw new ApiError(
                    404,
                    "no ranking published for " + (by.equals("global") ? "global" : by + " " + Printable.quote(value))
                            + ": run somactl score models" + (by.equals("global") ? "" : " --by " + by));
        }
        return new Answer(200, JSON_TYPE, text + "\n");
    }

    /** {@code sessions list}: a tenant's token lists its own tenant's sessions only. */
    private Answer sessions(ApiTokens.Grant grant, Map<String, String> query) {
        String tenant =
                query.containsKey("tenant") || !grant.admin() ? tenant(grant, query.get("tenant"), false) : null;
        String persona = query.get("persona");
        if (persona != null) {
            try {
                Names.persona(persona);
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, "persona: " + e.getMessage());
            }
        }
        Instant since = query.containsKey("since") ? instant("since", query.get("since"), Instant.now()) : null;
        int limit;
        try {
            limit = Integer.parseInt(query.getOrDefault("limit", "100"));
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_SESSION_LIMIT) {
            throw new ApiError(
                    400,
                    "limit: " + Printable.quote(query.get("limit")) + " is not a number from 1 to "
                            + MAX_SESSION_LIMIT);
        }
        List<SessionSummary> sessions = sessionStore().list(new SessionStore.Filter(tenant, persona, since, limit));
        return new Answer(200, JSON_TYPE, views.sessions(sessions));
    }

    /**
     * {@code sessions show ID}: a tenant's token looks in its own tenant only, so another tenant's
     * session is 404 exactly as one that does not exist (naming another tenant is 403 before any lookup).
     */
    private Answer session(ApiTokens.Grant grant, String rawId, Map<String, String> query) {
        String sessionId;
        try {
            sessionId = URLDecoder.decode(rawId.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "bad session id in the path: " + oneLine(e.getMessage()));
        }
        if (sessionId.isEmpty()
                || sessionId.indexOf('/') >= 0
                || rawId.indexOf('/') >= 0
                || sessionId.length() > MAX_SESSION_ID) {
            throw new ApiError(
                    400,
                    "session id: " + Printable.quote(sessionId) + " is not one path segment of 1 to " + MAX_SESSION_ID
                            + " characters (GET /v1/sessions/{session_id})");
        }
        String tenant =
                query.containsKey("tenant") || !grant.admin() ? tenant(grant, query.get("tenant"), false) : null;
        List<SessionSummary> found = sessionStore().show(tenant, sessionId);
        if (found.isEmpty()) {
            throw new ApiError(
                    404,
                    "no session " + Printable.quote(sessionId)
                            + (tenant == null ? "" : " of tenant " + Printable.quote(tenant)) + " in PostgreSQL");
        }
        if (found.size() > 1) {
            throw new ApiError(
                    400,
                    "session " + Printable.quote(sessionId) + " exists for " + found.size()
                            + " tenants; name one with tenant=");
        }
        return new Answer(200, JSON_TYPE, views.session(found));
    }

    /** The session rows' store; 503 when this server has no PostgreSQL (its context sets no postgres.url). */
    private SessionStore sessionStore() {
        if (services.settings().postgres().isEmpty()) {
            throw new ApiError(
                    503,
                    "no PostgreSQL configured for this server (postgres.url is not set in its context):"
                            + " the session endpoints read PostgreSQL");
        }
        return services.sessionStore();
    }

    private BudgetChecks checks() {
        BudgetChecks shared = checks;
        if (shared == null) {
            synchronized (this) {
                if (checks == null) {
                    checks = services.budgetChecks(services.settings().budgetCheckTimeout());
                }
                shared = checks;
            }
        }
        return shared;
    }

    /** The tenant a request acts for, which the token must allow (403 otherwise). */
    private static String tenant(ApiTokens.Grant grant, String requested, boolean required) {
        String tenant = requested == null && !grant.admin() ? grant.tenant() : requested;
        if (tenant == null) {
            if (required) {
                throw new ApiError(400, "tenant is missing");
            }
            return null;
        }
        try {
            Names.tenant(tenant);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "tenant: " + e.getMessage());
        }
        if (!grant.allows(tenant)) {
            throw new ApiError(403, "this token may not read or check tenant " + Printable.quote(tenant));
        }
        return tenant;
    }

    private ApiTokens.Grant authenticate(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            throw new ApiError(
                    401, "missing bearer token: send Authorization: Bearer TOKEN (somactl serve token create)");
        }
        return tokens.authenticate(header.substring(7).strip()).orElseThrow(() -> {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            return new ApiError(401, "unknown bearer token");
        });
    }

    private static void allow(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new ApiError(405, "method " + Printable.quote(method) + " not allowed here: use " + allowed);
        }
    }

    private <T> T readBody(HttpExchange exchange, Class<T> type) {
        int max = options.maxBodyBytes();
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > max) {
                    throw new ApiError(413, "request body larger than " + max + " bytes");
                }
            } catch (NumberFormatException e) {
                throw new ApiError(400, "bad Content-Length");
            }
        }
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(max + 1);
        } catch (IOException e) {
            throw new ApiError(400, "could not read the request body: " + e.getMessage());
        }
        if (bytes.length > max) {
            throw new ApiError(413, "request body larger than " + max + " bytes");
        }
        if (bytes.length == 0) {
            throw new ApiError(400, "empty body: send a JSON object");
        }
        try {
            T value = MAPPER.readValue(bytes, type);
            if (value == null) {
                throw new ApiError(400, "bad JSON: send an object, not null");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new ApiError(
                    400,
                    "unknown field " + Printable.quote(e.getPropertyName()) + " (known: "
                            + String.join(
                                    ", ",
                                    e.getKnownPropertyIds().stream()
                                            .map(String::valueOf)
                                            .sorted()
                                            .toList()) + ")");
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty()
                    ? null
                    : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw new ApiError(
                    400,
                    field == null
                            ? "bad JSON: expected an object"
                            : "field " + Printable.quote(field) + " has the wrong type");
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "bad JSON: " + oneLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ApiError(400, "could not read the request body: " + e.getMessage());
        }
    }

    private static Map<String, String> query(HttpExchange exchange, Set<String> known) {
        Map<String, String> values = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8)
                        .replace('-', '_');
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, "bad query string: " + oneLine(e.getMessage()));
            }
            if (!known.contains(name)) {
                throw new ApiError(
                        400,
                        "unknown parameter " + Printable.quote(name) + " (known: "
                                + String.join(", ", known.stream().sorted().toList()) + ")");
            }
            if (values.put(name, value) != null) {
                throw new ApiError(400, "parameter " + Printable.quote(name) + " given twice");
            }
        }
        return values;
    }

    /** RFC 3339, a date (its start, UTC), or a span back from now, as the commands' --since/--until take them. */
    static Instant instant(String name, String text, Instant now) {
        Matcher span = SPAN.matcher(text.strip());
        if (span.matches()) {
            long amount = Long.parseLong(span.group(1));
            Duration duration = switch (span.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return now.minus(duration);
        }
        try {
            return text.length() == 10
                    ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new ApiError(
                    400,
                    name + ": " + Printable.quote(text) + " is not a time: use RFC 3339 (2023-11-17T00:00:00Z),"
                            + " a date (2023-11-17) or a span back from now (90m, 2h, 7d)");
        }
    }

    private static String error(String reason) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", oneLine(Printable.message(reason)));
        try {
            return MAPPER.writeValueAsString(body) + "\n";
        } catch (JsonProcessingException e) {
            return "{\"error\":\"internal error\"}\n";
        }
    }

    private static String oneLine(String text) {
        String line =
                text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.type());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void respondQuietly(HttpExchange exchange, Answer answer) {
        try {
            respond(exchange, answer);
        } catch (IOException | RuntimeException e) {
            // the client went away, or the answer had started: nothing more to tell it
        }
    }
}
