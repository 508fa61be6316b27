package io.enlace.testing;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.fail;

/**
 * The public API of a module as text, one line per public or protected type and member, to be committed (e.g.
 * {@code enlace-core/api/enlace-core.txt}) and compared with the compiled classes by a test: any change to the API
 * is then a visible diff in the commit that makes it.
 *
 * <p>Listed: every public top-level class of the given packages and every public or protected nested type whose
 * enclosing types are listed (members of interfaces are public), with its header (modifiers, kind, type parameters,
 * superclass, interfaces, {@code @Deprecated}/{@code @FunctionalInterface}); then, indented and sorted, its declared
 * public and protected constructors, methods (no synthetic or bridge method) and fields. Records list their accessors,
 * enums their constants (as fields). Text is built from reflection's parts, never from {@code toGenericString}, so
 * that it does not depend on the JDK version.
 */
public final class ApiListing {
    private ApiListing() {}

    /**
     * The listing of the classes under {@code classesDir} (a compiled output directory) in {@code packages}, loaded
     * with {@code loader} (not initialized).
     */
    public static String of(Path classesDir, Collection<String> packages, ClassLoader loader) throws IOException {
        TreeMap<String, Class<?>> types = new TreeMap<>();
        for (String pkg : packages) {
            Path dir = classesDir.resolve(pkg.replace('.', '/'));
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    String simple = f.getFileName().toString().replaceAll("\\.class$", "");
                    if (simple.equals("package-info") || simple.equals("module-info")) continue;
                    Class<?> c;
                    try {
                        c = Class.forName(pkg + "." + simple, false, loader);
                    } catch (ClassNotFoundException e) {
                        throw new IOException(e);
                    }
                    if (listed(c)) types.put(c.getName().replace('$', '.'), c);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        for (Class<?> c : types.values()) {
            out.append(header(c)).append('\n');
            List<String> members = new ArrayList<>();
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (visible(k) && !k.isSynthetic()) members.add(executable(k, c));
            }
            for (Method m : c.getDeclaredMethods()) {
                if (visible(m) && !m.isSynthetic() && !m.isBridge()) members.add(executable(m, c));
            }
            for (Field f : c.getDeclaredFields()) {
                if (visible(f) && !f.isSynthetic()) members.add(field(f));
            }
            members.sort(null);
            for (String m : members) out.append("  ").append(m).append('\n');
        }
        return out.toString();
    }

    /**
     * Compares {@code actual} with the committed file {@code committed}. On a difference: writes {@code actual} to
     * {@code written}, and either rewrites the committed file (system property {@code enlace.api.update=true}, refused
     * under {@code CI=true}) or fails with the first differing lines and the command that updates the file.
     */
    public static void check(String actual, Path committed, Path written, String updateCommand) throws IOException {
        String expected = Files.isRegularFile(committed) ? Files.readString(committed) : "";
        if (expected.equals(actual)) return;
        Files.createDirectories(written.getParent());
        Files.writeString(written, actual);
        if (Boolean.getBoolean("enlace.api.update")) {
            if (Requirements.strict()) fail("enlace.api.update is refused under CI=true: update " + committed + " locally");
            Files.createDirectories(committed.getParent());
            Files.writeString(committed, actual);
            return;
        }
        fail("The public API differs from " + committed + " (the compiled API is in " + written + ").\n"
                + "If the change is intended, update the file with: " + updateCommand + "\n"
                + diff(expected, actual, 40));
    }

    /**
     * The lines that only one of the two listings has ({@code -} committed only, {@code +} compiled only), at most
     * {@code max}; member lines are prefixed with their type so that equal members of different types stay apart.
     */
    static String diff(String expected, String actual, int max) {
        List<String> a = qualified(expected);
        List<String> b = qualified(actual);
        Set<String> inA = new HashSet<>(a);
        Set<String> inB = new HashSet<>(b);
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (String l : a) {
            if (!inB.contains(l) && shown++ < max) out.append("- ").append(l).append('\n');
        }
        for (String l : b) {
            if (!inA.contains(l) && shown++ < max) out.append("+ ").append(l).append('\n');
        }
        if (shown > max) out.append("... and ").append(shown - max).append(" more lines\n");
        return out.toString();
    }

    private static List<String> qualified(String listing) {
        List<String> out = new ArrayList<>();
        String type = "";
        for (String l : listing.split("\n")) {
            if (l.isEmpty()) continue;
            if (l.startsWith("  ")) {
                out.add(type + " :: " + l.substring(2));
            } else {
                type = l;
                out.add(l);
            }
        }
        return out;
    }

    private static boolean listed(Class<?> c) {
        if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) return false;
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            Class<?> enclosing = k.getEnclosingClass();
            int m = k.getModifiers();
            boolean visible = Modifier.isPublic(m) || (enclosing != null
                    && (enclosing.isInterface() || Modifier.isProtected(m)));
            if (!visible) return false;
        }
        return true;
    }

    private static boolean visible(Member m) {
        Class<?> owner = m.getDeclaringClass();
        int mod = m.getModifiers();
        return Modifier.isPublic(mod) || Modifier.isProtected(mod) || (owner.isInterface() && !Modifier.isPrivate(mod));
    }

    private static String header(Class<?> c) {
        StringBuilder sb = new StringBuilder();
        if (c.isAnnotationPresent(Deprecated.class)) sb.append("@Deprecated ");
        if (c.isAnnotationPresent(FunctionalInterface.class)) sb.append("@FunctionalInterface ");
        int mod = c.getModifiers() & Modifier.classModifiers();
        String kind;
        if (c.isAnnotation()) {
            kind = "@interface";
            mod &= ~(Modifier.ABSTRACT | Modifier.STATIC);
        } else if (c.isInterface()) {
            kind = "interface";
            mod &= ~(Modifier.ABSTRACT | Modifier.STATIC);
        } else if (c.isEnum()) {
            kind = "enum";
            mod &= ~(Modifier.ABSTRACT | Modifier.FINAL | Modifier.STATIC);
        } else if (c.isRecord()) {
            kind = "record";
            mod &= ~(Modifier.FINAL | Modifier.STATIC);
        } else {
            kind = "class";
        }
        String mods = Modifier.toString(mod);
        if (!mods.isEmpty()) sb.append(mods).append(' ');
        sb.append(kind).append(' ').append(c.getName().replace('$', '.')).append(typeParameters(c.getTypeParameters()));
        Type sup = c.getGenericSuperclass();
        if (sup != null && sup != Object.class && !c.isEnum() && !c.isRecord()) sb.append(" extends ").append(name(sup));
        Type[] interfaces = c.getGenericInterfaces();
        if (interfaces.length > 0 && !c.isAnnotation()) {
            sb.append(c.isInterface() ? " extends " : " implements ");
            StringJoiner j = new StringJoiner(", ");
            for (Type t : interfaces) j.add(name(t));
            sb.append(j);
        }
        return sb.toString();
    }

    private static String executable(Executable e, Class<?> owner) {
        StringBuilder sb = new StringBuilder();
        if (e.isAnnotationPresent(Deprecated.class)) sb.append("@Deprecated ");
        int mod = e.getModifiers() & (e instanceof Method ? Modifier.methodModifiers() : Modifier.constructorModifiers());
        if (owner.isInterface()) mod |= Modifier.PUBLIC;
        if (e instanceof Method m && m.isDefault()) {
            sb.append(Modifier.toString(mod)).append(" default ");
        } else {
            String mods = Modifier.toString(mod);
            if (!mods.isEmpty()) sb.append(mods).append(' ');
        }
        String tp = typeParameters(e.getTypeParameters());
        if (!tp.isEmpty()) sb.append(tp).append(' ');
        if (e instanceof Method m) {
            sb.append(name(m.getGenericReturnType())).append(' ').append(m.getName());
        } else {
            sb.append(owner.getName().replace('$', '.'));
        }
        Type[] params = e.getGenericParameterTypes();
        if (params.length != e.getParameterCount()) params = e.getParameterTypes(); // inner-class constructors
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < params.length; i++) {
            String p = name(params[i]);
            if (e.isVarArgs() && i == params.length - 1 && p.endsWith("[]")) p = p.substring(0, p.length() - 2) + "...";
            j.add(p);
        }
        sb.append(j);
        Type[] thrown = e.getGenericExceptionTypes();
        if (thrown.length > 0) {
            StringJoiner t = new StringJoiner(", ", " throws ", "");
            for (Type x : thrown) t.add(name(x));
            sb.append(t);
        }
        return sb.toString();
    }

    private static String field(Field f) {
        StringBuilder sb = new StringBuilder();
        if (f.isAnnotationPresent(Deprecated.class)) sb.append("@Deprecated ");
        if (f.isEnumConstant()) return sb.append("enum constant ").append(f.getName()).toString();
        int mod = f.getModifiers() & Modifier.fieldModifiers();
        if (f.getDeclaringClass().isInterface()) mod |= Modifier.PUBLIC | Modifier.STATIC | Modifier.FINAL;
        String mods = Modifier.toString(mod);
        if (!mods.isEmpty()) sb.append(mods).append(' ');
        return sb.append(name(f.getGenericType())).append(' ').append(f.getName()).toString();
    }

    private static String typeParameters(TypeVariable<?>[] vars) {
        if (vars.length == 0) return "";
        StringJoiner j = new StringJoiner(", ", "<", ">");
        for (TypeVariable<?> v : vars) {
            Type[] bounds = v.getBounds();
            if (bounds.length == 1 && bounds[0] == Object.class) {
                j.add(v.getName());
            } else {
                StringJoiner b = new StringJoiner(" & ", v.getName() + " extends ", "");
                for (Type t : bounds) b.add(name(t));
                j.add(b.toString());
            }
        }
        return j.toString();
    }

    /** A type's name: nested classes with dots, generics as written. */
    private static String name(Type t) {
        if (t instanceof Class<?> c) {
            if (c.isArray()) return name(c.getComponentType()) + "[]";
            return c.getName().replace('$', '.');
        }
        if (t instanceof ParameterizedType p) {
            StringBuilder sb = new StringBuilder(name(p.getRawType()));
            StringJoiner j = new StringJoiner(", ", "<", ">");
            for (Type a : p.getActualTypeArguments()) j.add(name(a));
            return sb.append(j).toString();
        }
        if (t instanceof GenericArrayType g) return name(g.getGenericComponentType()) + "[]";
        if (t instanceof WildcardType w) {
            Type[] lower = w.getLowerBounds();
            if (lower.length > 0) return "? super " + name(lower[0]);
            Type[] upper = w.getUpperBounds();
            if (upper.length == 0 || upper[0] == Object.class) return "?";
            return "? extends " + name(upper[0]);
        }
        return t.getTypeName(); // type variables
    }
}
