package dev.photopipe.schemas.topics;

/** Topics could not be checked or created: the cluster is unreachable, or refused the request. */
public class TopicProvisioningException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TopicProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }

    protected TopicProvisioningException(String message) {
        super(message);
    }
}
