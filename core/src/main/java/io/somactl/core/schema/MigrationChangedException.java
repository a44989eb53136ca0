package io.somactl.core.schema;

import io.somactl.core.SomactlException;

/** A migration that already ran has been edited since; applying on top would hide the difference. */
public class MigrationChangedException extends SomactlException {
    public MigrationChangedException(Migration migration) {
        super("migration " + migration.fileName() + " was applied with different content; "
                + "never edit an applied migration, add a new one (see sql/README.md)");
    }
}
