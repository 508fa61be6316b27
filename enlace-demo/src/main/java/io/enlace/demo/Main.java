package io.enlace.demo;

import java.util.Arrays;

/** Entry point of the demo jar. {@code conformance [--port N]} runs {@link ConformanceApp}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "conformance".equals(args[0])) {
            ConformanceApp.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.out.println("Enlace demo: not implemented yet");
    }
}
