package org.alliance.ledger.service.identity.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.alliance.ledger.face.AnalysisMode;
import org.alliance.ledger.face.FaceAnalysis;
import org.alliance.ledger.face.FaceEngine;
import org.alliance.ledger.face.ImageRejectedException;
import org.alliance.ledger.service.problem.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Analyses the images of one check, on a small shared pool so that one check's images use all
 * cores ({@code alliance.identity.face.parallelism}, default the number of processors; 1 analyses
 * in the request thread). The pool is shared by all requests and no larger than the cores, so
 * under concurrent checks it queues work instead of oversubscribing the CPU: each ONNX session
 * already runs single-threaded (face-engine/docs/face-engine.md).
 *
 * <p>An image may be guided by an earlier one of the same capture (a flash frame by the neutral
 * frame): it is analysed once that one is, with its face as the hint
 * ({@link FaceEngine#analyse(byte[], AnalysisMode, org.alliance.ledger.face.FaceBox)}).
 *
 * <p>An unusable image is refused as the sequential pipeline would refuse it: the first bad image
 * in request order decides the reason, whatever finished first.
 */
@Component
public class ImageAnalyser implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ImageAnalyser.class);
    private final FaceEngine engine;
    private final ExecutorService pool;

    /**
     * Creates the analyser.
     *
     * @param engine the face engine
     * @param parallelism how many images to analyse at once; 0 means one per processor
     */
    public ImageAnalyser(FaceEngine engine, @Value("${alliance.identity.face.parallelism:0}") int parallelism) {
        if (parallelism < 0) {
            throw new IllegalArgumentException("alliance.identity.face.parallelism must be 0 (one per processor) or more");
        }
        int threads = parallelism == 0 ? Runtime.getRuntime().availableProcessors() : parallelism;
        this.engine = engine;
        AtomicInteger n = new AtomicInteger();
        this.pool = threads <= 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "face-analysis-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        LOG.info("identity checks analyse up to {} image(s) at once", Math.max(1, threads));
    }

    /**
     * One image to analyse.
     *
     * @param image the encoded image
     * @param part the request part it came from, named in a refusal
     * @param mode the signals to measure
     * @param guide the index of an earlier job of the same capture whose face shows where to look,
     *        or -1
     */
    public record Job(byte[] image, String part, AnalysisMode mode, int guide) {
        /** Checks the guide. */
        public Job {
            if (guide < -1) {
                throw new IllegalArgumentException("guide must be an earlier job's index or -1");
            }
        }

        /**
         * A job no other image guides.
         *
         * @param image the encoded image
         * @param part the request part it came from
         * @param mode the signals to measure
         */
        public Job(byte[] image, String part, AnalysisMode mode) {
            this(image, part, mode, -1);
        }
    }

    /**
     * Analyses the images, in parallel where configured.
     *
     * @param jobs the images, in request order
     * @return their analyses, in the same order
     * @throws ApiException for the first unusable image in request order
     */
    public List<FaceAnalysis> analyseAll(List<Job> jobs) {
        for (int i = 0; i < jobs.size(); i++) {
            if (jobs.get(i).guide() >= i) {
                throw new IllegalArgumentException("job " + i + " is guided by a job that is not earlier");
            }
        }
        List<FaceAnalysis> out = new ArrayList<>(jobs.size());
        if (pool == null) {
            for (Job job : jobs) {
                out.add(analyse(job, job.guide() < 0 ? null : out.get(job.guide())));
            }
            return out;
        }
        // A guided job waits for its guide without holding a thread; a refused guide refuses it too,
        // and the guide, earlier in request order, is the one reported.
        List<CompletableFuture<FaceAnalysis>> futures = new ArrayList<>(jobs.size());
        for (Job job : jobs) {
            futures.add(job.guide() < 0 ? CompletableFuture.supplyAsync(() -> analyse(job, null), pool)
                    : futures.get(job.guide()).thenApplyAsync(guide -> analyse(job, guide), pool));
        }
        try {
            for (Future<FaceAnalysis> future : futures) {
                out.add(future.get());
            }
            return out;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("face analysis failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while analysing faces", e);
        } catch (CancellationException e) {
            throw new IllegalStateException("face analysis was cancelled", e);
        } finally {
            // Work for images after a refused one is wasted; stop what has not started.
            futures.forEach(f -> f.cancel(false));
        }
    }

    private FaceAnalysis analyse(Job job, FaceAnalysis guide) {
        try {
            return guide == null ? engine.analyse(job.image(), job.mode())
                    : engine.analyse(job.image(), job.mode(), guide.box());
        } catch (ImageRejectedException e) {
            HttpStatus status = switch (e.reason()) {
                case NOT_AN_IMAGE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
                case TRUNCATED -> HttpStatus.BAD_REQUEST;
                case TOO_MANY_PIXELS, DECOMPRESSION_BOMB -> HttpStatus.CONTENT_TOO_LARGE;
                case NO_FACE, MULTIPLE_FACES, LOW_QUALITY -> HttpStatus.UNPROCESSABLE_CONTENT;
            };
            throw new ApiException(status, e.reason().name(), job.part() + ": " + e.getMessage(),
                    Map.of("field", job.part()));
        }
    }

    /**
     * Stops the pool's threads: work not started is dropped, and the analyses running (a refused
     * check's later images go on after the refusal) get a few seconds to end before the engine
     * they use is closed.
     */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
            try {
                if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.warn("face analyses still running after 10 s at shutdown");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
