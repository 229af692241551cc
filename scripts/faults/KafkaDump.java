import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic from the beginning up to its current end (no consumer group, nothing committed) and
 * writes one TSV line per record: partition, offset, key, the record's "id" (trigger event uuid), and its
 * "source"."eventId" (the platform's event id).
 *
 *   java -cp 'target/kafka-dist/libs/*:target/faults/classes' KafkaDump 127.0.0.1:19092 loops.events out.tsv
 */
public class KafkaDump {

    static final Pattern ID = Pattern.compile("^\\{\"id\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern ANY_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern EVENT_ID = Pattern.compile("\"eventId\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0], topic = args[1];
        Path out = Path.of(args[2]);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long records = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
             PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(20));
            List<TopicPartition> parts = new ArrayList<>();
            if (infos != null) for (PartitionInfo i : infos) parts.add(new TopicPartition(topic, i.partition()));
            if (parts.isEmpty()) {
                System.err.println("KafkaDump: topic " + topic + " has no partitions (does not exist?)");
                return;
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(20));
            long deadline = System.currentTimeMillis() + 60_000;
            while (!done(consumer, end)) {
                if (System.currentTimeMillis() > deadline) throw new IllegalStateException("topic not read to its end in 60s");
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    String v = r.value() == null ? "" : r.value();
                    Matcher id = ID.matcher(v);
                    Matcher any = ANY_ID.matcher(v);
                    String idv = id.find() ? id.group(1) : any.find() ? any.group(1) : "\\N";
                    Matcher ev = EVENT_ID.matcher(v);
                    w.println(r.partition() + "\t" + r.offset() + "\t" + clean(r.key()) + "\t" + idv + "\t"
                            + (ev.find() ? ev.group(1) : "\\N"));
                    records++;
                }
            }
        }
        System.err.println("KafkaDump: " + records + " records from " + topic);
    }

    static boolean done(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }

    static String clean(String s) {
        return s == null ? "\\N" : s.replace('\\', '/').replace('\t', ' ').replace('\n', ' ');
    }
}
