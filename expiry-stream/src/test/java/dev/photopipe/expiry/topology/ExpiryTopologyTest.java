package dev.photopipe.expiry.topology;

import static dev.photopipe.expiry.testing.ExpiryRecords.change;
import static dev.photopipe.expiry.testing.ExpiryRecords.ledger;
import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.expiry.gallery.Done;
import dev.photopipe.expiry.gallery.Gallery;
import dev.photopipe.expiry.gallery.GalleryException;
import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.ExpiryAudit;
import dev.photopipe.schemas.ExpiryChange;
import dev.photopipe.schemas.ExpiryEvent;
import dev.photopipe.schemas.ExpiryNotice;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.expiry.ScheduledExpiry;
import dev.photopipe.testing.time.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The expiry topology with a controlled clock and a scripted gallery. */
class ExpiryTopologyTest {
    private static final Instant T0 = Instant.parse("2027-01-01T00:00:00Z");
    private static final Duration CHECK = Duration.ofSeconds(1);
    private static final Duration NOTICE_BEFORE = Duration.ofDays(7);

    private final TestClock clock = new TestClock(T0);
    private final ScriptedGallery gallery = new ScriptedGallery();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Blockages blockages = new Blockages();
    private ExpiryMeters meters;
    private TopologyTestDriver driver;
    private TestInputTopic<String, UploadOutcome> ledger;
    private TestInputTopic<String, ExpiryChange> changes;
    private TestOutputTopic<String, ExpiryNotice> notices;
    private TestOutputTopic<String, ExpiryAudit> audit;

    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        ExpirySerdes serdes = ExpirySerdes.avro(Map.of());
        meters = new ExpiryMeters(registry);
        StreamsBuilder builder = new StreamsBuilder();
        ExpiryTopology.build(builder, new TopologySettings("ledger", "changes", "notices", "audit", CHECK,
                NOTICE_BEFORE, Duration.ofSeconds(30)), serdes, gallery, clock, meters, blockages);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "expiry-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(builder.build(), props);
        ledger = driver.createInputTopic("ledger", new StringSerializer(), serdes.outcome().serializer());
        changes = driver.createInputTopic("changes", new StringSerializer(), serdes.change().serializer());
        notices = driver.createOutputTopic("notices", new StringDeserializer(), serdes.notice().deserializer());
        audit = driver.createOutputTopic("audit", new StringDeserializer(), serdes.audit().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    /** Moves "now" and lets one check run. */
    private void checkAt(Instant now) {
        clock.set(now);
        driver.advanceWallClockTime(CHECK);
    }

    @Test
    void sendsTheNoticeOnceThenActsOnTheDayInExpiryOrder() {
        ledger.pipeInput("late", ledger("late", 3, T0.plus(Duration.ofDays(10)).plusSeconds(2), ExpiryAction.DELETE));
        ledger.pipeInput("early", ledger("early", 1, T0.plus(Duration.ofDays(10)), ExpiryAction.ARCHIVE));
        ledger.pipeInput("middle", ledger("middle", 2, T0.plus(Duration.ofDays(10)).plusSeconds(1), ExpiryAction.ARCHIVE));
        ledger.pipeInput("never", ledger("never", 4, null, ExpiryAction.NONE));

        checkAt(T0);
        assertThat(notices.isEmpty()).as("10 days ahead: no notice yet").isTrue();
        assertThat(meters.pending()).isEqualTo(3);

        checkAt(T0.plus(Duration.ofDays(3)).plusSeconds(2));
        checkAt(T0.plus(Duration.ofDays(4)));
        assertThat(notices.readValuesToList()).extracting(ExpiryNotice::getPhotoId).containsExactly("early", "middle", "late");
        assertThat(gallery.calls).isEmpty();

        checkAt(T0.plus(Duration.ofDays(10)).plusSeconds(1));
        checkAt(T0.plus(Duration.ofDays(11)));
        checkAt(T0.plus(Duration.ofDays(12)));

        assertThat(gallery.calls).containsExactly("early:ARCHIVE", "middle:ARCHIVE", "late:DELETE");
        List<ExpiryAudit> audits = audit.readValuesToList();
        assertThat(audits).extracting(ExpiryAudit::getPhotoId, ExpiryAudit::getEvent).containsExactly(
                org.assertj.core.groups.Tuple.tuple("early", ExpiryEvent.ARCHIVED),
                org.assertj.core.groups.Tuple.tuple("middle", ExpiryEvent.ARCHIVED),
                org.assertj.core.groups.Tuple.tuple("late", ExpiryEvent.DELETED));
        assertThat(audits.get(0).getRuleId()).isEqualTo("consent");
        assertThat(audits.get(0).getReason()).contains("rule consent", "ARCHIVE", "2027-01-11T00:00:00Z");
        assertThat(notices.isEmpty()).isTrue();
        assertThat(meters.pending()).isZero();
        assertThat(registry.get(ExpiryMeters.ACTIONS).tag("event", "ARCHIVED").counter().count()).isEqualTo(2);
        assertThat(registry.get(ExpiryMeters.NOTICES).counter().count()).isEqualTo(3);
    }

    @Test
    void aGalleryThatFailsKeepsTheExpiryAndEveryLaterOneUntilItAnswers() {
        ledger.pipeInput("a", ledger("a", 1, T0.plusSeconds(1), ExpiryAction.DELETE));
        ledger.pipeInput("b", ledger("b", 2, T0.plusSeconds(2), ExpiryAction.DELETE));
        gallery.down = true;

        checkAt(T0.plusSeconds(5));
        checkAt(T0.plusSeconds(6));

        assertThat(audit.isEmpty()).isTrue();
        assertThat(gallery.calls).containsExactly("a:DELETE", "a:DELETE");
        assertThat(blockages.describe()).hasValueSatisfying(text -> assertThat(text).contains("photo a", "Piwigo down"));

        gallery.down = false;
        checkAt(T0.plusSeconds(7));

        assertThat(audit.readValuesToList()).extracting(ExpiryAudit::getPhotoId).containsExactly("a", "b");
        assertThat(blockages.describe()).isEmpty();
    }

    @Test
    void anImageAlreadyGoneIsAuditedOnceAndNotTriedAgain() {
        ledger.pipeInput("gone", ledger("gone", 9, T0.plusSeconds(1), ExpiryAction.ARCHIVE));
        gallery.gone.add(9L);

        checkAt(T0.plusSeconds(2));
        checkAt(T0.plusSeconds(3));

        assertThat(audit.readValuesToList()).singleElement()
                .satisfies(a -> assertThat(a.getEvent()).isEqualTo(ExpiryEvent.ALREADY_GONE));
        assertThat(gallery.calls).containsExactly("gone:ARCHIVE");
    }

    @Test
    void aChangeIsAuditedAndMovesTheExpiry() {
        ledger.pipeInput("p", ledger("p", 1, T0.plusSeconds(1), ExpiryAction.ARCHIVE));
        changes.pipeInput("p", change("p", T0.plus(Duration.ofDays(365)), ExpiryAction.DELETE, "consent renewed"));

        checkAt(T0.plusSeconds(10));

        ExpiryAudit changed = audit.readValue();
        assertThat(changed.getEvent()).isEqualTo(ExpiryEvent.CHANGED);
        assertThat(changed.getExpiresAt()).isEqualTo(T0.plus(Duration.ofDays(365)));
        assertThat(changed.getExpiryAction()).isEqualTo(ExpiryAction.DELETE);
        assertThat(changed.getReason()).isEqualTo("consent renewed");
        assertThat(audit.isEmpty()).isTrue();
        assertThat(gallery.calls).isEmpty();

        changes.pipeInput("p", change("p", null, null, "consent without end"));
        checkAt(T0.plus(Duration.ofDays(400)));

        assertThat(audit.readValue().getExpiresAt()).isNull();
        assertThat(audit.isEmpty()).isTrue();
        assertThat(gallery.calls).isEmpty();
        assertThat(meters.pending()).isZero();
    }

    @Test
    void noActionIsAuditedWithoutAskingTheGallery() {
        ledger.pipeInput("keep", ledger("keep", 1, T0.plusSeconds(1), ExpiryAction.NONE));

        checkAt(T0.plusSeconds(1));

        assertThat(audit.readValue().getEvent()).isEqualTo(ExpiryEvent.EXPIRED_NO_ACTION);
        assertThat(gallery.calls).isEmpty();
    }

    @Test
    void theSameExpiryWrittenAgainToTheLedgerIsNotActedOnTwiceButANewOneIs() {
        ledger.pipeInput("p", ledger("p", 1, T0.plusSeconds(1), ExpiryAction.ARCHIVE));
        checkAt(T0.plusSeconds(2));
        ledger.pipeInput("p", ledger("p", 1, T0.plusSeconds(1), ExpiryAction.ARCHIVE));
        checkAt(T0.plusSeconds(3));
        assertThat(gallery.calls).containsExactly("p:ARCHIVE");

        changes.pipeInput("p", change("p", T0.plusSeconds(5), ExpiryAction.DELETE, "withdrawn"));
        checkAt(T0.plusSeconds(6));

        assertThat(gallery.calls).containsExactly("p:ARCHIVE", "p:DELETE");
        assertThat(audit.readValuesToList()).extracting(ExpiryAudit::getEvent)
                .containsExactly(ExpiryEvent.ARCHIVED, ExpiryEvent.CHANGED, ExpiryEvent.DELETED);
    }

    @Test
    void aLedgerTombstoneForgetsThePhoto() {
        ledger.pipeInput("p", ledger("p", 1, T0.plusSeconds(1), ExpiryAction.DELETE));
        ledger.pipeInput("p", (UploadOutcome) null);

        checkAt(T0.plusSeconds(2));

        assertThat(gallery.calls).isEmpty();
        assertThat(meters.pending()).isZero();
    }

    /** Records what it is asked; down or an image gone on demand. */
    private static final class ScriptedGallery implements Gallery {
        final List<String> calls = new ArrayList<>();
        final Set<Long> gone = new HashSet<>();
        boolean down;

        @Override
        public Done act(ScheduledExpiry expiry) {
            calls.add(expiry.photoId() + ":" + expiry.action());
            if (down) {
                throw new GalleryException("Piwigo down", null);
            }
            if (gone.contains(expiry.piwigoImageId())) {
                return new Done(ExpiryEvent.ALREADY_GONE, "gone");
            }
            return new Done(expiry.action() == ExpiryAction.ARCHIVE ? ExpiryEvent.ARCHIVED : ExpiryEvent.DELETED, "done");
        }
    }
}
