/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupMemoryTest {
    @TempDir
    Path root;

    private void write(String relative, String content) throws Exception {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void cgroupV2ReadsTheProcessesOwnGroup() throws Exception {
        write("sys/fs/cgroup/kubepods/pod1/memory.max", "2147483648\n");
        write("sys/fs/cgroup/kubepods/pod1/memory.current", "1073741824\n");
        CgroupMemory m = CgroupMemory.locate(root, "0::/kubepods/pod1\n");
        assertThat(m.limit()).isEqualTo(2L << 30);
        assertThat(m.usage()).isEqualTo(1L << 30);
    }

    @Test
    void cgroupV2WithoutALimitReportsNone() throws Exception {
        write("sys/fs/cgroup/memory.max", "max\n");
        write("sys/fs/cgroup/memory.current", "5000\n");
        CgroupMemory m = CgroupMemory.locate(root, "0::/\n");
        assertThat(m.limit()).isNull();
        assertThat(m.usage()).isEqualTo(5000);
    }

    @Test
    void cgroupV1FallsBackToTheMountRootInsideAContainer() throws Exception {
        write("sys/fs/cgroup/memory/memory.limit_in_bytes", "536870912\n");
        write("sys/fs/cgroup/memory/memory.usage_in_bytes", "1234\n");
        CgroupMemory m = CgroupMemory.locate(root, "12:cpu,cpuacct:/docker/abc\n4:memory:/docker/abc\n");
        assertThat(m.limit()).isEqualTo(512L << 20);
        assertThat(m.usage()).isEqualTo(1234);
    }

    @Test
    void cgroupV1UnlimitedIsNone() throws Exception {
        write("sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n");
        write("sys/fs/cgroup/memory/memory.usage_in_bytes", "1\n");
        assertThat(CgroupMemory.locate(root, "4:memory:/\n").limit()).isNull();
    }

    @Test
    void noCgroupMeansNothingKnown() {
        CgroupMemory m = CgroupMemory.locate(root, null);
        assertThat(m.limit()).isNull();
        assertThat(m.usage()).isNull();
    }
}
