package io.enlace.demo;

import java.util.Arrays;

/**
 * Entry point of the demo jar: {@code java -jar enlace-demo.jar [--port N]} runs the {@link SeedDemo};
 * {@code conformance [--port N]} runs {@link ConformanceApp}.
 */
public final class Main {
    private Main() {}

    /** Dispatches to the app named by the first argument (default: the seed demo). */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "conformance".equals(args[0])) {
            ConformanceApp.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        SeedDemo.main(args);
    }
}
