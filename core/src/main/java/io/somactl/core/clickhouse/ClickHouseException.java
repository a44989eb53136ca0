package io.somactl.core.clickhouse;

import io.somactl.core.SomactlException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ClickHouse refused a statement; carries the server's error code and its message. */
public class ClickHouseException extends SomactlException {
    // 18.16: "Code: 60, e.displayText() = DB::Exception: Table x doesn't exist., e.what() = DB::Exception"
    // current: "Code: 60. DB::Exception: Table x does not exist. (UNKNOWN_TABLE) (version 24.8.4.13)"
    private static final Pattern ERROR = Pattern.compile(
            "Code: (\\d+)[.,]\\s*(?:e\\.displayText\\(\\) = )?(?:DB::Exception: )?(.*?)"
                    + "(?:, e\\.what\\(\\) = .*)?(?: \\(version .*\\))?\\s*$",
            Pattern.DOTALL);

    private final int code;
    private final String serverMessage;

    public ClickHouseException(int code, String serverMessage) {
        super("ClickHouse error " + code + ": " + serverMessage);
        this.code = code;
        this.serverMessage = serverMessage;
    }

    /** Reads an error body as both 18.16 and current servers write it; {@code headerCode} may be null. */
    public static ClickHouseException fromResponse(int httpStatus, String body, String headerCode) {
        String text = body == null ? "" : body.strip();
        Matcher matcher = ERROR.matcher(text);
        if (matcher.find()) {
            return new ClickHouseException(
                    Integer.parseInt(matcher.group(1)), matcher.group(2).strip());
        }
        int code = headerCode != null && headerCode.matches("\\d+") ? Integer.parseInt(headerCode) : 0;
        String message = text.isEmpty() ? "HTTP status " + httpStatus + " with an empty body" : text;
        return new ClickHouseException(code, message);
    }

    public int code() {
        return code;
    }

    public String serverMessage() {
        return serverMessage;
    }

    public static final int UNKNOWN_TABLE = 60;
    public static final int UNKNOWN_DATABASE = 81;
}
