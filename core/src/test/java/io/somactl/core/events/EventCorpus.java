package io.somactl.core.events;

import io.somactl.core.fixtures.TelemetryGenerator;
import io.somactl.core.fixtures.TopicEvent;
import io.somactl.core.fixtures.TraceFixture;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Real-looking events of every topic, generated from the real trace with a fixed seed; built once per test run. */
final class EventCorpus {

    static final int PER_TOPIC = 20_000;
    static final long SEED = 20240301L;

    private static Map<Topic, List<String>> corpus;

    private EventCorpus() {}

    static synchronized Map<Topic, List<String>> perTopic() {
        if (corpus == null) {
            corpus = build();
        }
        return corpus;
    }

    private static Map<Topic, List<String>> build() {
        Map<Topic, List<String>> events = new EnumMap<>(Topic.class);
        for (Topic topic : Topic.values()) {
            events.put(topic, new ArrayList<>(PER_TOPIC));
        }
        int full = 0;
        Iterator<TopicEvent> generated = new TelemetryGenerator(TraceFixture.loadDefault(), SEED)
                .events(50_000_000L)
                .iterator();
        while (full < events.size() && generated.hasNext()) {
            TopicEvent event = generated.next();
            List<String> ofTopic = events.get(event.topic());
            if (ofTopic.size() < PER_TOPIC) {
                ofTopic.add(event.json());
                if (ofTopic.size() == PER_TOPIC) {
                    full++;
                }
            }
        }
        events.replaceAll((topic, list) -> List.copyOf(list));
        return events;
    }
}
