package dev.photopipe.ingest;

import dev.photopipe.schemas.config.CommonConfigs;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.schemas.topics.TopicConfigs;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/** Configuration of ingest-producer: every setting declared once, typed, defaulted and documented. */
public final class IngestConfig extends AbstractConfig {

    public static final ConfigDef CONFIG_DEF = TopicConfigs.define(CommonConfigs.define(new ConfigDef()));

    public IngestConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
    }

    /** The topics this service reads and writes, named with the configured prefix. */
    public TopicCatalog topics() {
        return TopicConfigs.catalog(this);
    }
}
