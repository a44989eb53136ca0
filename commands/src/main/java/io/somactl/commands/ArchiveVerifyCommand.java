package io.somactl.commands;

import io.somactl.commands.support.Cell;
import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.SomactlCommand;
import io.somactl.commands.support.Table;
import io.somactl.core.ingest.Archive;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "verify",
        description = {
            "Check an archive against its manifest (FILE.manifest.json): SHA-256 and the events per topic;",
            "for Parquet also each topic's token and cost sums, added up from its columns.",
            "Exit 1 on any difference, naming the first one; every difference is listed on stderr."
        })
public final class ArchiveVerifyCommand extends SomactlCommand {
    @Parameters(paramLabel = "FILE", description = "The archive (*.ndjson.gz or *.parquet).")
    private Path file;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        Archive.Verification verification = Archive.verify(file);
        if (!output.forPeople()) {
            output.render(row(verification), out());
        }
        if (!verification.ok()) {
            err().println("error: " + file + " does not verify: "
                    + verification.problems().get(0));
            verification.problems().stream().skip(1).forEach(p -> err().println("  also: " + p));
            err().flush();
            return ExitCode.FAILURE;
        }
        if (!output.forPeople()) {
            return ExitCode.OK;
        }
        out().println("ok: " + file + " matches its manifest: "
                + verification.manifest().events() + " events, sha256 "
                + verification.manifest().sha256());
        out().flush();
        return ExitCode.OK;
    }

    /** Fields: docs/output.md ({@code archive verify}); events and the hash are the manifest's. */
    private Table row(Archive.Verification verification) {
        Archive.Manifest manifest = verification.manifest();
        String problems = String.join("; ", verification.problems());
        return Table.withColumns("file", "manifest", "ok", "format", "events", "sha256", "problems")
                .row(
                        file.toString(),
                        Archive.manifestOf(file).toString(),
                        verification.ok(),
                        manifest.format(),
                        manifest.events(),
                        manifest.sha256(),
                        Cell.of(problems, verification.problems(), problems, Cell.Tone.PLAIN));
    }
}
