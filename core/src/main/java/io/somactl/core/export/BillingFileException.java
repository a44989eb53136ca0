package io.somactl.core.export;

import io.somactl.core.SomactlException;
import java.nio.file.Path;

/** A billing file or manifest that cannot be read as what it claims to be. */
public class BillingFileException extends SomactlException {
    public BillingFileException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
