package org.hypertower.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticImagesTest {

    @Test
    void theWrittenFolderLoadsAsMnistWithEveryClass(@TempDir Path dir) throws Exception {
        Path folder = SyntheticImages.writeMnist(dir, 200, 50, 7);
        DataSplit split = ImageDatasets.load(DatasetId.MNIST, new DataLocator(Optional.of(folder)), false);
        assertEquals(200, split.train().size());
        assertEquals(50, split.test().size());
        assertArrayEquals(new long[] {1, 28, 28}, split.train().exampleShape());
        assertEquals(10, java.util.Arrays.stream(split.train().labels()).distinct().count(), "every class occurs");
    }
}
