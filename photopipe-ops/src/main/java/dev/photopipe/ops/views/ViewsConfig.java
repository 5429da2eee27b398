package dev.photopipe.ops.views;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * Settings of the maintained views (per-photo journeys, per-batch progress) that
 * {@code photopipe status}, {@code photopipe find} and the status page read: declared once, typed,
 * documented. Where Kafka is, the topics and the metrics endpoint are the command's settings.
 * Immutable once built.
 */
public final class ViewsConfig extends AbstractConfig {
    public static final String GROUP = "Views";

    public static final String ENABLED = "views.enabled";
    public static final String APPLICATION_ID = "views.application.id";
    public static final String STATE_DIR = "views.state.dir";
    public static final String ADVERTISED_HOST = "views.advertised.host";
    public static final String PIWIGO_URL = "views.piwigo.url";
    public static final String URL = "views.url";

    public static final ConfigDef CONFIG_DEF = define(new ConfigDef());

    public ViewsConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals, false);
    }

    private static ConfigDef define(ConfigDef def) {
        int order = 0;
        return def
                .define(ENABLED, Type.BOOLEAN, true, Importance.MEDIUM, "Maintain the views (each photo's journey, "
                        + "each batch's progress, dead letters by state) in every process that serves the metrics "
                        + "endpoint (run, ingest, enrich, sink): a Kafka Streams application reading the pipeline's "
                        + "topics. status, find and the status page read them. false: this process keeps none.",
                        GROUP, ++order, Width.SHORT, "Views on")
                .define(APPLICATION_ID, Type.STRING, "photopipe-views", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Kafka Streams application id of the views, after topics.prefix: their consumer group and "
                                + "the prefix of their internal topics. Processes with the same id share the views' "
                                + "partitions.",
                        GROUP, ++order, Width.MEDIUM, "Views application id")
                .define(STATE_DIR, Type.STRING, "./data/views-state", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Local directory of the views' state stores. Rebuilt from their changelogs when lost; "
                                + "keep it on local disk, one per process (it is locked).",
                        GROUP, ++order, Width.LONG, "Views state directory")
                .define(ADVERTISED_HOST, Type.STRING, "", Importance.LOW, "Host name under which the other processes "
                        + "reach this one's metrics endpoint to read its share of the views. Empty: metrics.host, or "
                        + "this machine's host name when metrics.host is 0.0.0.0.",
                        GROUP, ++order, Width.MEDIUM, "Advertised host")
                .define(PIWIGO_URL, Type.STRING, "", Importance.LOW, "The gallery's address as people open it, for "
                        + "the links to images, albums and tags that find and the status page show. Empty: "
                        + "piwigo.url.", GROUP, ++order, Width.LONG, "Gallery URL for links")
                .define(URL, Type.STRING, "", Importance.MEDIUM, "Where photopipe status and photopipe find read the "
                        + "views: the metrics endpoint of a running photopipe process, e.g. http://10.0.0.5:9464. "
                        + "Empty: http://127.0.0.1:<metrics.port> (metrics.host when it is not 0.0.0.0).",
                        GROUP, ++order, Width.LONG, "Views URL");
    }

    public boolean enabled() {
        return getBoolean(ENABLED);
    }

    public String applicationId() {
        return getString(APPLICATION_ID);
    }

    public String stateDir() {
        return getString(STATE_DIR);
    }

    public String advertisedHost() {
        return getString(ADVERTISED_HOST);
    }

    public String piwigoUrl() {
        return getString(PIWIGO_URL);
    }

    public String url() {
        return getString(URL);
    }
}
