/**
 * The photo store: where each photo's bytes live, once, under its photo id, between ingest (which
 * writes them) and the sink (which reads them). {@link dev.photopipe.store.PhotoStore} is the one
 * interface; {@link dev.photopipe.store.PhotoStores} creates the local or S3 backend from
 * {@link dev.photopipe.store.StoreConfigs}' settings. The AWS SDK is used in {@code store.s3} only.
 */
package dev.photopipe.store;
