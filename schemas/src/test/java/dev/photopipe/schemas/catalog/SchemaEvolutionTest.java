package dev.photopipe.schemas.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The build's evolution guard: each current schema against every committed version. */
class SchemaEvolutionTest {
    private static final SchemaHistory HISTORY = SchemaHistory.builtIn();
    private static final Schema THING_V1 = schema("""
            {"type":"record","name":"Thing","fields":[{"name":"id","type":"string"}]}""");
    private static final Schema THING_V2_DEFAULTED = schema("""
            {"type":"record","name":"Thing","fields":[{"name":"id","type":"string"},
             {"name":"colour","type":["null","string"],"default":null}]}""");

    static Stream<Class<? extends SpecificRecord>> recordTypes() {
        return SchemaHistory.RECORD_TYPES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordTypes")
    void currentSchemaIsSnapshottedAndBackwardCompatibleWithEveryCommittedVersion(Class<? extends SpecificRecord> type) {
        String name = type.getSimpleName();
        List<SchemaHistory.Version> versions = HISTORY.versions(name);

        assertThat(versions).as("committed versions of %s", name).isNotEmpty();
        assertThat(SchemaEvolution.problems(name, SchemaHistory.currentSchema(type), versions))
                .as("schema evolution problems of %s", name)
                .isEmpty();
    }

    @Test
    void aNewFieldWithoutDefaultIsReportedWithSchemaVersionAndField() {
        Schema v2 = schema("""
                {"type":"record","name":"Thing","fields":[{"name":"id","type":"string"},
                 {"name":"colour","type":"string"}]}""");

        List<String> problems = SchemaEvolution.problems("Thing", v2, List.of(version("Thing", 1, THING_V1)));

        assertThat(problems).first().asString()
                .contains("Thing is not BACKWARD compatible with Thing v1")
                .contains("field 'colour'")
                .contains("READER_FIELD_MISSING_DEFAULT");
    }

    @Test
    void anIncompatibleTypeChangeInANestedRecordNamesTheDottedFieldPath() {
        Schema v1 = schema("""
                {"type":"record","name":"Outer","fields":[{"name":"inner","type":
                 {"type":"record","name":"Inner","fields":[{"name":"size","type":"long"}]}}]}""");
        Schema v2 = schema("""
                {"type":"record","name":"Outer","fields":[{"name":"inner","type":
                 {"type":"record","name":"Inner","fields":[{"name":"size","type":"int"}]}}]}""");

        List<String> problems = SchemaEvolution.problems("Outer", v2, List.of(version("Outer", 1, v1)));

        assertThat(problems).first().asString().contains("field 'inner.size'");
    }

    @Test
    void aCompatibleChangeThatIsNotSnapshottedSaysWhichFileToAdd() {
        List<String> problems = SchemaEvolution.problems("Thing", THING_V2_DEFAULTED, List.of(version("Thing", 1, THING_V1)));

        assertThat(problems).singleElement().asString()
                .contains("snapshot it as schemas/src/main/resources/avro-history/Thing/v2.avsc")
                .contains("\"colour\"");
    }

    @Test
    void aCompatibleSnapshottedChangeHasNoProblems() {
        assertThat(SchemaEvolution.problems("Thing", THING_V2_DEFAULTED,
                List.of(version("Thing", 1, THING_V1), version("Thing", 2, THING_V2_DEFAULTED)))).isEmpty();
    }

    @Test
    void theSnapshotContentInTheMessageIsExactlyTheCurrentSchema() {
        Schema current = SchemaHistory.currentSchema(dev.photopipe.schemas.UploadRequest.class);

        String problem = SchemaEvolution.problems("UploadRequest", current, List.of()).get(0);
        String snapshot = problem.substring(problem.indexOf('{'));

        assertThat(schema(snapshot)).isEqualTo(current);
    }

    @Test
    void everyCommittedVersionIsFoundByItsFingerprint() {
        for (String name : HISTORY.recordTypes().keySet()) {
            for (SchemaHistory.Version version : HISTORY.versions(name)) {
                assertThat(HISTORY.byFingerprint(version.fingerprint())).get()
                        .extracting(SchemaHistory.Version::name).isEqualTo(name);
            }
        }
    }

    private static Schema schema(String json) {
        return new Schema.Parser().parse(json);
    }

    private static SchemaHistory.Version version(String name, int n, Schema schema) {
        return new SchemaHistory.Version(name, n, schema, SchemaNormalization.parsingFingerprint64(schema));
    }
}
