package dev.photopipe.ops.views.query;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The views of every instance of the views application, read from this one: its own partitions
 * directly ({@link LocalViews}), the other instances' over HTTP (their {@link ViewsPaths#LOCAL_TOTALS}
 * and {@link ViewsPaths#LOCAL_FIND}), found through Kafka Streams' metadata ({@code application.server}).
 * Totals and searches span every partition, so every instance holding some is asked; one that does
 * not answer is named in the result instead of failing it. Thread-safe.
 */
public final class ClusterViews implements Views {
    private static final Duration REMOTE_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaStreams streams;
    private final LocalViews local;
    private final HostInfo self;
    private final Presenter presenter;
    private final JsonHttp http = new JsonHttp(REMOTE_TIMEOUT);

    /**
     * @param self  this instance's {@code application.server}
     * @param links links into the gallery for the photos found
     */
    public ClusterViews(KafkaStreams streams, LocalViews local, HostInfo self, PiwigoLinks links) {
        this.streams = streams;
        this.local = local;
        this.self = self;
        this.presenter = new Presenter(links);
    }

    @Override
    public ViewTotals totals() {
        List<String> unreachable = new ArrayList<>();
        LocalTotals sum = gather(LocalTotals.EMPTY, local.totals(), ViewsPaths.LOCAL_TOTALS, LocalTotals.class,
                LocalTotals::plus, unreachable);
        return presenter.totals(sum, unreachable);
    }

    @Override
    public FoundPhotos find(FindQuery query) {
        List<String> unreachable = new ArrayList<>();
        LocalFound found = gather(new LocalFound(List.of(), false), local.find(query),
                ViewsPaths.LOCAL_FIND + "?" + query.queryString(), LocalFound.class,
                (a, b) -> a.plus(b, query.limit()), unreachable);
        return presenter.found(query, found, unreachable);
    }

    /** This instance's share and every other instance's, asked in parallel, combined. */
    private <T> T gather(T zero, T mine, String pathAndQuery, Class<T> type, java.util.function.BinaryOperator<T> plus,
                         List<String> unreachable) {
        Map<HostInfo, CompletableFuture<T>> asked = new TreeMap<>(java.util.Comparator.comparing(HostInfo::toString));
        for (HostInfo other : otherInstances()) {
            URI uri = URI.create("http://" + other.host() + ":" + other.port() + pathAndQuery);
            asked.put(other, CompletableFuture.supplyAsync(call(uri, type)));
        }
        T sum = plus.apply(zero, mine);
        for (Map.Entry<HostInfo, CompletableFuture<T>> answer : asked.entrySet()) {
            try {
                sum = plus.apply(sum, answer.getValue().join());
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                unreachable.add(answer.getKey().host() + ":" + answer.getKey().port() + ": " + cause.getMessage());
            }
        }
        return sum;
    }

    private <T> java.util.function.Supplier<T> call(URI uri, Class<T> type) {
        return () -> {
            try {
                return http.get(uri, type);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        };
    }

    /** The other instances holding some of the views' partitions now. */
    private List<HostInfo> otherInstances() {
        List<HostInfo> others = new ArrayList<>();
        for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
            if (!instance.hostInfo().equals(self) && !instance.topicPartitions().isEmpty()) {
                others.add(instance.hostInfo());
            }
        }
        return others;
    }

    /** What this instance answers the others: its own share, unpresented. */
    public LocalViews local() {
        return local;
    }
}
