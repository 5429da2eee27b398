package dev.photopipe.sink.config;

import dev.photopipe.schemas.config.CommonConfigs;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/** Configuration of piwigo-sink: every setting declared once, typed, defaulted and documented. */
public final class SinkConfig extends AbstractConfig {

    public static final ConfigDef CONFIG_DEF = CommonConfigs.define(new ConfigDef());

    public SinkConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
    }
}
