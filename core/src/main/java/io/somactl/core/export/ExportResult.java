package io.somactl.core.export;

import java.nio.file.Path;

/**
 * What an export did: the file (null for stdout), its manifest (null when none was written), and
 * the manifest's content; {@code skipped} when --if-absent found the export already there.
 */
public record ExportResult(Path file, Path manifestFile, Manifest manifest, boolean skipped) {}
