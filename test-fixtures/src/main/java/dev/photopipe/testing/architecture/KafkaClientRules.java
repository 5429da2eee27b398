package dev.photopipe.testing.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.lang.ArchRule;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/** Layering rules about Kafka clients, shared by the modules that check them. Stateless. */
public final class KafkaClientRules {
    private KafkaClientRules() {
    }

    /**
     * No class builds a producer, consumer or admin client itself: they come from
     * {@code dev.photopipe.schemas.config.KafkaClients}, so the user's security settings and
     * photopipe's guarantees apply to every one.
     */
    public static ArchRule clientsComeFromTheFactory() {
        return noClasses().should().callConstructorWhere(DescribedPredicate.describe("a Kafka producer or consumer",
                        (JavaCall<?> call) -> call.getTargetOwner().isAssignableTo(KafkaProducer.class)
                                || call.getTargetOwner().isAssignableTo(KafkaConsumer.class)))
                .orShould().callMethodWhere(DescribedPredicate.describe("Admin.create",
                        (JavaCall<?> call) -> call.getTargetOwner().isAssignableTo(Admin.class)
                                && call.getName().equals("create")))
                .because("every client is built by dev.photopipe.schemas.config.KafkaClients, so security settings "
                        + "and photopipe's guarantees apply to each");
    }
}
