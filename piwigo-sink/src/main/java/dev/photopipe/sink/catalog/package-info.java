/**
 * Find-or-create of albums and tags on top of {@link dev.photopipe.sink.piwigo.PiwigoClient}.
 * Piwigo itself never refuses a duplicate album and refuses an existing tag without saying its
 * id, so both need list-match-create-relist logic, serialized and cached here.
 */
package dev.photopipe.sink.catalog;
