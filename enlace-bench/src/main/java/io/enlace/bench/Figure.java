package io.enlace.bench;

/** One measured figure. {@code note} (may be empty) flags conditions such as "loadgen-bound". */
public record Figure(String scenario, String target, String metric, double value, String note) {

    /** The JSON line printed for this figure. */
    public String json() {
        String v = Double.isFinite(value) ? trim(value) : "null";
        return "{\"scenario\":\"" + scenario + "\",\"target\":\"" + target + "\",\"metric\":\"" + metric + "\",\"value\":" + v + "}";
    }

    static String trim(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return java.math.BigDecimal.valueOf(v).setScale(3, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
