package io.somactl.core.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Passwords out of addresses, wherever an address is shown: {@code config view}, {@code config
 * get-contexts}, {@code doctor}, warnings and every error message (including what the HTTP client,
 * Lettuce or Kafka's client put in theirs). The user name stays, the password becomes {@value #MASK}:
 * {@code http://default:****@127.0.0.1:18123}, {@code redis://:****@127.0.0.1:16379},
 * {@code SASL_SSL://user:****@kafka-1:9092}, {@code user:****@kafka-1:9092} (a host list without scheme).
 * In a URI whose user information has no colon, a Redis URI ({@code redis://SECRET@host}) takes it as
 * the password, so there it is masked whole; for other schemes it is the user name and stays.
 */
public final class Redaction {
    public static final String MASK = "****";

    /** scheme://user:password@ or scheme://userinfo@ (the userinfo runs to the last '@' before the host). */
    private static final Pattern WITH_SCHEME = Pattern.compile(
            "([A-Za-z][A-Za-z0-9+.-]*)://([^/?#\\s@:]*)(:[^/?#\\s]*)?@(?=[^/?#\\s@]*(?:[/?#\\s,;)\"'\\]]|$))");
    /** user:password@host in a host list without a scheme (Kafka's bootstrap servers), at a word's start. */
    private static final Pattern WITHOUT_SCHEME =
            Pattern.compile("(^|[\\s,;=(\"'\\[])([^\\s/@:,;=(\"'\\[]+):([^\\s/@,]+)@(?=[^\\s/@,]+)");

    private Redaction() {}

    /** {@code text} with the password of every address in it replaced by {@value #MASK}. */
    public static String redact(String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        Matcher m = WITH_SCHEME.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String scheme = m.group(1);
            String user = m.group(2);
            String replacement;
            if (m.group(3) != null) {
                replacement = scheme + "://" + user + ":" + MASK + "@";
            } else if (scheme.toLowerCase(java.util.Locale.ROOT).startsWith("redis")) {
                replacement = scheme + "://" + MASK + "@";
            } else {
                replacement = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        Matcher bare = WITHOUT_SCHEME.matcher(out.toString());
        StringBuilder done = new StringBuilder(out.length());
        while (bare.find()) {
            bare.appendReplacement(done, Matcher.quoteReplacement(bare.group(1) + bare.group(2) + ":" + MASK + "@"));
        }
        bare.appendTail(done);
        return done.toString();
    }
}
