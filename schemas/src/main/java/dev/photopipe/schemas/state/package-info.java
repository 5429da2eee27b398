/** Local state directories shared by the services: exclusive use by one process. */
package dev.photopipe.schemas.state;
