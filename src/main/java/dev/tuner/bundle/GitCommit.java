package dev.tuner.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The commit a project directory is checked out at, read from {@code .git} directly (HEAD, loose refs,
 * packed-refs; worktrees' {@code gitdir:} files and {@code commondir}), so no git binary is needed.
 */
final class GitCommit {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");

    private GitCommit() {
    }

    /** The commit of the repository containing {@code dir} (searched upwards), or empty. */
    static Optional<String> of(Path dir) {
        try {
            for (Path d = dir.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
                Path git = d.resolve(".git");
                if (Files.isDirectory(git)) {
                    return resolve(git);
                }
                if (Files.isRegularFile(git)) {
                    String line = Files.readString(git, StandardCharsets.UTF_8).strip();
                    if (line.startsWith("gitdir:")) {
                        return resolve(d.resolve(line.substring("gitdir:".length()).strip()).normalize());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<String> resolve(Path gitDir) throws IOException {
        String head = Files.readString(gitDir.resolve("HEAD"), StandardCharsets.UTF_8).strip();
        if (HASH.matcher(head).matches()) {
            return Optional.of(head);
        }
        if (!head.startsWith("ref:")) {
            return Optional.empty();
        }
        String ref = head.substring(4).strip();
        Path common = gitDir;
        Path commonFile = gitDir.resolve("commondir");
        if (Files.isRegularFile(commonFile)) {
            common = gitDir.resolve(Files.readString(commonFile, StandardCharsets.UTF_8).strip()).normalize();
        }
        for (Path base : new Path[]{gitDir, common}) {
            Path loose = base.resolve(ref);
            if (Files.isRegularFile(loose)) {
                String hash = Files.readString(loose, StandardCharsets.UTF_8).strip();
                if (HASH.matcher(hash).matches()) {
                    return Optional.of(hash);
                }
            }
        }
        Path packed = common.resolve("packed-refs");
        if (Files.isRegularFile(packed)) {
            for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                String[] parts = line.strip().split(" ");
                if (parts.length == 2 && parts[1].equals(ref) && HASH.matcher(parts[0]).matches()) {
                    return Optional.of(parts[0]);
                }
            }
        }
        return Optional.empty();
    }
}
