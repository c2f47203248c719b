package io.rnnstreams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BrokerCommandTest {

    @Test
    void busyPortIsAOneLineUserError() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();

            int exit = run(out, err, "broker", "--port", Integer.toString(port));

            assertEquals(2, exit);
            assertEquals("error: port " + port + " on 127.0.0.1 is already in use" + System.lineSeparator(),
                    err.toString());
            assertEquals("", out.toString());
        }
    }

    @Test
    void helpDescribesEveryOption() {
        StringWriter out = new StringWriter();
        int exit = run(out, new StringWriter(), "broker", "--help");
        assertEquals(0, exit);
        for (String option : new String[] {"--port", "--dir", "--auto-create-topics", "Ctrl-C", "(default: 9092)"}) {
            assertTrue(out.toString().contains(option), option + " missing from:\n" + out);
        }
    }

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }
}
