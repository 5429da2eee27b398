package dev.photopipe.cli;

import dev.photopipe.cli.config.EffectiveConfig;
import dev.photopipe.cli.runtime.ServiceKind;
import dev.photopipe.enrich.EnrichConfig;
import dev.photopipe.ops.InstantArgument;
import dev.photopipe.ops.expiry.AuditExport;
import dev.photopipe.ops.expiry.ExpiryExtender;
import dev.photopipe.ops.expiry.ExpiryListing;
import dev.photopipe.ops.expiry.ExpiryTarget;
import dev.photopipe.ops.expiry.ExpiryTopics;
import dev.photopipe.ops.expiry.ExtendReport;
import dev.photopipe.ops.expiry.PendingExpiries;
import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code photopipe expiry}: photos' expiry dates (usage rights, consent). Its subcommands are
 * registered in {@link Photopipe#commandLine}: {@code run} (the expiry service, or with
 * {@code --dry-run} what it would do now), {@code list}, {@code extend}, {@code audit} and
 * {@code reapply}. Thin: {@code list}, {@code extend} and {@code audit} parse flags here and read
 * and write through {@code dev.photopipe.ops.expiry}.
 */
@Command(name = "expiry", mixinStandardHelpOptions = true,
        description = "Expiry dates of photos: what expires when, the service acting on them, changes and the audit.")
final class ExpiryCommand implements Runnable {
    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                "Missing command: run, list, extend, audit or reapply");
    }

    /** The expiry topics of the configured deployment, read with the command's serde settings. */
    static ExpiryTopics topics(OpsCommand command, String clientId, long maxRecords) {
        TopicCatalog catalog = command.catalog();
        return new ExpiryTopics(command.clients(clientId), new ExpiryTopics.Topics(
                catalog.name(PhotopipeTopic.SINK_LEDGER), catalog.name(PhotopipeTopic.EXPIRY_CHANGES),
                catalog.name(PhotopipeTopic.EXPIRY_AUDIT)), command.config().originals(), maxRecords);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Lists the photos whose expiry is still to be acted on, soonest first: photo, Piwigo image, "
                    + "expiry, action, rule, whether it was changed by hand, and when it is due (OVERDUE when its time "
                    + "passed and the expiry service has not acted yet).",
                "Reads the sink's ledger, the expiry changes and the expiry audit."})
    static final class ListPending extends OpsCommand {
        @Option(names = "--within", paramLabel = "PERIOD",
                description = "Only expiries due before now + PERIOD (ISO-8601: P30D, P1Y, PT12H); overdue ones are "
                        + "always listed. Default: all.")
        String within;

        @Option(names = "--rule", paramLabel = "ID", description = "Only expiries in force from this routing rule.")
        String rule;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
                description = "table (default), csv (a header row, then one row per photo) or json.")
        String format;

        @Mixin
        ScanLimitOption scanLimit;

        ListPending(Map<String, String> environment) {
            super(environment);
        }

        @Override
        public Integer call() {
            List<String> problems = new ArrayList<>();
            Duration window = null;
            if (within != null) {
                try {
                    window = span(within);
                    if (window.isNegative() || window.isZero()) {
                        problems.add("--within " + within + " is not a period ahead: give one such as P30D (overdue "
                                + "expiries are always listed)");
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            }
            checkFormat(format, List.of("table", "csv", "json"), problems);
            scanLimit.check(problems);
            if (!problems.isEmpty()) {
                return usage(problems);
            }
            ExpiryTopics topics = topics(this, "photopipe-expiry-list", scanLimit.maxRecords);
            Instant now = Clock.systemUTC().instant();
            PendingExpiries pending = PendingExpiries.read(topics);
            String selection = (within == null ? "all pending" : "due within " + within.toUpperCase(Locale.ROOT))
                    + (rule == null ? "" : ", rule " + rule);
            ExpiryListing listing = ExpiryListing.of(now, selection, pending.list(now, window, rule),
                    topics.incomplete());
            switch (format.toLowerCase(Locale.ROOT)) {
                case "csv" -> out().print(listing.csv());
                case "json" -> out().print(listing.json());
                default -> out().print(listing.table());
            }
            out().flush();
            if (!format.equalsIgnoreCase("table")) {
                warnIncomplete(this, listing.incomplete());
            }
            return ExitCodes.OK;
        }

        /** An ISO-8601 period (P30D) or duration (PT12H) as a span of time; months and years as 30 and 365 days. */
        private static Duration span(String text) {
            String upper = text.trim().toUpperCase(Locale.ROOT);
            try {
                if (upper.contains("T")) {
                    return Duration.parse(upper);
                }
                Period period = Period.parse(upper);
                return Duration.ofDays(period.getYears() * 365L + period.getMonths() * 30L + period.getDays());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--within " + text + " is not an ISO-8601 period: write it like P30D "
                        + "(30 days), P1Y or PT12H", e);
            }
        }
    }

    @Command(name = "extend", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Changes the expiry of photos: to a date (--until), later by a period (--by), or never "
                    + "(--never), optionally with another action. Writes one change per photo to the expiry changes "
                    + "topic; the expiry service acts on the new expiry, and find and the status page show it.",
                "All or nothing: a photo that is not an image in Piwigo, was already deleted by its expiry, or would "
                        + "get an expiry in the past is refused with the reason, and then nothing is written."})
    static final class Extend extends OpsCommand {
        @Parameters(paramLabel = "PHOTO_ID", arity = "1..*", description = "The photos (full ids, as find shows them).")
        List<String> photoIds;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        static final class Target {
            @Option(names = "--until", paramLabel = "DATE|DATETIME",
                    description = "The new expiry: 2030-01-01 (midnight in enrich.time.zone, as an expiry date in a "
                            + "routing rule) or 2030-01-01T12:00:00Z.")
            String until;

            @Option(names = "--by", paramLabel = "PERIOD",
                    description = "Move the expiry in force later by PERIOD (ISO-8601: P1Y, P6M, P30D, PT12H).")
            String by;

            @Option(names = "--never", description = "The photos no longer expire.")
            boolean never;
        }

        @Option(names = "--action", paramLabel = "ACTION",
                description = "none, archive or delete: what happens on the new expiry (default: as before).")
        String action;

        @Option(names = "--reason", paramLabel = "TEXT", required = true,
                description = "Why, kept in the change and the audit, e.g. \"consent renewed until 2030, ticket 42\".")
        String reason;

        @Option(names = "--dry-run", description = "Show what would change; write nothing.")
        boolean dryRun;

        @Mixin
        ScanLimitOption scanLimit;

        Extend(Map<String, String> environment) {
            super(environment);
        }

        /** The zone rules' expiry dates are read in ({@code enrich.time.zone}). */
        private ZoneId rulesZone() {
            EffectiveConfig loaded = loadConfig(List.of(CommandConfig.SECTION, ServiceKind.ENRICH.section()), List.of());
            return new EnrichConfig(loaded.values()).routingPolicy().zone();
        }

        @Override
        public Integer call() throws InterruptedException {
            List<String> problems = new ArrayList<>();
            ExpiryTarget expiry = null;
            try {
                expiry = target.never ? ExpiryTarget.never() : target.by != null ? ExpiryTarget.by(target.by)
                        : ExpiryTarget.until(InstantArgument.parse("--until", target.until));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
            ExpiryAction newAction = null;
            if (action != null) {
                try {
                    newAction = ExpiryAction.valueOf(action.trim().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problems.add("--action " + action + " is not an action: give none, archive or delete");
                }
            }
            if (reason.isBlank()) {
                problems.add("--reason is empty: say why the expiry changes (it is kept in the audit)");
            }
            for (String id : photoIds) {
                if (!id.matches("[0-9a-f]{8,64}")) {
                    problems.add("PHOTO_ID " + id + " is not a photo id: give the hex id find shows (--json has it whole)");
                }
            }
            scanLimit.check(problems);
            if (!problems.isEmpty()) {
                return usage(problems);
            }
            if (target.until != null) {
                // A date means what it means in a rule: its midnight in enrich.time.zone.
                expiry = ExpiryTarget.until(InstantArgument.parse("--until", target.until, rulesZone()));
            }
            ExpiryExtender extender = new ExpiryExtender(topics(this, "photopipe-expiry-extend", scanLimit.maxRecords),
                    clients("photopipe-expiry-extend"), config().originals(), Clock.systemUTC());
            ExtendReport report = extender.extend(new ExpiryExtender.Request(photoIds, expiry, newAction, reason.strip(),
                    System.getProperty("user.name"), dryRun));
            if (!report.refused().isEmpty()) {
                spec.commandLine().getErr().print(report.render());
                spec.commandLine().getErr().flush();
                return ExitCodes.USAGE;
            }
            out().print(report.render());
            out().flush();
            return report.failures().isEmpty() ? ExitCodes.OK : ExitCodes.KAFKA;
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Exports the expiry audit: what the expiry service did to which photo, when, why and by which "
                    + "rule (archived, deleted, expired without action, already gone, changed), oldest first.",
                "CSV has a header row and RFC 4180 quoting, for spreadsheets and auditors."})
    static final class Audit extends OpsCommand {
        @Option(names = "--photo", paramLabel = "ID", description = "Only this photo (or the photos whose id starts so).")
        String photo;

        @Option(names = "--since", paramLabel = "TIME",
                description = "Only events at or after TIME (ISO instant, or a date meaning midnight UTC).")
        String since;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
                description = "table (default) or csv.")
        String format;

        @Mixin
        ScanLimitOption scanLimit;

        Audit(Map<String, String> environment) {
            super(environment);
        }

        @Override
        public Integer call() {
            List<String> problems = new ArrayList<>();
            Instant from = null;
            if (since != null) {
                try {
                    from = InstantArgument.parse("--since", since);
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            }
            checkFormat(format, List.of("table", "csv"), problems);
            scanLimit.check(problems);
            if (!problems.isEmpty()) {
                return usage(problems);
            }
            AuditExport export = AuditExport.read(topics(this, "photopipe-expiry-audit", scanLimit.maxRecords),
                    photo == null ? null : photo.strip(), from);
            boolean csv = format.equalsIgnoreCase("csv");
            out().print(csv ? export.csv() : export.table());
            out().flush();
            if (csv) {
                warnIncomplete(this, export.incomplete());
            }
            return ExitCodes.OK;
        }
    }

    /** Says on standard error why a CSV or JSON answer may lack rows (the data itself stays clean for scripts). */
    private static void warnIncomplete(OpsCommand command, List<String> incomplete) {
        PrintWriter err = command.spec.commandLine().getErr();
        incomplete.forEach(why -> err.println("photopipe expiry " + command.spec.name() + ": INCOMPLETE: " + why));
        err.flush();
    }

    private static void checkFormat(String format, List<String> allowed, List<String> problems) {
        if (!allowed.contains(format.toLowerCase(Locale.ROOT))) {
            problems.add("--format " + format + " is not one of " + String.join(", ", allowed));
        }
    }
}
