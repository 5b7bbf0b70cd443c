package org.meanode.arbiter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.nd4j.shade.jackson.core.type.TypeReference;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

/**
 * Durable record of a search: one JSON file per candidate, {@code <dir>/candidate-<index>.json},
 * written to a temporary file and moved into place, so that a run that crashes or is killed
 * leaves every candidate finished before the crash readable and none half-written. Reading
 * needs nothing from the run that wrote it ({@link #read(Path)} in another JVM).
 *
 * <pre>{@code
 * SearchResultStore store = new SearchResultStore(outDir.resolve("records"));
 * store.write(record);                                   // from the task creator's callback
 * List<CandidateRecord> all = SearchResultStore.read(outDir.resolve("records"));
 * }</pre>
 */
public final class SearchResultStore {
    private static final String PREFIX = "candidate-";
    private static final String SUFFIX = ".json";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    /**
     * @param dir directory of the records (created if missing)
     */
    public SearchResultStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the record directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** @return the record directory */
    public Path directory() {
        return dir;
    }

    /**
     * Writes (or replaces) the record of one candidate, atomically where the file system allows.
     *
     * @param r the record
     * @return the file written
     */
    public synchronized Path write(CandidateRecord r) {
        Path target = dir.resolve(PREFIX + r.index() + SUFFIX);
        Path tmp = dir.resolve(PREFIX + r.index() + SUFFIX + ".tmp");
        try {
            Files.writeString(tmp, MAPPER.writeValueAsString(r.toMap()), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
        }
        return target;
    }

    /**
     * Reads every record of a directory, in index order. Leftover temporary files of an
     * interrupted write are ignored.
     *
     * @param dir a record directory
     * @return the records
     * @throws IllegalArgumentException if the directory does not exist or a record cannot be parsed
     */
    public static List<CandidateRecord> read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no search records at " + dir + ": the directory does not exist;"
                    + " pass the directory a search wrote (it holds " + PREFIX + "<index>" + SUFFIX + " files)");
        }
        List<CandidateRecord> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path f : files) {
                Map<String, Object> m;
                try {
                    m = MAPPER.readValue(Files.readString(f, StandardCharsets.UTF_8), new TypeReference<Map<String, Object>>() { });
                } catch (IOException | RuntimeException e) {
                    throw new IllegalArgumentException("could not read the search record " + f + ": " + e.getMessage(), e);
                }
                out.add(CandidateRecord.fromMap(m));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + dir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparingInt(CandidateRecord::index));
        return out;
    }

    /**
     * @param records records of one search
     * @return the complete ones, best (lowest score) first, then the failed ones by index
     */
    public static List<CandidateRecord> ranked(List<CandidateRecord> records) {
        List<CandidateRecord> out = new ArrayList<>(records);
        out.sort(Comparator.comparing((CandidateRecord r) -> r.status() != CandidateRecord.Status.COMPLETE)
                .thenComparing(r -> r.score() == null ? Double.POSITIVE_INFINITY : r.score())
                .thenComparingInt(CandidateRecord::index));
        return out;
    }
}
