package org.alliance.ledger.cli;

import static org.alliance.ledger.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * What {@code alliance found} and {@code alliance admit} do with bad input and with instances that
 * do not answer, before they act. What they do with answering instances is run on the real
 * alliance on Fabric (the identity service's fabric suite: founding at start-up, and a region
 * that joins and is admitted).
 */
class AllianceCommandsInputTest {
    @Test
    void admitWithoutTheNewRegionsCodeIsAUsageError() {
        CliRun r = run("alliance", "admit", "--instance", "http://127.0.0.1:1", "--new-member", "http://127.0.0.1:2",
                "--region-name", "Xiamen, Fujian");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--region-code");
    }

    @Test
    void aTimeoutBelowOneSecondIsRefused() {
        for (String command : new String[] {"found", "admit"}) {
            CliRun r = command.equals("found")
                    ? run("alliance", "found", "--instance", "http://127.0.0.1:1", "--timeout", "0")
                    : run("alliance", "admit", "--instance", "http://127.0.0.1:1", "--new-member", "http://127.0.0.1:2",
                            "--region-code", "3502", "--region-name", "Xiamen", "--timeout", "0");
            r.fails(ExitCodes.USAGE);
            assertThat(r.err()).contains("--timeout must be at least 1 second");
        }
    }

    @Test
    void anInstanceThatDoesNotAnswerIsWaitedForUntilTheTimeoutAndNamed() throws IOException {
        int port;
        // A port that was free a moment ago: nothing listens there.
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun r = run("alliance", "admit", "--instance", "http://127.0.0.1:" + port, "--new-member",
                "http://127.0.0.1:" + port, "--region-code", "3502", "--region-name", "Xiamen", "--timeout", "1");
        r.fails(ExitCodes.INVALID);
        assertThat(r.err()).contains("gave up waiting for http://127.0.0.1:" + port + " to answer after 1 s")
                .contains("ConnectException");
    }
}
