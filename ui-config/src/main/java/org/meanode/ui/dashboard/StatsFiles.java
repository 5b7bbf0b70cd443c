package org.meanode.ui.dashboard;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;

/**
 * Opens DL4J {@link FileStatsStorage} files (MapDB) with errors a person can act on: DL4J
 * itself silently creates an empty store for a missing file (a blank dashboard) and reports a
 * damaged one with MapDB's internal exceptions.
 */
public final class StatsFiles {
    private StatsFiles() {
    }

    /**
     * Opens an existing storage file, e.g. one written by a training run that has ended.
     *
     * @param file the file
     * @return the open storage (close it when done)
     * @throws IllegalArgumentException naming the file, what is wrong with it and what to do:
     *                                  missing, not a regular file, empty, or not readable as a FileStatsStorage
     */
    public static FileStatsStorage openExisting(Path file) {
        Path abs = file.toAbsolutePath();
        if (!Files.exists(abs)) {
            throw new IllegalArgumentException("stats storage file " + abs + " does not exist; pass the file a training run"
                    + " wrote with FileStatsStorage (e.g. meanode monitor --storage FILE), or train first");
        }
        if (!Files.isRegularFile(abs) || !Files.isReadable(abs)) {
            throw new IllegalArgumentException("stats storage " + abs + " is not a readable regular file; pass a FileStatsStorage file");
        }
        long size;
        try {
            size = Files.size(abs);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the size of stats storage file " + abs + ": " + e.getMessage(), e);
        }
        if (size == 0) {
            throw new IllegalArgumentException("stats storage file " + abs + " is empty (0 bytes): the run that created it wrote"
                    + " nothing; delete it or pass another file");
        }
        return open(abs.toFile(), "read");
    }

    /**
     * Opens a storage file for a training run to write: creates it (and its directory) when missing,
     * adds new sessions to it when it exists.
     *
     * @param file the file
     * @return the open storage
     * @throws IllegalArgumentException when the existing file is not a readable FileStatsStorage
     */
    public static FileStatsStorage openForWriting(Path file) {
        Path abs = file.toAbsolutePath();
        try {
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the directory of stats storage file " + abs + ": " + e.getMessage(), e);
        }
        if (Files.exists(abs) && !Files.isRegularFile(abs)) {
            throw new IllegalArgumentException("stats storage " + abs + " exists and is not a regular file; pass a file path");
        }
        return open(abs.toFile(), "write");
    }

    private static FileStatsStorage open(File f, String purpose) {
        FileStatsStorage s;
        try {
            s = new FileStatsStorage(f);
            s.listSessionIDs(); // MapDB reads lazily: touch the index now
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalArgumentException("cannot " + purpose + " stats storage file " + f + ": it is not a readable DL4J"
                    + " FileStatsStorage (MapDB) file, is damaged, or is open in another process (" + describe(e)
                    + "); delete or move it, or pass another file", e);
        }
        return s;
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getSimpleName());
        if (e.getMessage() != null) {
            sb.append(": ").append(e.getMessage());
        }
        Throwable c = e.getCause();
        if (c != null && c != e) {
            sb.append("; caused by ").append(c.getClass().getSimpleName());
            if (c.getMessage() != null) {
                sb.append(": ").append(c.getMessage());
            }
        }
        return sb.toString();
    }
}
