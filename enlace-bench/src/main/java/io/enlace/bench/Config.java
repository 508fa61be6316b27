package io.enlace.bench;

/** The numbers of one benchmark mode. Every phase is bounded in count and time. */
record Config(
        String mode,
        int echoClients, int echoWindow, double echoWarmS, double echoMeasureS,
        int fanReceivers, double[] fanRates, double fanStepS, double fanDrainS, double fanP99Ms,
        int connWarm, double connWarmS, int connTotal, int connMid, int connInFlight,
        int pollClients, int pollWindow, double pollWarmS, double pollMeasureS,
        long connectTimeoutMs, boolean freshProcessPerScenario) {

    /** Full run: the numbers of issue 5 (well under 15 minutes for four targets). */
    static Config full() {
        return new Config("full",
                1000, 16, 5, 15,
                10_000, new double[] {1, 2, 3, 5, 8, 10, 12, 15, 20, 30, 50, 80, 120, 200}, 5, 2, 100,
                5000, 20, 19_000, 10_000, 256,
                1000, 16, 5, 15,
                120_000, true);
    }

    /** Quick run: same shape, smaller numbers, under 60 s for four targets. */
    static Config quick() {
        return new Config("quick",
                100, 16, 0.3, 1.0,
                300, new double[] {10, 40, 160}, 0.4, 0.3, 100,
                200, 0, 800, 400, 256,
                50, 16, 0.3, 1.0,
                15_000, false);
    }

    /** Smoke run for CI: tiny numbers, only checks that figures come out. */
    static Config smoke() {
        return new Config("smoke",
                10, 16, 0.2, 0.5,
                20, new double[] {10, 40}, 0.4, 0.3, 100,
                10, 0, 60, 30, 32,
                5, 4, 0.2, 0.5,
                15_000, false);
    }
}
