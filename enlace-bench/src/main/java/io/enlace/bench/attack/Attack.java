package io.enlace.bench.attack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Full-scale attacks by one hostile client against the demo (or any jar with the demo's command line), each on a
 * fresh target process, with a witness client and new clients connecting meanwhile; prints per attack the target's
 * RSS, live heap and open files, what the witness and the new clients saw, and whether the target survived. Several
 * jars (e.g. an older build) give a before/after table. Not part of CI: run with {@code enlace-bench/attack.sh}.
 *
 * <pre>
 * java -cp enlace-bench.jar io.enlace.bench.attack.Attack [--jar [label=]path]... [--attacks a,b] [--out file.md]
 * </pre>
 */
public final class Attack {
    private Attack() {}

    /** One attack on one build. */
    record Result(String build, String attack, String attacker, long rssBefore, long rssMax, long rssAfter,
                  long heapBefore, long heapAfter, int fdsBefore, int fdsMax, int fdsAfter, Observers.Seen seen,
                  boolean survived, String survivalNote, boolean stoppedBySigterm, long seconds) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Path> jars = new LinkedHashMap<>();
        List<String> attacks = new ArrayList<>(Attacks.ALL.keySet());
        Path out = null;
        Path root = Path.of("").toAbsolutePath();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> {
                    String v = args[++i];
                    int eq = v.indexOf('=');
                    jars.put(eq > 0 ? v.substring(0, eq) : "build " + (jars.size() + 1), Path.of(eq > 0 ? v.substring(eq + 1) : v));
                }
                case "--attacks" -> attacks = List.of(args[++i].split(","));
                case "--out" -> out = Path.of(args[++i]);
                case "--root" -> root = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: [--jar [label=]path]... [--attacks " + String.join(",", Attacks.ALL.keySet()) + "] [--out file.md]");
            }
        }
        if (jars.isEmpty()) jars.put("this build", root.resolve("enlace-demo/target/enlace-demo.jar"));
        for (String a : attacks) {
            if (!Attacks.ALL.containsKey(a)) throw new IllegalArgumentException("unknown attack " + a);
        }
        for (Path jar : jars.values()) {
            if (!Files.isRegularFile(jar)) throw new IllegalArgumentException("no such jar: " + jar);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Result> results = new ArrayList<>();
        for (String attack : attacks) {
            for (Map.Entry<String, Path> jar : jars.entrySet()) {
                System.err.printf("== %s against %s (%s)%n", attack, jar.getKey(), jar.getValue());
                Result r = run(jar.getKey(), jar.getValue(), Attacks.ALL.get(attack), java);
                results.add(r);
                System.err.println("   " + r.attacker());
                System.err.println("   " + oneLine(r));
            }
        }
        String md = table(results, jars.keySet());
        System.out.println(md);
        if (out != null) Files.writeString(out, md);
    }

    private static Result run(String build, Path jar, Attacks.Spec spec, String java) throws Exception {
        long started = System.nanoTime();
        try (DemoTarget target = DemoTarget.start(jar, java)) {
            Observers observers = new Observers(target.port);
            Thread.sleep(2000); // the witness and a first probe settle
            long rssBefore = target.rss();
            int fdsBefore = target.fds();
            long heapBefore = target.liveHeap();
            long[] rssMax = {rssBefore};
            int[] fdsMax = {fdsBefore};
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(spec.windowSeconds());
            CompletableFuture<String> attacker = CompletableFuture.supplyAsync(() -> {
                try {
                    return spec.body().run(target.port, deadline);
                } catch (Exception e) {
                    return "attacker failed: " + e;
                }
            });
            // sample the target every second while the attack runs (and a bit after, bounded)
            long hardEnd = deadline + TimeUnit.SECONDS.toNanos(30);
            while (!attacker.isDone() && System.nanoTime() - hardEnd < 0) {
                rssMax[0] = Math.max(rssMax[0], target.rss());
                fdsMax[0] = Math.max(fdsMax[0], target.fds());
                Thread.sleep(1000);
            }
            String attackerLine = attacker.isDone() ? attacker.get() : "attacker still running 30 s after its window";
            Observers.Seen seen = observers.stop();
            // survival: alive, and a new client served within 10 s of the attacker leaving
            boolean survived = false;
            String note = "";
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (target.alive() && System.nanoTime() - until < 0 && !survived) {
                survived = target.servesPage(3000) > 0 && wsServes(target.port);
                if (!survived) Thread.sleep(500);
            }
            if (!target.alive()) note = "process exited";
            else if (!survived) note = "no new client served 10 s after the attack";
            if (target.logLines("OutOfMemoryError") > 0) note += (note.isEmpty() ? "" : "; ") + "OutOfMemoryError in its log";
            long rssAfter = target.rss();
            int fdsAfter = target.fds();
            long heapAfter = target.liveHeap();
            boolean sigterm = target.stop();
            return new Result(build, spec.name(), attackerLine, rssBefore, rssMax[0], rssAfter, heapBefore, heapAfter,
                    fdsBefore, fdsMax[0], fdsAfter, seen, survived, note, sigterm, (System.nanoTime() - started) / 1_000_000_000);
        }
    }

    private static boolean wsServes(int port) {
        try (WsPeer p = WsPeer.open(port, 0, 3000)) {
            p.connect("/", null);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", bytes >> 20);
    }

    private static String ms(long v) { return v < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", v); }

    private static String oneLine(Result r) {
        Observers.Seen s = r.seen();
        return String.format(Locale.ROOT, "RSS %s→%s (max %s) MB, live heap %s→%s MB, fds %d→%d (max %d), witness "
                        + "p50/p99/max %s/%s/%s ms (%d of %d lost), new clients %s/%s ms p50/max (%d of %d failed, %d timed out), %s%s",
                mb(r.rssBefore()), mb(r.rssAfter()), mb(r.rssMax()), mb(r.heapBefore()), mb(r.heapAfter()),
                r.fdsBefore(), r.fdsAfter(), r.fdsMax(), ms(s.witnessP50()), ms(s.witnessP99()), ms(s.witnessMax()),
                s.witnessLost(), s.witnessSent(), ms(s.connectP50()), ms(s.connectMax()), s.probeFailures(), s.probes(),
                s.probeTimeouts(),
                r.survived() ? "survived" : "DID NOT SURVIVE (" + r.survivalNote() + ")",
                r.stoppedBySigterm() ? "" : ", SIGTERM did not stop it");
    }

    static String table(List<Result> results, java.util.Set<String> builds) {
        StringBuilder b = new StringBuilder();
        b.append("Target: `java ").append(DemoTarget.HEAP).append(" -jar <jar>` with `ulimit -n ").append(DemoTarget.FD_LIMIT)
                .append("`, a fresh process per attack; one attacker; a witness asking for an ack 10 times a second; a new "
                        + "client every second (5 s timeout; a failure is a refusal unless it timed out). RSS and fds: before the attack, at most during it, after it; "
                        + "live heap: used heap after a full GC (jcmd), before and after.\n\n");
        b.append("| attack | build | RSS MB before / max / after | live heap MB before / after | fds before / max / after "
                + "| witness ms p50 / p99 / max (lost) | new clients ms p50 / max (failed of tried) | survived |\n");
        b.append("|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            Observers.Seen s = r.seen();
            b.append("| ").append(r.attack()).append(" | ").append(r.build()).append(" | ")
                    .append(mb(r.rssBefore())).append(" / ").append(mb(r.rssMax())).append(" / ").append(mb(r.rssAfter()))
                    .append(" | ").append(mb(r.heapBefore())).append(" / ").append(mb(r.heapAfter()))
                    .append(" | ").append(r.fdsBefore()).append(" / ").append(r.fdsMax()).append(" / ").append(r.fdsAfter())
                    .append(" | ").append(ms(s.witnessP50())).append(" / ").append(ms(s.witnessP99())).append(" / ")
                    .append(ms(s.witnessMax())).append(" (").append(s.witnessLost()).append(" of ").append(s.witnessSent()).append(")")
                    .append(" | ").append(ms(s.connectP50())).append(" / ").append(ms(s.connectMax())).append(" (")
                    .append(s.probeFailures()).append(" of ").append(s.probes())
                    .append(s.probeFailures() > 0 ? ", " + s.probeTimeouts() + " timed out" : "").append(")")
                    .append(" | ").append(r.survived() ? "yes" : "**no**" + (r.survivalNote().isEmpty() ? "" : ": " + r.survivalNote()))
                    .append(r.stoppedBySigterm() ? "" : "; SIGTERM ignored").append(" |\n");
        }
        b.append("\nWhat each attacker did and saw:\n\n");
        for (Result r : results) {
            b.append("- ").append(r.attack()).append(", ").append(r.build()).append(": ").append(r.attacker())
                    .append(" (").append(r.seconds()).append(" s in all)\n");
        }
        b.append("\nAttacks: ");
        List<String> what = new ArrayList<>();
        for (Attacks.Spec spec : Attacks.ALL.values()) what.add("`" + spec.name() + "` " + spec.what() + " (" + spec.windowSeconds() + " s)");
        b.append(String.join("; ", what)).append(".\n");
        return b.toString();
    }
}
