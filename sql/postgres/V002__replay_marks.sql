-- The source ranges a replay is about to insert into ClickHouse below the ingest watermark, written
-- (and committed) before the insert and deleted in the transaction that applies them to the
-- sessions. A replay killed in between leaves its mark; the next replay applies it when it starts
-- (see README "Sessions"). A running replay holds an advisory lock on each of its marks, so another
-- replay never applies a mark whose rows may still be on their way.
CREATE TABLE IF NOT EXISTS ${schema}.replay_marks
(
    mark uuid NOT NULL,
    source_topic text NOT NULL,
    source_partition integer NOT NULL,
    from_offset bigint NOT NULL,
    through_offset bigint NOT NULL,
    marked_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (mark, source_topic, source_partition)
);
