package dev.photopipe.ops.views.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FindQueryTest {

    @Test
    void parsesEveryCriterionAndWritesThemBack() {
        FindQuery query = FindQuery.parse(Map.of("batch", "LOT-4711", "camera", "cam-1", "from", "2026-11-20",
                "to", "2026-11-21T12:00:00Z", "limit", "50"));

        assertThat(query.batch()).isEqualTo("LOT-4711");
        assertThat(query.from()).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
        assertThat(query.limit()).isEqualTo(50);
        assertThat(FindQuery.parse(query.parameters())).isEqualTo(query);
        assertThat(query.queryString()).isEqualTo("batch=LOT-4711&camera=cam-1&from=2026-11-20T00%3A00%3A00Z"
                + "&to=2026-11-21T12%3A00%3A00Z&limit=50");
    }

    @Test
    void reportsEveryProblemAtOnceNamingTheFlags() {
        assertThatThrownBy(() -> FindQuery.parse(Map.of("photo", "abc", "from", "yesterday", "limit", "0"), true))
                .isInstanceOf(FindQuery.InvalidQueryException.class)
                .hasMessageContaining("--photo abc is not a photo id")
                .hasMessageContaining("--from yesterday is not an ISO-8601 instant")
                .hasMessageContaining("--limit 0 must be a number from 1 to 100000");
    }

    @Test
    void refusesAQueryWithoutCriterion() {
        assertThatThrownBy(() -> FindQuery.parse(Map.of("limit", "10")))
                .hasMessageContaining("No criterion").hasMessageContaining("batch=LOT-4711");
    }

    @Test
    void theSearchBoxTriesAPhotoIdOnlyForHexOfEightDigitsOrMore() {
        assertThat(FindQuery.guesses("3FA8C0DE", 10)).extracting(FindQuery::photo).first().isEqualTo("3fa8c0de");
        assertThat(FindQuery.guesses("LOT-4711", 10)).extracting(FindQuery::batch, FindQuery::fileName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("LOT-4711", null),
                        org.assertj.core.groups.Tuple.tuple(null, "LOT-4711"));
    }
}
