package io.somactl.commands.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code --offsets 0:100-200,3:0-50}: per partition {from, to}, to exclusive. */
public final class PartitionOffsets {
    private static final Pattern RANGE = Pattern.compile("(\\d+):(\\d+)-(\\d+)");

    private PartitionOffsets() {}

    public static Map<Integer, long[]> parse(CommandSpec spec, List<String> given) {
        Map<Integer, long[]> ranges = new LinkedHashMap<>();
        for (String range : given) {
            Matcher m = RANGE.matcher(range.strip());
            if (!m.matches() || Long.parseLong(m.group(2)) > Long.parseLong(m.group(3))) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--offsets: '" + range + "' is not PARTITION:FROM-TO with FROM <= TO, e.g. 0:100-200");
            }
            ranges.put(
                    Integer.parseInt(m.group(1)), new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
        }
        return ranges;
    }
}
