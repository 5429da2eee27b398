package dev.photopipe.ingest.hotfolder;

/**
 * What one scan of the hot folders did.
 *
 * @param published files whose events the broker acknowledged
 * @param rejected files refused with a reason (and dead-lettered)
 * @param waiting files seen but not yet stable (still being written)
 * @param publishedBytes bytes of the published files
 */
public record ScanReport(int published, int rejected, int waiting, long publishedBytes) {
}
