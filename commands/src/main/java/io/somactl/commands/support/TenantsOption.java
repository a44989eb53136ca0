package io.somactl.commands.support;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --tenant TENANT}, repeatable, for commands that read several tenants' rows; none given means all. */
public final class TenantsOption {
    @Option(
            names = "--tenant",
            converter = TenantName.class,
            paramLabel = "TENANT",
            description = "Only this tenant; repeat for more (default: all).")
    private List<String> tenants = new ArrayList<>();

    public List<String> values() {
        return tenants;
    }
}
