package io.enlace.bench;

import io.enlace.bench.loadgen.Loadgen;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark harness: starts each target in its own process, drives it with the built-in load generator through
 * the four scenarios (connections, echo, fan-out, polling), then prints a markdown table with the Enlace/peer ratios
 * and one JSON line per figure, and writes results.md, results.jsonl and results.svg to the output directory.
 *
 * <pre>
 * java -jar enlace-bench/target/enlace-bench.jar [--quick|--smoke] [--targets enlace,node,netty-socketio,raw-netty]
 *      [--scenarios connections,echo,fanout,polling] [--root DIR] [--out DIR] [--no-pin] [--whole-box] [--repeat N]
 * </pre>
 */
public final class Bench {

    /**
     * Target names, in table order. {@code enlace-metrics} is the Enlace target with the Micrometer meters bound
     * (enlace-micrometer on a Prometheus registry, scraped every 15 s): run it beside {@code enlace} to see their cost
     * ({@code --targets enlace,enlace-metrics}); it is not in the default set. {@code enlace-before} is the Enlace target of
     * another build, {@code --before <its enlace-bench.jar>}, for a before/after figure of a change in one run.
     */
    public static final List<String> ALL_TARGETS = List.of("enlace", "enlace-metrics", "enlace-before", "node", "netty-socketio",
            "raw-netty");
    /** The targets run when {@code --targets} is not given. */
    public static final List<String> DEFAULT_TARGETS = List.of("enlace", "node", "netty-socketio", "raw-netty");
    /** Scenario names, in run order. */
    public static final List<String> ALL_SCENARIOS = List.of(Scenarios.CONNECTIONS, Scenarios.ECHO, Scenarios.FANOUT, Scenarios.POLLING,
            ClusterFanout.NAME, ClusterFanout.STREAMS);
    /** JVM flags shared by every Java target. */
    public static final List<String> JAVA_TARGET_FLAGS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC",
            "-XX:ActiveProcessorCount=1", "-Dio.netty.leakDetection.level=disabled", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

    private Bench() {}

    /** Parsed command line. */
    public record Options(Config config, List<String> targets, List<String> scenarios, Path root, Path out, boolean pin,
                          boolean echoTargetOutput, Path render, boolean wholeBox, int repeat, Path beforeJar) {

        /** Parses the command line. */
        public static Options parse(String... args) {
            Config cfg = Config.full();
            List<String> targets = null;
            List<String> scenarios = null;
            Path root = null;
            Path out = null;
            boolean pin = true;
            boolean wholeBox = false;
            boolean echo = true;
            Path render = null;
            int repeat = 1;
            Path beforeJar = null;
            Scenarios.echoUpgrade = null; // a process-wide switch: each parse sets it anew
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> cfg = Config.quick();
                    case "--smoke" -> cfg = Config.smoke();
                    case "--full" -> cfg = Config.full();
                    case "--targets" -> targets = List.of(args[++i].split(","));
                    case "--scenarios" -> scenarios = List.of(args[++i].split(","));
                    case "--root" -> root = Path.of(args[++i]);
                    case "--out" -> out = Path.of(args[++i]);
                    case "--no-pin" -> pin = false;
                    case "--whole-box" -> {
                        wholeBox = true;
                        pin = false;
                    }
                    case "--quiet-targets" -> echo = false;
                    case "--echo-upgrade" -> {
                        Scenarios.echoUpgrade = args[++i];
                        if (!Scenarios.echoUpgrade.equals("same") && !Scenarios.echoUpgrade.equals("cross")) {
                            throw new IllegalArgumentException("--echo-upgrade same|cross");
                        }
                    }
                    case "--render" -> render = Path.of(args[++i]);
                    case "--repeat" -> {
                        repeat = Integer.parseInt(args[++i]);
                        if (repeat < 1 || repeat > 9) throw new IllegalArgumentException("--repeat must be 1 to 9");
                    }
                    case "--before" -> beforeJar = Path.of(args[++i]).toAbsolutePath();
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]
                            + "; usage: [--quick|--smoke] [--targets a,b] [--scenarios a,b] [--root DIR] [--out DIR] [--no-pin] [--echo-upgrade same|cross]"
                            + " [--whole-box] [--repeat N] [--before OLD-enlace-bench.jar]");
                }
            }
            if (scenarios == null) {
                // --smoke (the CI test) leaves out the cluster scenarios (3 processes per target and a redis-server) unless asked
                scenarios = cfg.mode().equals("smoke") ? ALL_SCENARIOS.stream()
                        .filter(s -> !s.equals(ClusterFanout.NAME) && !s.equals(ClusterFanout.STREAMS)).toList() : ALL_SCENARIOS;
            }
            for (String s : scenarios) {
                if (!ALL_SCENARIOS.contains(s)) {
                    throw new IllegalArgumentException("unknown scenario " + s + ", known: " + ALL_SCENARIOS);
                }
            }
            if (targets != null) {
                for (String t : targets) {
                    if (!ALL_TARGETS.contains(t)) {
                        throw new IllegalArgumentException("unknown target " + t + ", known: " + ALL_TARGETS);
                    }
                    if (t.equals("enlace-before") && beforeJar == null) {
                        throw new IllegalArgumentException("target enlace-before needs --before <the enlace-bench.jar of the other build>");
                    }
                }
            }
            if (beforeJar != null && !Files.isRegularFile(beforeJar)) {
                throw new IllegalArgumentException("--before " + beforeJar + ": no such file");
            }
            if (root == null) {
                root = findRoot();
            }
            if (out == null) {
                out = root.resolve("enlace-bench/target/results");
            }
            return new Options(cfg, targets == null ? DEFAULT_TARGETS : targets, scenarios, root, out, pin, echo, render, wholeBox,
                    repeat, beforeJar);
        }

        private static Path findRoot() {
            Path p = Path.of("").toAbsolutePath();
            for (Path q = p; q != null; q = q.getParent()) {
                if (Files.isDirectory(q.resolve("enlace-bench/targets/node"))) {
                    return q;
                }
            }
            return p;
        }
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        if (o.render() != null) {
            // re-render results.md and results.svg of an earlier run from its results.jsonl
            List<Figure> figures = new ArrayList<>();
            java.util.regex.Pattern p = java.util.regex.Pattern.compile(
                    "\\{\"scenario\":\"([^\"]*)\",\"target\":\"([^\"]*)\",\"metric\":\"([^\"]*)\",\"value\":([^}]*)}");
            for (String line : Files.readAllLines(o.render())) {
                java.util.regex.Matcher m = p.matcher(line.trim());
                if (m.matches()) {
                    double v = m.group(4).equals("null") ? Double.NaN : Double.parseDouble(m.group(4));
                    figures.add(new Figure(m.group(1), m.group(2), m.group(3), v, ""));
                }
            }
            Path meta = o.render().resolveSibling("meta.txt");
            if (Files.exists(meta)) {
                for (String line : Files.readAllLines(meta)) {
                    int i = line.indexOf(": ");
                    if (line.startsWith("- ") && i > 0) {
                        Report.meta.put(line.substring(2, i), line.substring(i + 2));
                    }
                }
            }
            Files.createDirectories(o.out());
            Files.writeString(o.out().resolve("results.md"), Report.markdown(figures, o));
            Files.writeString(o.out().resolve("results.svg"), Report.svg(figures, o));
            System.out.println(Report.markdown(figures, o));
            return;
        }
        List<Figure> figures = run(o);
        System.out.println(Report.markdown(figures, o));
        for (Figure f : figures) {
            System.out.println(f.json());
        }
        System.exit(0);
    }

    /** Runs the selected targets and scenarios; returns every figure. Writes the result files to {@code o.out()}. */
    public static List<Figure> run(Options o) throws Exception {
        long t0 = System.nanoTime();
        boolean pin = o.pin() && Runtime.getRuntime().availableProcessors() >= 2 && new File("/usr/bin/taskset").canExecute();
        if (pin) {
            // the load generator (this process) on CPU 0, every target on CPU 1
            new ProcessBuilder("taskset", "-a", "-p", "-c", "0", Long.toString(ProcessHandle.current().pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        }
        String loadBefore = loadavg();
        System.err.printf(Locale.ROOT, "bench mode=%s targets=%s scenarios=%s pin=%s load=%s%n", o.config().mode(), o.targets(),
                o.scenarios(), pin, loadBefore);
        // Scenario-major order, alternating the target order (A B C D, then D C B A, ...), with a fresh target process
        // for every (scenario, target): the figures of one scenario are taken close together in time, so a change in
        // the machine's load during the run biases no target systematically, and no scenario inherits another's state.
        // (--quick and --smoke keep one process per target for all scenarios, to stay short.)
        // --repeat N: every (scenario, target) N times, the target order alternating from one round to the next, and each
        // figure is the median of its N values: a load spike from elsewhere on the machine moves one value, not the median.
        List<Figure> figures = new ArrayList<>();
        for (int round = 0; round < o.repeat(); round++) {
            if (o.config().freshProcessPerScenario()) {
                for (int i = 0; i < o.scenarios().size(); i++) {
                    List<String> order = new ArrayList<>(o.targets());
                    if ((i + round) % 2 == 1) {
                        java.util.Collections.reverse(order);
                    }
                    for (String t : order) {
                        figures.addAll(runTarget(o, t, List.of(o.scenarios().get(i)), pin));
                    }
                }
            } else {
                List<String> order = new ArrayList<>(o.targets());
                if (round % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (String t : order) {
                    figures.addAll(runTarget(o, t, o.scenarios(), pin));
                }
            }
        }
        if (o.repeat() > 1) {
            figures = medians(figures);
            Report.meta.put("repeat", o.repeat() + " runs of every (scenario, target), alternating order; each figure is their median");
        }
        String loadAfter = loadavg();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf(Locale.ROOT, "bench done in %.1f s, load %s%n", seconds, loadAfter);
        Report.meta.put("mode", o.config().mode());
        Report.meta.put("date", Instant.now().toString());
        Report.meta.put("pinned", pin ? "targets on CPU 1, load generator on CPU 0" : "no");
        if (o.wholeBox()) {
            Report.meta.put("whole box", "no pinning; every Java target has " + wholeBoxThreads()
                    + " I/O event loops (worker threads) and no processor-count limit; Node is one process");
        }
        Report.meta.put("loadavg before", loadBefore);
        Report.meta.put("loadavg after", loadAfter);
        Report.meta.put("duration s", String.format(Locale.ROOT, "%.1f", seconds));
        Files.createDirectories(o.out());
        Files.writeString(o.out().resolve("results.md"), Report.markdown(figures, o));
        StringBuilder jl = new StringBuilder();
        for (Figure f : figures) {
            jl.append(f.json()).append('\n');
        }
        Files.writeString(o.out().resolve("results.jsonl"), jl);
        Files.writeString(o.out().resolve("results.svg"), Report.svg(figures, o));
        StringBuilder meta = new StringBuilder();
        Report.meta.forEach((k, v) -> meta.append("- ").append(k).append(": ").append(v).append('\n'));
        Files.writeString(o.out().resolve("meta.txt"), meta);
        return figures;
    }

    /** One figure per (scenario, target, metric): the median of its finite values (NaN when none), in first-seen order. */
    static List<Figure> medians(List<Figure> all) {
        java.util.Map<String, List<Figure>> groups = new java.util.LinkedHashMap<>();
        for (Figure f : all) {
            groups.computeIfAbsent(f.scenario() + "\u0000" + f.target() + "\u0000" + f.metric(), k -> new ArrayList<>()).add(f);
        }
        List<Figure> out = new ArrayList<>();
        for (List<Figure> g : groups.values()) {
            double[] v = g.stream().mapToDouble(Figure::value).filter(Double::isFinite).sorted().toArray();
            double median = v.length == 0 ? Double.NaN
                    : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            Figure first = g.get(0);
            String note = g.stream().map(Figure::note).filter(n -> !n.isEmpty()).findFirst().orElse("");
            out.add(new Figure(first.scenario(), first.target(), first.metric(), median, note));
        }
        return out;
    }

    private static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "?";
        }
    }

    private static List<String> command(Options o, String target, boolean pin) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (pin) {
            cmd.addAll(List.of("taskset", "-c", "1"));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        switch (target) {
            case "enlace-before" -> {
                // the other build's harness jar holds its own EnlaceTarget (and the core it was built with)
                cmd.add(java);
                cmd.addAll(javaTargetFlags(o));
                cmd.addAll(List.of("-cp", o.beforeJar().toString(), "io.enlace.bench.targets.EnlaceTarget"));
            }
            case "enlace", "enlace-metrics", "raw-netty" -> {
                String main = target.equals("raw-netty") ? "io.enlace.bench.targets.RawNettyTarget" : "io.enlace.bench.targets.EnlaceTarget";
                try {
                    Class.forName(main, false, Bench.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("target " + target + " is not built into this harness (" + main + " missing)");
                }
                cmd.add(java);
                cmd.addAll(javaTargetFlags(o));
                if (target.equals("enlace-metrics")) cmd.add("-Denlace.bench.metrics=true");
                cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
            }
            case "netty-socketio" -> {
                Path jar = o.root().resolve("enlace-bench-nettysocketio/target/enlace-bench-nettysocketio.jar");
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalStateException(jar + " is missing: build it with mvn -pl enlace-bench-nettysocketio package");
                }
                cmd.add(java);
                cmd.addAll(javaTargetFlags(o));
                cmd.addAll(List.of("-cp", jar.toString(), "io.enlace.bench.nsio.NettySocketIoTarget"));
            }
            case "node" -> {
                Path dir = nodeTargetDir(o, "socket.io");
                cmd.addAll(List.of("node", "--expose-gc", dir.resolve("server.js").toString()));
            }
            default -> throw new IllegalArgumentException(target);
        }
        return cmd;
    }

    private static List<Figure> runTarget(Options o, String target, List<String> scenarios, boolean pin) {
        List<Figure> out = new ArrayList<>();
        List<String> todo = new ArrayList<>(scenarios);
        for (String cluster : List.of(ClusterFanout.NAME, ClusterFanout.STREAMS)) {
            if (todo.remove(cluster)) {
                out.addAll(ClusterFanout.run(o, target, pin, cluster)); // its own 3 target processes and redis-server
            }
        }
        if (target.equals("raw-netty") && todo.remove(Scenarios.POLLING)) {
            System.err.println("[raw-netty/polling] skipped: the raw ceiling speaks WebSocket only");
        }
        if (todo.isEmpty()) {
            return out;
        }
        TargetProcess tp;
        try {
            tp = TargetProcess.start(target, command(o, target, pin), null, Map.of(), 60_000, o.echoTargetOutput());
        } catch (Exception e) {
            System.err.println("[" + target + "] cannot start: " + e.getMessage());
            for (String s : todo) {
                out.add(new Figure(s, target, "unavailable", Double.NaN, String.valueOf(e.getMessage())));
            }
            return out;
        }
        System.err.println("[" + target + "] started, pid " + tp.pid() + ", port " + tp.port);
        try (tp; Loadgen lg = new Loadgen("127.0.0.1", tp.port, 8)) {
            Scenarios sc = new Scenarios(o.config(), tp, lg, o.wholeBox() ? wholeBoxThreads() : 1);
            for (String s : todo) {
                if (!tp.alive()) {
                    out.add(new Figure(s, target, "unavailable", Double.NaN, "target process died"));
                    continue;
                }
                try {
                    switch (s) {
                        case Scenarios.ECHO -> out.addAll(sc.echo());
                        case Scenarios.FANOUT -> out.addAll(sc.fanout());
                        case Scenarios.CONNECTIONS -> out.addAll(sc.connections());
                        case Scenarios.POLLING -> out.addAll(sc.polling());
                        default -> throw new IllegalArgumentException(s);
                    }
                } catch (Exception e) {
                    System.err.println("[" + target + "/" + s + "] failed: " + e);
                    out.add(new Figure(s, target, "error", Double.NaN, String.valueOf(e)));
                }
            }
        }
        return out;
    }

    /** For tests: the figures of one target/scenario. */
    static List<Figure> select(List<Figure> all, String target, String scenario) {
        return all.stream().filter(f -> f.target().equals(target) && f.scenario().equals(scenario)).toList();
    }

    /**
     * The Node target's folder, {@code enlace-bench/targets/node}, after {@code npm ci} there when
     * {@code node_modules/<module>} is missing (bounded to 5 minutes).
     */
    static Path nodeTargetDir(Options o, String module) throws Exception {
        Path dir = o.root().resolve("enlace-bench/targets/node");
        if (!Files.isDirectory(dir.resolve("node_modules").resolve(module))) {
            System.err.println("[node] node_modules/" + module + " missing: running npm ci in " + dir);
            Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("npm ci timed out");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("npm ci failed with " + p.exitValue());
            }
        }
        return dir;
    }

    /**
     * The JVM flags of every Java target: {@link #JAVA_TARGET_FLAGS}; with {@code --whole-box}, without the
     * one-processor limit and with {@code -Denlace.bench.ioThreads=<CPUs>} (the targets' event loops); then
     * {@link #extraTargetFlags()}.
     */
    static List<String> javaTargetFlags(Options o) {
        List<String> flags = new ArrayList<>();
        for (String f : JAVA_TARGET_FLAGS) {
            if (!(o.wholeBox() && f.startsWith("-XX:ActiveProcessorCount="))) flags.add(f);
        }
        if (o.wholeBox()) flags.add("-Denlace.bench.ioThreads=" + wholeBoxThreads());
        flags.addAll(extraTargetFlags());
        return flags;
    }

    /** Event loops of a Java target with {@code --whole-box}: one per CPU of the box. */
    static int wholeBoxThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Extra JVM flags for every Java target from the environment variable {@code ENLACE_BENCH_TARGET_FLAGS}
     * (space-separated), e.g. {@code -XX:StartFlightRecording=filename=/tmp/t.jfr} to profile a target. Empty by default.
     */
    static List<String> extraTargetFlags() {
        String extra = System.getenv("ENLACE_BENCH_TARGET_FLAGS");
        if (extra == null || extra.isBlank()) {
            return List.of();
        }
        return List.of(extra.trim().split("\\s+"));
    }
}
