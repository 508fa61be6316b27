package io.enlace.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Renders figures as a markdown table (with Enlace/peer ratios) and as an SVG bar chart. */
final class Report {

    /** Run conditions, printed above the table. */
    static final Map<String, String> meta = new LinkedHashMap<>();

    private static final Set<String> NO_RATIO = Set.of("clients", "receivers", "connected", "failed", "disconnects", "connections_reopened", "unexpected_acks",
            "loadgen_cores", "loadgen_cores_during_ramp", "broadcasts_per_s_at_best", "unavailable", "error");

    private Report() {}

    static String fmt(double v) {
        if (!Double.isFinite(v)) {
            return "–";
        }
        double a = Math.abs(v);
        if (v == Math.rint(v) && a < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static List<String> targetsOf(List<Figure> figs, Bench.Options o) {
        List<String> t = new ArrayList<>();
        for (String name : o.targets()) {
            if (figs.stream().anyMatch(f -> f.target().equals(name))) {
                t.add(name);
            }
        }
        return t;
    }

    private static Figure find(List<Figure> figs, String scenario, String metric, String target) {
        for (Figure f : figs) {
            if (f.scenario().equals(scenario) && f.metric().equals(metric) && f.target().equals(target)) {
                return f;
            }
        }
        return null;
    }

    static String markdown(List<Figure> figs, Bench.Options o) {
        List<String> targets = targetsOf(figs, o);
        boolean hasEnlace = targets.contains("enlace");
        List<String> peers = targets.stream().filter(t -> !t.equals("enlace")).toList();
        Set<String> rows = new LinkedHashSet<>();
        for (String s : Bench.ALL_SCENARIOS) {
            for (Figure f : figs) {
                if (f.scenario().equals(s)) {
                    rows.add(s + "\u0000" + f.metric());
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : meta.entrySet()) {
            sb.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        if (!meta.isEmpty()) {
            sb.append('\n');
        }
        sb.append("| scenario | metric |");
        for (String t : targets) {
            sb.append(' ').append(t).append(" |");
        }
        if (hasEnlace) {
            for (String p : peers) {
                sb.append(" enlace/").append(p).append(" |");
            }
        }
        sb.append('\n').append("|---|---|");
        sb.append("---:|".repeat(targets.size() + (hasEnlace ? peers.size() : 0)));
        sb.append('\n');
        boolean anyFlag = false;
        List<String> notes = new ArrayList<>();
        for (String row : rows) {
            String[] k = row.split("\u0000");
            sb.append("| ").append(k[0]).append(" | ").append(k[1]).append(" |");
            for (String t : targets) {
                Figure f = find(figs, k[0], k[1], t);
                String cell = f == null ? "n/a" : fmt(f.value());
                if (f != null && f.note().equals("loadgen-bound")) {
                    cell += " *";
                    anyFlag = true;
                } else if (f != null && !f.note().isEmpty()) {
                    notes.add(t + "/" + k[0] + ": " + f.note());
                }
                sb.append(' ').append(cell).append(" |");
            }
            if (hasEnlace) {
                Figure e = find(figs, k[0], k[1], "enlace");
                for (String p : peers) {
                    Figure f = find(figs, k[0], k[1], p);
                    String cell = "";
                    if (!NO_RATIO.contains(k[1]) && e != null && f != null && Double.isFinite(e.value())
                            && Double.isFinite(f.value()) && f.value() != 0) {
                        cell = String.format(Locale.ROOT, "%.2f", e.value() / f.value());
                    }
                    sb.append(' ').append(cell).append(" |");
                }
            }
            sb.append('\n');
        }
        if (anyFlag) {
            sb.append("\n\\* the load generator used ≥ 90 % of its core during this measurement (loadgen-bound): the target may be faster.\n");
        }
        for (String n : notes) {
            sb.append("\n- ").append(n);
        }
        if (!notes.isEmpty()) {
            sb.append('\n');
        }
        sb.append("\nRatios are Enlace ÷ peer: above 1 is better for throughput (per_s), below 1 is better for latency (ms), "
                + "memory (kb, mb) and CPU cost.\n");
        return sb.toString();
    }

    private static final String[][] PLOTS = {
        {Scenarios.ECHO, "acks_per_s", "echo: acks/s (higher is better)"},
        {Scenarios.ECHO, "p99_ms", "echo: p99 round trip, ms (lower is better)"},
        {Scenarios.FANOUT, "deliveries_per_s", "fan-out: deliveries/s with p99 < 100 ms"},
        {Scenarios.FANOUT, "deliveries_per_s_p99_under_1s", "fan-out: deliveries/s with p99 < 1 s"},
        {Scenarios.FANOUT, "server_cpu_us_per_delivery", "fan-out: server CPU µs per delivery (lower is better)"},
        {Scenarios.CONNECTIONS, "connects_per_s", "connections: connects/s"},
        {Scenarios.CONNECTIONS, null, "connections: heap+direct KB per connection at the largest N"},
        {Scenarios.POLLING, "acks_per_s", "polling: acks/s"},
        {Scenarios.ECHO, "server_cpu_us_per_ack", "echo: server CPU µs per ack (lower is better)"},
        {Scenarios.POLLING, "server_cpu_us_per_ack", "polling: server CPU µs per ack (lower is better)"},
    };

    private static final String[] COLORS = {"#d6452b", "#3b7dd8", "#43a047", "#8e6bbf", "#f0a202"};

    static String svg(List<Figure> figs, Bench.Options o) {
        List<String> targets = targetsOf(figs, o);
        int panelW = 460;
        int barH = 18;
        int panelH = 40 + Math.max(1, targets.size()) * (barH + 6);
        int cols = 2;
        int rows = (PLOTS.length + cols - 1) / cols;
        int width = cols * panelW + 20;
        int height = rows * panelH + 70;
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append("<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">Enlace benchmark (")
                .append(esc(o.config().mode())).append(" run) ").append(esc(meta.getOrDefault("date", ""))).append("</text>\n");
        sb.append("<text x=\"10\" y=\"38\" fill=\"#555\">").append(esc("pinned: " + meta.getOrDefault("pinned", "?")
                + "; loadavg before: " + meta.getOrDefault("loadavg before", "?"))).append("</text>\n");
        for (int i = 0; i < PLOTS.length; i++) {
            String scenario = PLOTS[i][0];
            String metric = PLOTS[i][1];
            if (metric == null) {
                metric = "mem_kb_per_conn@" + o.config().connTotal();
            }
            int x0 = 10 + (i % cols) * panelW;
            int y0 = 50 + (i / cols) * panelH;
            sb.append("<text x=\"").append(x0).append("\" y=\"").append(y0 + 16).append("\" font-weight=\"bold\">")
                    .append(esc(PLOTS[i][2])).append("</text>\n");
            double max = 0;
            for (String t : targets) {
                Figure f = find(figs, scenario, metric, t);
                if (f != null && Double.isFinite(f.value())) {
                    max = Math.max(max, f.value());
                }
            }
            int labelW = 100;
            int barMax = panelW - labelW - 90;
            for (int j = 0; j < targets.size(); j++) {
                String t = targets.get(j);
                Figure f = find(figs, scenario, metric, t);
                int y = y0 + 26 + j * (barH + 6);
                sb.append("<text x=\"").append(x0).append("\" y=\"").append(y + 13).append("\">").append(esc(t)).append("</text>\n");
                if (f == null || !Double.isFinite(f.value())) {
                    sb.append("<text x=\"").append(x0 + labelW).append("\" y=\"").append(y + 13).append("\" fill=\"#999\">n/a</text>\n");
                    continue;
                }
                int w = max <= 0 ? 0 : (int) Math.round(barMax * f.value() / max);
                sb.append("<rect x=\"").append(x0 + labelW).append("\" y=\"").append(y).append("\" width=\"").append(Math.max(1, w))
                        .append("\" height=\"").append(barH).append("\" fill=\"").append(COLORS[ALL_INDEX(t) % COLORS.length])
                        .append("\"/>\n");
                String label = fmt(f.value()) + (f.note().equals("loadgen-bound") ? " *" : "");
                sb.append("<text x=\"").append(x0 + labelW + Math.max(1, w) + 4).append("\" y=\"").append(y + 13).append("\">")
                        .append(esc(label)).append("</text>\n");
            }
        }
        sb.append("<text x=\"10\" y=\"").append(height - 8).append("\" fill=\"#555\">")
                .append(esc("* load generator at >= 90 % of its core (loadgen-bound). Generated by enlace-bench."))
                .append("</text>\n");
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static int ALL_INDEX(String t) {
        int i = Bench.ALL_TARGETS.indexOf(t);
        return i < 0 ? 4 : i;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
