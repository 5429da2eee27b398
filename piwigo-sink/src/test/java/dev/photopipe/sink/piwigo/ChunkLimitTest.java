package dev.photopipe.sink.piwigo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChunkLimitTest {
    private static final long HINT = 500 * 1024;

    @Test
    void startsAtTheCeilingAndHalvesOnARefusal() {
        ChunkLimit limit = ChunkLimit.learning(16 << 20);
        assertThat(limit.current(HINT)).isEqualTo(16 << 20);

        assertThat(limit.refused(3_400_000, HINT)).isTrue();

        assertThat(limit.current(HINT)).isEqualTo(1_700_000);
    }

    @Test
    void neverGoesBelowTheHintNorRefusesAtIt() {
        ChunkLimit limit = ChunkLimit.learning(600 * 1024);

        assertThat(limit.refused(600 * 1024, HINT)).isTrue();
        assertThat(limit.current(HINT)).isEqualTo(HINT);
        assertThat(limit.refused(HINT, HINT)).as("at the floor a refusal is a real failure").isFalse();
    }

    @Test
    void aSizeOnceAcceptedIsKept() {
        ChunkLimit limit = ChunkLimit.learning(16 << 20);
        limit.accepted(2_000_000);

        assertThat(limit.refused(1_900_000, HINT)).as("passed before: not about size").isFalse();
        assertThat(limit.refused(8_000_000, HINT)).isTrue();
        assertThat(limit.current(HINT)).isEqualTo(4_000_000);
        assertThat(limit.refused(4_000_000, HINT)).isTrue();
        assertThat(limit.current(HINT)).isEqualTo(2_000_000);
    }

    @Test
    void aFixedSizeNeverChanges() {
        ChunkLimit limit = ChunkLimit.fixed(64 * 1024);

        assertThat(limit.refused(64 * 1024, 1)).isFalse();
        assertThat(limit.current(HINT)).isEqualTo(64 * 1024);
    }

    @Test
    void sizeSymptomsAreRecognised() {
        assertThat(ChunkedUpload.refusedForSize(new PiwigoException(PiwigoException.Kind.PERMANENT,
                "pwg.images.uploadAsync", 500, 500, "err 500 MD5 checksum chunk file mismatched", null))).isTrue();
        assertThat(ChunkedUpload.refusedForSize(new PiwigoException(PiwigoException.Kind.PERMANENT,
                "pwg.images.uploadAsync", 200, 1002, "err 1002 Missing parameters: chunk", null))).isTrue();
        assertThat(ChunkedUpload.refusedForSize(new PiwigoException(PiwigoException.Kind.PERMANENT,
                "pwg.images.uploadAsync", 413, 0, "refused without a Piwigo answer", null))).isTrue();
        assertThat(ChunkedUpload.refusedForSize(new PiwigoException(PiwigoException.Kind.PERMANENT,
                "pwg.images.uploadAsync", 500, 500, "err 500 MD5 checksum merged file mismatched", null))).isFalse();
    }

    @Test
    void chunksAreEvenlySized() {
        int chunks = ChunkedUpload.chunkCount(3_400_000, 2 << 20);
        assertThat(chunks).isEqualTo(2);
        assertThat(ChunkedUpload.evenChunk(3_400_000, chunks)).isEqualTo(1_700_000);
        assertThat(ChunkedUpload.chunkCount(10, 16 << 20)).isEqualTo(1);
    }
}
