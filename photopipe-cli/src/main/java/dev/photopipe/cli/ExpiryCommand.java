package dev.photopipe.cli;

import picocli.CommandLine.Command;

/**
 * {@code photopipe expiry}: photos' expiry dates (usage rights, consent). Its subcommands are
 * registered in {@link Photopipe#commandLine}: {@code run} (the expiry service, or with
 * {@code --dry-run} what it would do now), {@code list}, {@code extend}, {@code audit} and
 * {@code reapply}.
 */
@Command(name = "expiry", mixinStandardHelpOptions = true,
        description = "Expiry dates of photos: what expires when, the service acting on them, changes and the audit.")
final class ExpiryCommand implements Runnable {
    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                "Missing command: run, list, extend, audit or reapply");
    }
}
