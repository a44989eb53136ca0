package io.somactl.core.ingest;

import java.nio.file.Path;

/** The file formats of an archive, told by the file's name. */
public enum ArchiveFormat {
    /** Gzip'd NDJSON of envelopes {@code {"topic":…,"event":{…}}}: what {@code emit} reads too. */
    NDJSON_GZ(".ndjson.gz"),
    /** Parquet with {@link ParquetArchive#SCHEMA}: the event's JSON plus typed identity, token and cost columns. */
    PARQUET(".parquet");

    private final String suffix;

    ArchiveFormat(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }

    /** The format a file name ends in; an archive to write must end in one of them. */
    public static ArchiveFormat of(Path file) {
        String name = file.getFileName().toString();
        for (ArchiveFormat format : values()) {
            if (name.endsWith(format.suffix)) {
                return format;
            }
        }
        throw new IllegalArgumentException("the archive's name must end in .ndjson.gz or .parquet, not " + name);
    }

    /** The format of a file to read: Parquet by its name, else NDJSON (gzip'd when it ends in .gz). */
    static boolean isParquet(Path file) {
        return file.getFileName().toString().endsWith(PARQUET.suffix);
    }
}
