package io.orderflow.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadOptionsTest {

    @TempDir
    Path store;

    @Test
    void aStoreAnEarlierRunLeftIsReplayedTheGivenNumberOfTimes() throws IOException {
        Files.createDirectories(store.resolve("postgres"));

        var options = LoadOptions.parse(new String[] {"--store", store.toString(), "--replays", "3"});

        assertThat(options.store()).isEqualTo(store);
        assertThat(options.replays()).isEqualTo(3);
        assertThat(options.replay()).isTrue();
    }

    @Test
    void cannotReplayADirectoryNoRunLeftOrAStoreOfAnotherInstance() throws IOException {
        assertThatIllegalArgumentException().isThrownBy(() -> LoadOptions.parse(new String[] {"--store", store.toString()}))
                .withMessageContaining("no postgres/");

        Files.createDirectories(store.resolve("postgres"));
        assertThatIllegalArgumentException().isThrownBy(() -> LoadOptions.parse(new String[] {"--store", store.toString(),
                        "--target", "http://localhost:8080", "--db", "jdbc:postgresql://localhost/orderflow"}))
                .withMessageContaining("not with --target");
        assertThatIllegalArgumentException().isThrownBy(() -> LoadOptions.parse(new String[] {"--store", store.toString(),
                        "--nodes", "2"}))
                .withMessageContaining("not with --target or --nodes");
    }

    @Test
    void aRunWithoutAStoreOffersLoadAndReplaysOnlyWhenAsked() {
        var options = LoadOptions.parse(new String[] {"--scenario", "catalog", "--rate", "20"});

        assertThat(options.store()).isNull();
        assertThat(options.replay()).isFalse();
        assertThat(LoadOptions.parse(new String[] {"--replay"}).replay()).isTrue();
    }
}
