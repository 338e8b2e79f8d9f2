package org.alliance.ledger.core.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.alliance.ledger.core.codec.CanonicalJson;
import org.alliance.ledger.core.codec.JsonInputException;

/**
 * An auditor's view exported as one verifiable unit: the view as the service served it, whole
 * (every page), and the evidence bundle of every record it cites.
 *
 * <p>Parsing checks the shape only, including the view's members for its {@link Kind} (an
 * unknown member is refused, so that nothing in the view escapes both checking and the list of
 * computed facts); {@link PackageVerifier} judges the values.
 *
 * @param packageVersion the format version, {@value #VERSION}
 * @param kind which view this is
 * @param subject the case id, certificate id or recognition target id the view is about
 * @param view the view JSON
 * @param bundles one bundle per cited record
 */
public record EvidencePackage(int packageVersion, Kind kind, String subject, JsonNode view, List<EvidenceBundle> bundles) {
    /** The package format version this code writes and reads. */
    public static final int VERSION = 1;
    /** The most bundles one package holds: a view longer than this must be exported in parts. */
    public static final int MAX_BUNDLES = 1000;
    /** The largest package accepted (32 MiB); each bundle in it is also held to its own limit. */
    public static final int MAX_BYTES = 32 * 1024 * 1024;

    /** The exportable views. */
    public enum Kind {
        /** {@code GET /api/audit/cases/{id}/timeline}: a case's steps. */
        CASE_TIMELINE,
        /** {@code GET /api/audit/certificates/{id}/history}: a certificate's changes. */
        CERTIFICATE_HISTORY,
        /** {@code GET /api/audit/recognitions?targetId=}: who recognised or refused a target. */
        RECOGNITIONS
    }

    /** Checks the version and shape, and copies the parts. */
    public EvidencePackage {
        if (packageVersion != VERSION) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED,
                    "packageVersion " + packageVersion + " is not supported (expected " + VERSION + ")");
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(view, "view");
        PackageViews.checkShape(kind, view);
        view = view.deepCopy();
        bundles = List.copyOf(bundles);
        if (bundles.size() > MAX_BUNDLES) {
            throw new JsonInputException(JsonInputException.Kind.TOO_LARGE,
                    bundles.size() + " bundles exceed the limit of " + MAX_BUNDLES);
        }
    }

    @Override
    public JsonNode view() {
        return view.deepCopy();
    }

    /**
     * Parses a package.
     *
     * @param json the package's UTF-8 JSON, in any formatting
     * @return the package
     * @throws JsonInputException if it is not JSON of the package's shape
     */
    public static EvidencePackage parse(byte[] json) {
        return fromJson(ContainerJson.parse(json, MAX_BYTES));
    }

    /**
     * Reads a package from an already parsed document.
     *
     * @param root the document
     * @return the package
     * @throws JsonInputException if it is not of the package's shape
     */
    public static EvidencePackage fromJson(JsonNode root) {
        ContainerJson.object(root, "package", Set.of("packageVersion", "kind", "subject", "view", "bundles"), Set.of());
        long version = ContainerJson.count(root, "package", "packageVersion");
        String kindName = ContainerJson.text(root, "package", "kind");
        Kind kind;
        try {
            kind = Kind.valueOf(kindName);
        } catch (IllegalArgumentException e) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED, "package.kind '" + kindName
                    + "' is not known (expected CASE_TIMELINE, CERTIFICATE_HISTORY or RECOGNITIONS)", e);
        }
        JsonNode bundlesNode = root.get("bundles");
        if (!bundlesNode.isArray()) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED, "package.bundles must be an array");
        }
        if (bundlesNode.size() > MAX_BUNDLES) {
            throw new JsonInputException(JsonInputException.Kind.TOO_LARGE,
                    bundlesNode.size() + " bundles exceed the limit of " + MAX_BUNDLES);
        }
        List<EvidenceBundle> bundles = new ArrayList<>();
        for (JsonNode b : bundlesNode) {
            // Through the bundle's own parser, so each bundle meets exactly the rules of a lone bundle file.
            bundles.add(EvidenceBundle.parse(CanonicalJson.canonicalize(b)));
        }
        return new EvidencePackage((int) Math.min(version, Integer.MAX_VALUE), kind,
                ContainerJson.text(root, "package", "subject"), root.get("view"), bundles);
    }

    /**
     * The package as JSON.
     *
     * @return a new tree
     */
    public JsonNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("packageVersion", packageVersion);
        n.put("kind", kind.name());
        n.put("subject", subject);
        n.set("view", view.deepCopy());
        ArrayNode list = n.putArray("bundles");
        bundles.forEach(b -> list.add(b.toJson()));
        return n;
    }

    /**
     * The package's canonical JSON, the form in which it is exported.
     *
     * @return canonical UTF-8 JSON
     */
    public byte[] toCanonicalJson() {
        return CanonicalJson.canonicalize(toJson());
    }
}
