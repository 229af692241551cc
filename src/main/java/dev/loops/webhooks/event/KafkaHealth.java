package dev.loops.webhooks.event;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.loops.webhooks.config.LoopsProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * {@code kafka} in {@code /actuator/health} when publishing is on. Not part of readiness: webhooks are accepted
 * while Kafka is away, and the outbox keeps their trigger events until it is back.
 */
@Component("kafka")
@ConditionalOnExpression("'${loops.kafka.bootstrap-servers:}' != ''")
public class KafkaHealth implements HealthIndicator, DisposableBean {

    private final Admin admin;

    public KafkaHealth(LoopsProperties properties) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.getKafka().getBootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000));
    }

    @Override
    public Health health() {
        try {
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                    .nodes().get(3, TimeUnit.SECONDS).size();
            return Health.up().withDetail("brokers", brokers).build();
        } catch (Exception e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }

    @Override
    public void destroy() {
        admin.close();
    }
}
