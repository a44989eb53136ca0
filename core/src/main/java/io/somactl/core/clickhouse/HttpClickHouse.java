package io.somactl.core.clickhouse;

import io.somactl.core.ServerUnreachableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * ClickHouse over its HTTP interface with the JDK's client. Uses only what 18.16 and current
 * servers share: the statement in the body (or the {@code query} parameter for INSERT), settings as
 * URL parameters, basic auth, gzip responses, and errors read from the body text.
 */
public final class HttpClickHouse implements ClickHouse {
    private final ClickHouseSettings settings;
    private final HttpClient http;
    private final Map<String, String> urlSettings;

    public HttpClickHouse(ClickHouseSettings settings) {
        this(settings, Map.of());
    }

    private HttpClickHouse(ClickHouseSettings settings, Map<String, String> urlSettings) {
        this.settings = settings;
        this.urlSettings = Map.copyOf(urlSettings);
        this.http = SharedHttpClients.forConnectTimeout(settings.timeout());
    }

    @Override
    public HttpClickHouse withSetting(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(urlSettings);
        more.put(Sql.identifier(name), value);
        return new HttpClickHouse(settings, more);
    }

    @Override
    public String database() {
        return settings.database();
    }

    public ClickHouseSettings settings() {
        return settings;
    }

    @Override
    public void execute(String sql) {
        send(post(uri(Map.of()), HttpRequest.BodyPublishers.ofString(sql)), body -> {
            body.transferTo(OutputStream.nullOutputStream());
            return null;
        });
    }

    @Override
    public List<List<String>> select(String sql) {
        String body = selectStream(sql, "TabSeparated", in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
        return TabSeparated.parse(body);
    }

    @Override
    public <T> T selectStream(String sql, String format, ResponseReader<T> reader) {
        String statement = sql.strip() + "\nFORMAT " + Sql.identifier(format);
        return send(post(uri(Map.of()), HttpRequest.BodyPublishers.ofString(statement)), reader);
    }

    @Override
    public <T> T selectStream(String sql, String format, ExternalTable table, ResponseReader<T> reader) {
        String statement = sql.strip() + "\nFORMAT " + Sql.identifier(format);
        String name = Sql.identifier(table.name());
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("query", statement);
        parameters.put(name + "_structure", table.structure());
        parameters.put(name + "_format", "TabSeparated");
        String boundary = "somactl-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + name
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        HttpRequest request = HttpRequest.newBuilder(
                        post(
                                uri(parameters),
                                HttpRequest.BodyPublishers.concat(
                                        HttpRequest.BodyPublishers.ofByteArray(head),
                                        HttpRequest.BodyPublishers.ofByteArray(table.tabSeparated()),
                                        HttpRequest.BodyPublishers.ofByteArray(tail))),
                        (n, v) -> true)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .build();
        return send(request, reader);
    }

    @Override
    public void insert(String table, List<String> columns, String format, byte[] body, int offset, int length) {
        String names = columns.isEmpty()
                ? ""
                : " (" + columns.stream().map(Sql::identifier).collect(Collectors.joining(", ")) + ")";
        String query = "INSERT INTO " + qualified(table) + names + " FORMAT " + Sql.identifier(format);
        send(post(uri(Map.of("query", query)), HttpRequest.BodyPublishers.ofByteArray(body, offset, length)), in -> {
            in.transferTo(OutputStream.nullOutputStream());
            return null;
        });
    }

    private String qualified(String table) {
        return table.contains(".") ? table : Sql.table(settings.database(), table);
    }

    private URI uri(Map<String, String> extra) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("database", settings.database());
        parameters.put("enable_http_compression", "1");
        // Through a Distributed table (a cluster, see DdlRenderer): an INSERT returns only once every shard
        // stored its rows (else they wait in the node's queue, unseen by the next read), and reads and writes
        // go to the first live replica of each shard, so a read sees what the insert before it stored.
        // An IN (subquery) over a Distributed table inside a distributed query (calls) is run once and its
        // result sent to every shard, so it means what it means on one server (the default refuses it).
        // All three do nothing on one server; 18.16 and current releases know them.
        parameters.put("insert_distributed_sync", "1");
        parameters.put("load_balancing", "in_order");
        parameters.put("distributed_product_mode", "global");
        parameters.putAll(urlSettings);
        parameters.putAll(extra);
        String query = parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String base = settings.url().toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + "?" + query);
    }

    private HttpRequest post(URI uri, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(settings.timeout())
                .header("Accept-Encoding", "gzip")
                .POST(body);
        String credentials = settings.user() + ":" + settings.password().reveal();
        request.header(
                "Authorization",
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        return request.build();
    }

    private <T> T send(HttpRequest request, ResponseReader<T> reader) {
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unreachable(e);
        } catch (HttpTimeoutException e) {
            throw new ClickHouseTimeoutException(settings.url(), settings.timeout(), e);
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickHouseInterruptedException(e);
        }
        try (InputStream body = decoded(response)) {
            if (response.statusCode() != 200) {
                String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                throw ClickHouseException.fromResponse(
                        response.statusCode(),
                        text,
                        response.headers()
                                .firstValue("X-ClickHouse-Exception-Code")
                                .orElse(null));
            }
            return reader.read(body);
        } catch (IOException e) {
            throw new UncheckedIOException("reading ClickHouse's answer from " + settings.url() + " failed", e);
        }
    }

    private ServerUnreachableException unreachable(Exception cause) {
        return new ServerUnreachableException("ClickHouse", settings.url().toString(), cause);
    }

    private static InputStream decoded(HttpResponse<InputStream> response) throws IOException {
        boolean gzip = response.headers()
                .firstValue("Content-Encoding")
                .map("gzip"::equalsIgnoreCase)
                .orElse(false);
        return gzip ? new GZIPInputStream(response.body(), 64 * 1024) : response.body();
    }
}
