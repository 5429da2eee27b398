package dev.photopipe.ingest.hotfolder;

/**
 * What one scan of the hot folders did.
 *
 * @param scanned files the scan listed (photos not yet drained, those still being written, refused
 *     ones): what a scan costs, independent of how many photos were ingested before when the
 *     folder drains
 * @param published files whose bytes the store holds and whose events the broker acknowledged
 * @param rejected files refused with a reason (and dead-lettered)
 * @param waiting files seen but not yet stable (still being written)
 * @param publishedBytes bytes of the published files
 */
public record ScanReport(int scanned, int published, int rejected, int waiting, long publishedBytes) {
}
