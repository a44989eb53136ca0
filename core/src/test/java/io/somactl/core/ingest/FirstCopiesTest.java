package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class FirstCopiesTest {
    private static final long ID_HIGH = 0x2fbde86fe2424aaaL;

    @Test
    void theCopyReadFirstInItsPartitionIsTheFirstWhicheverLaneHoldsIt() {
        // Lane 0 took the first half of the second poll (offsets 10, 11); lane 1 the second half of the first (5, 6).
        EventIds lane0 = new EventIds();
        EventIds lane1 = new EventIds();
        lane0.add("acme", ID_HIGH, 1, 0, 11, record(3, 10), null);
        lane0.add("acme", ID_HIGH, 2, 0, 12, record(3, 11), null);
        lane1.add("acme", ID_HIGH, 1, 0, 11, record(3, 5), null);
        lane1.add("hooli", ID_HIGH, 2, 0, 13, record(3, 6), null); // same id, another tenant: another event
        EventIdGuard.FirstCopies first = new EventIdGuard.FirstCopies(List.of(lane0, lane1), 4);

        assertEquals(-1, first.add(0, 0));
        assertEquals(-1, first.add(0, 1));
        int slot = first.add(1, 0);
        long repeat = first.keepEarlier(slot, 1, 0);
        assertEquals(-1, first.add(1, 1), "the same id under another tenant is not a copy");

        assertEquals(0L << 32 | 0, repeat, "offset 10 came after offset 5, so it is the repeat");
        assertEquals(1, first.part(slot));
        assertEquals(0, first.row(slot));
        assertEquals(slot, first.find("acme", ID_HIGH, 1));
        assertEquals(-1, first.find("acme", ID_HIGH, 3), "an id not in the batch has no slot");
    }

    @Test
    void thousandsOfIdsEachFindTheirOwnSlot() {
        EventIds ids = new EventIds();
        for (int i = 0; i < 5_000; i++) {
            ids.add("tenant-" + (i % 7), ID_HIGH + i, i * 31L, 0, i + 1, record(i % 6, i), null);
        }
        EventIdGuard.FirstCopies first = new EventIdGuard.FirstCopies(List.of(ids), ids.size());
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(-1, first.add(0, i), "row " + i + " is a new id");
        }
        for (int i = 0; i < ids.size(); i++) {
            int slot = first.find("tenant-" + (i % 7), ID_HIGH + i, i * 31L);
            assertEquals(i, first.row(slot), "row " + i + " should be found in its own slot");
        }
    }

    private static ConsumerRecord<byte[], ByteBuffer> record(int partition, long offset) {
        return new ConsumerRecord<>("slm.metrics", partition, offset, null, ByteBuffer.allocate(0));
    }
}
