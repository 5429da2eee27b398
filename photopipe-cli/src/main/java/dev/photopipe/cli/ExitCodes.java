package dev.photopipe.cli;

/**
 * The exit statuses of every photopipe command, documented in the README and in {@code --help}.
 */
final class ExitCodes {
    /** Done, or stopped on request (SIGTERM, Ctrl-C) with every part stopped cleanly. */
    static final int OK = 0;
    /** A part failed while running or stopping, or an unexpected error; see the log. */
    static final int FAILURE = 1;
    /** Unknown command or option (picocli's usage error). */
    static final int USAGE = 2;
    /** The configuration is invalid (every error is listed with its fix), a port it names is in use, or Piwigo refused the login, at start or later. */
    static final int CONFIG = 3;
    /** Kafka is unreachable, refused a request, or the embedded broker could not start. */
    static final int KAFKA = 4;
    /** Existing topics contradict the topic catalog; the fix commands are printed. */
    static final int TOPICS = 5;

    /** For picocli's {@code exitCodeList}. */
    static final String[] HELP = {
        "0:Done, or stopped by SIGTERM/Ctrl-C with every part stopped cleanly.",
        "1:A service failed while running or stopping, or an unexpected error.",
        "2:Unknown command or option.",
        "3:Invalid configuration (every error is listed with its fix), a port in use, or Piwigo refused the login.",
        "4:Kafka unreachable or refusing requests, the embedded broker could not start, or no views at views.url.",
        "5:Existing topics contradict what photopipe needs (the fix commands are printed).",
    };

    private ExitCodes() {
    }
}
