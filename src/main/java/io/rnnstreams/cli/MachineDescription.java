package io.rnnstreams.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a bench ran on, as reports print it: CPU, cores, JVM, heap limit, load. */
final class MachineDescription {
    private MachineDescription() {}

    static String cpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
        return System.getProperty("os.arch");
    }

    static String describe() {
        return String.format("%s, %d cores, Java %s, max heap %d MB, load %.2f", cpu(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, ProcessResources.loadAverage());
    }

    static ObjectNode toJson() {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("cpu", cpu());
        o.put("cores", Runtime.getRuntime().availableProcessors());
        o.put("java", System.getProperty("java.version"));
        o.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        o.put("loadAverageAtEnd", ProcessResources.loadAverage());
        return o;
    }
}
