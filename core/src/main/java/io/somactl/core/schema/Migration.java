package io.somactl.core.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One versioned DDL file, {@code V001__event_tables.sql}: its version, name, text and checksum. */
public record Migration(int version, String name, String text) {
    private static final Pattern FILE_NAME = Pattern.compile("V(\\d{3,})__([a-z0-9_]+)\\.sql");

    public static Migration fromFile(String fileName, String text) {
        Matcher matcher = FILE_NAME.matcher(fileName);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "migration file '" + fileName + "' is not named like V001__what_it_does.sql");
        }
        return new Migration(Integer.parseInt(matcher.group(1)), matcher.group(2), text);
    }

    /** SHA-256 of the file as written, so an edited migration that already ran is noticed. */
    public String checksum() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public String fileName() {
        return String.format("V%03d__%s.sql", version, name);
    }
}
