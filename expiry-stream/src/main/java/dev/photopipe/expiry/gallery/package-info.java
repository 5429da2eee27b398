/**
 * The seam between the expiry topology and the gallery it acts on ({@link dev.photopipe.expiry.gallery.Gallery}):
 * free of HTTP and of the sink's classes.
 */
package dev.photopipe.expiry.gallery;
