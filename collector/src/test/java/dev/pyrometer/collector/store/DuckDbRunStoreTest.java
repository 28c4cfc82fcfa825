package dev.pyrometer.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbRunStoreTest extends RunStoreContract {
    @TempDir
    Path dir;
    private DuckDbRunStore store;

    @Override
    protected JdbcRunStore store() {
        store = DuckDbRunStore.open(dir.resolve("runs.duckdb"));
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void dataSurvivesReopeningTheFile() throws Exception {
        JdbcRunStore s = store();
        s.append(stored(new dev.pyrometer.collector.timeline.SyntheticRun().build(), 0), List.of());
        s.close();
        store = DuckDbRunStore.open(dir.resolve("runs.duckdb"));
        assertThat(store.events("app-20261121-0001")).isNotEmpty();
    }
}
