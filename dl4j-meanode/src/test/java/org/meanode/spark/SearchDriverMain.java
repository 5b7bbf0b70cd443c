package org.meanode.spark;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A search driver that dies abruptly (Runtime.halt: no shutdown hook, no cleanup, tasks in flight)
 * right after its {@code args[1]}-th record: the "driver killed" half of the resume test.
 */
public final class SearchDriverMain {
    private SearchDriverMain() {
    }

    /** @param args records directory, number of records after which to die */
    public static void main(String[] args) {
        Path records = Path.of(args[0]);
        int dieAfter = Integer.parseInt(args[1]);
        AtomicInteger n = new AtomicInteger();
        JavaSparkContext sc = LocalSpark.start("local[2]", false);
        SearchFixture.search(records, r -> {
            if (n.incrementAndGet() >= dieAfter) {
                Runtime.getRuntime().halt(137);
            }
        }).run(sc);
        Runtime.getRuntime().halt(0); // should not get here before dieAfter records
    }
}
