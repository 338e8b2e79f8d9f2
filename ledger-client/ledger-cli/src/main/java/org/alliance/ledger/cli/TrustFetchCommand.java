package org.alliance.ledger.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.alliance.ledger.core.bundle.TrustBundle;
import org.alliance.ledger.core.ledger.AtomicFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trust fetch}: downloads a service instance's trust bundle, verifies it, writes it and
 * prints what it vouches for. Exit 0 when written, 1 when unreachable, refused or not valid
 * (nothing written), 2 for bad usage.
 */
@Command(name = "fetch",
        description = {"Download an alliance member's trust bundle (GET /api/trust), verify it, write it and print "
                + "its members, their record keys' validity, the CA certificates' validity and the agreement's fingerprint.",
            "The bundle holds every record of the agreement in force, each member's signature over it, and the "
                + "serving member's signature over the whole file: it is refused if a signature does not verify or the "
                + "server is not a member. Whether the agreement is your alliance's is for you to confirm: compare the "
                + "printed fingerprint with the one the alliance publishes, or pass it as --expect-agreement.",
            "Exit status: 0 written, 1 unreachable, refused or not valid (nothing written), 2 bad usage."})
public final class TrustFetchCommand extends CliCommand {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Parameters(paramLabel = "URL", description = "the service, for example http://127.0.0.1:8080 (or its /api/trust URL)")
    private String url;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "trust.json",
            description = "where to write the bundle (default: ${DEFAULT-VALUE})")
    private Path output;

    @Option(names = "--agreement", paramLabel = "ID", description = "the agreement, when not the service's default")
    private String agreement;

    @Option(names = "--expect-agreement", paramLabel = "HASH",
            description = "the fingerprint (ALG:HEX of version 1's proposal) or the in-force hash you expect; "
                    + "another agreement is refused")
    private String expectAgreement;

    @Override
    protected int run() {
        URI uri = trustUri();
        byte[] body = download(uri);
        TrustBundle bundle = TrustFiles.verified(body, uri.toString(), expectAgreement);
        try {
            AtomicFile.write(output, bundle.toCanonicalJson());
        } catch (IOException e) {
            throw CliFailure.input("cannot write " + output + ": " + e.getMessage(), e);
        }
        println("wrote " + output + ": a valid trust bundle from " + uri);
        TrustFiles.describe(bundle).forEach(this::println);
        println("verify evidence with: verify-bundle --trust " + output + " BUNDLE.json");
        return ExitCodes.OK;
    }

    /** The URL as given when it names the endpoint, else the endpoint under it. */
    private URI trustUri() {
        URI base;
        try {
            base = new URI(url);
        } catch (URISyntaxException e) {
            throw CliFailure.input("URL " + url + " is not a URL: " + e.getMessage(), e);
        }
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme()) || base.getHost() == null) {
            throw CliFailure.input("URL " + url + " is not an http or https URL with a host", null);
        }
        String path = base.getPath() == null ? "" : base.getPath();
        String full = path.endsWith("/api/trust") ? url : url.replaceAll("/+$", "") + "/api/trust";
        if (agreement != null) {
            full += (full.contains("?") ? "&" : "?") + "agreement=" + URLEncoder.encode(agreement, StandardCharsets.UTF_8);
        }
        return URI.create(full);
    }

    private static byte[] download(URI uri) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build()) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                String detail = new String(r.body(), StandardCharsets.UTF_8).strip();
                throw CliFailure.invalid(uri + " answered HTTP " + r.statusCode()
                        + (detail.isEmpty() ? "" : ": " + detail.substring(0, Math.min(300, detail.length())))
                        + "; is it an alliance member's service?");
            }
            return r.body();
        } catch (IOException e) {
            throw CliFailure.invalid("cannot fetch " + uri + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.invalid("interrupted while fetching " + uri);
        }
    }
}
