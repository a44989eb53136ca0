package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.SomactlCommand;
import io.somactl.core.ingest.Archive;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "verify", description = {
    "Check an archive against its manifest (FILE.manifest.json): SHA-256 and the events per topic;",
    "for Parquet also each topic's token and cost sums, added up from its columns.",
    "Exit 1 on any difference, naming the first one; every difference is listed on stderr."})
public final class ArchiveVerifyCommand extends SomactlCommand {
    @Parameters(paramLabel = "FILE", description = "The archive (*.ndjson.gz or *.parquet).")
    private Path file;

    @Override
    public Integer call() {
        Archive.Verification verification = Archive.verify(file);
        if (!verification.ok()) {
            err().println("error: " + file + " does not verify: " + verification.problems().get(0));
            verification.problems().stream().skip(1).forEach(p -> err().println("  also: " + p));
            err().flush();
            return ExitCode.FAILURE;
        }
        out().println("ok: " + file + " matches its manifest: " + verification.manifest().events() + " events, sha256 "
                + verification.manifest().sha256());
        out().flush();
        return ExitCode.OK;
    }
}
