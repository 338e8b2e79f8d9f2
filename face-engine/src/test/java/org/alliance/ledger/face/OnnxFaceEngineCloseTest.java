package org.alliance.ledger.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Closing the engine while analyses run (a service shutting down mid-check: the check's pool still
 * works on images after the request was refused) waits for the runs in flight and refuses later
 * ones. ONNX Runtime frees a session's native memory even while a run uses it, which crashed the
 * whole JVM with SIGSEGV.
 */
class OnnxFaceEngineCloseTest {
    private static final int THREADS = 3;

    @Test
    void closeWaitsForRunningAnalysesAndLaterOnesAreRefused() throws Exception {
        byte[] image = FaceTestData.bytes("obama.jpg");
        OnnxFaceEngine engine = OnnxFaceEngine.fromClasspath();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        AtomicInteger analysed = new AtomicInteger();
        CountDownLatch firstAnalysed = new CountDownLatch(1);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                workers.add(pool.submit(() -> {
                    // Bounded: at most 200 analyses, and each ends once the engine is closed.
                    for (int n = 0; n < 200; n++) {
                        try {
                            engine.analyse(image);
                            analysed.incrementAndGet();
                            firstAnalysed.countDown();
                        } catch (IllegalStateException closed) {
                            assertThat(closed).hasMessage("face engine is closed");
                            return null;
                        }
                    }
                    return null;
                }));
            }
            // Warm by then, every worker is in the middle of an analysis when the engine closes.
            assertThat(firstAnalysed.await(60, TimeUnit.SECONDS)).isTrue();
            engine.close();
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            engine.close();
        }
        assertThat(analysed.get()).isPositive();
        assertThatThrownBy(() -> engine.analyse(image)).isInstanceOf(IllegalStateException.class)
                .hasMessage("face engine is closed");
    }
}
