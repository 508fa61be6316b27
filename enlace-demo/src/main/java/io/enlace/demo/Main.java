package io.enlace.demo;

/** Entry point of the demo jar. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("Enlace demo: not implemented yet");
    }
}
