package io.s3bulkrestore.benchmarks.coldstart;

import io.s3bulkrestore.benchmarks.coldstart.launch.ColdStartLauncher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Copies the launcher package (and nothing else of this module) into a directory of its own, so a cold start's
 * classpath is the function's zip plus exactly the launcher.
 */
final class LauncherClasses {

    private LauncherClasses() {
    }

    /** @return the directory to put on the child JVM's classpath */
    static Path copyTo(Path root) {
        String packagePath = ColdStartLauncher.class.getPackageName().replace('.', '/');
        URL self = ColdStartLauncher.class.getResource(ColdStartLauncher.class.getSimpleName() + ".class");
        if (self == null) {
            throw new IllegalStateException("cannot find the launcher's class file");
        }
        try {
            Path target = Files.createDirectories(root.resolve(packagePath));
            URI uri = self.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    copyClasses(jar.getPath(packagePath), target);
                }
            } else {
                copyClasses(Path.of(uri).getParent(), target);
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the launcher classes", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyClasses(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    Files.copy(in, to.resolve(file.getFileName().toString()));
                }
            }
        }
    }
}
