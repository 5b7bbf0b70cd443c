package org.meanode.examples;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code --out} rule every command follows (the {@code search} command's): the directory is
 * created if missing; a path that is a file, or a place that cannot be created or written, is an
 * {@link IllegalArgumentException} with one line naming the path and the fix; and finished results
 * already there (the command's own files) are kept unless {@code --overwrite} is given.
 */
public final class OutputDirectory {
    private OutputDirectory() {
    }

    /**
     * @param out       the --out directory
     * @param overwrite whether results already there may be replaced
     * @param command   the command's name, for the message
     * @param products  the files this command writes there (checked for earlier results)
     * @return out, created and writable
     * @throws IllegalArgumentException naming the path and the fix when out is unusable or holds results
     */
    public static Path prepare(Path out, boolean overwrite, String command, String... products) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file, not a directory; pass a directory"
                    + " (it is created if missing)");
        }
        try {
            Files.createDirectories(out);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("--out " + out + ": " + e.getFile() + " is a file, not a directory; pass a"
                    + " directory path (it is created if missing)", e);
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException("--out " + out + " cannot be created (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); pass a directory you can write to", e);
        }
        if (!Files.isWritable(out)) {
            throw new IllegalArgumentException("--out " + out + " is not writable; pass a directory you can write to");
        }
        List<String> found = Stream.of(products).filter(p -> Files.exists(out.resolve(p))).toList();
        if (!found.isEmpty() && !overwrite) {
            throw new IllegalArgumentException("--out " + out + " already holds results of `" + command + "` ("
                    + String.join(", ", found) + "); pass another --out, or --overwrite to replace them");
        }
        return out;
    }
}
