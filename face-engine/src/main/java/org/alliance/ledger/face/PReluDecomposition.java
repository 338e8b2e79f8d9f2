package org.alliance.ledger.face;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.UnknownFieldSet.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites an ONNX model so that every {@code PRelu} with a constant float slope {@code s} becomes
 * {@code s·x + (1 − s)·Relu(x)}: the same function (to float rounding, a few 1e-7 on the embedding),
 * built from operators that ONNX Runtime's CPU provider fuses into the preceding convolution.
 *
 * <p>Why: ONNX Runtime 1.29 runs {@code PRelu} as a generic broadcasting kernel outside its
 * blocked (NCHWc) convolution layout, so each one costs a layout reorder and an unvectorised
 * pass. In the shipped 512-d embedding model its 33 {@code PRelu} nodes took 47 % of the model's
 * time; decomposed, the model ran 1.7x faster (identity-service/docs/benchmark.md). The rewrite
 * is done in memory at load time, after the file's checksum has been verified, so the manifest's
 * sha256 still names the file as published.
 *
 * <p>The model is edited at the protobuf wire level, without ONNX's generated classes: only the
 * graph's node list and one added initializer are rebuilt; every other field is carried over as
 * read. A node is left as it is unless it is a default-domain {@code PRelu} with one input
 * {@code x}, a slope that is a FLOAT initializer, and one output, in a model whose default opset
 * (7 or later) has numpy-style broadcasting.
 */
final class PReluDecomposition {
    // Field numbers from onnx.proto.
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int OPSET_DOMAIN = 1;
    private static final int OPSET_VERSION = 2;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int GRAPH_VALUE_INFO = 13;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_DOMAIN = 7;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int VALUE_INFO_NAME = 1;
    private static final int FLOAT = 1;
    /** Broadcasting without the legacy {@code broadcast} attribute arrived in opset 7. */
    private static final int MIN_OPSET = 7;

    /**
     * The rewritten model.
     *
     * @param model the model bytes to load (the input itself when nothing was rewritten)
     * @param decomposed how many {@code PRelu} nodes were replaced
     */
    record Result(byte[] model, int decomposed) {
    }

    /** A graph node as read, with its input and output names decoded once. */
    private record Node(UnknownFieldSet fields, List<String> inputs, List<String> outputs) {
    }

    private PReluDecomposition() {
    }

    /**
     * Decomposes the model's {@code PRelu} nodes.
     *
     * @param model a serialised ONNX {@code ModelProto}
     * @return the rewritten model, or the input unchanged when no node qualifies
     * @throws IllegalArgumentException if the bytes are not a protobuf message
     */
    static Result apply(byte[] model) {
        try {
            return rewrite(model);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
        }
    }

    private static Result rewrite(byte[] bytes) throws InvalidProtocolBufferException {
        UnknownFieldSet model = UnknownFieldSet.parseFrom(bytes);
        List<ByteString> graphs = lengthDelimited(model, MODEL_GRAPH);
        if (graphs.size() != 1 || defaultOpset(model) < MIN_OPSET) {
            return new Result(bytes, 0);
        }
        UnknownFieldSet graph = UnknownFieldSet.parseFrom(graphs.get(0));
        Map<String, Long> initializerTypes = new HashMap<>();
        Set<String> names = new HashSet<>();
        for (ByteString tensor : lengthDelimited(graph, GRAPH_INITIALIZER)) {
            UnknownFieldSet t = UnknownFieldSet.parseFrom(tensor);
            String name = string(t, TENSOR_NAME);
            List<Long> type = t.getField(TENSOR_DATA_TYPE).getVarintList();
            initializerTypes.put(name, type.isEmpty() ? 0L : type.get(0));
            names.add(name);
        }
        for (int field : new int[] {GRAPH_INPUT, GRAPH_OUTPUT, GRAPH_VALUE_INFO}) {
            for (ByteString info : lengthDelimited(graph, field)) {
                names.add(string(UnknownFieldSet.parseFrom(info), VALUE_INFO_NAME));
            }
        }
        List<ByteString> nodes = lengthDelimited(graph, GRAPH_NODE);
        List<Node> parsed = new ArrayList<>(nodes.size());
        for (ByteString bytesOfNode : nodes) {
            UnknownFieldSet fields = UnknownFieldSet.parseFrom(bytesOfNode);
            Node node = new Node(fields, strings(fields, NODE_INPUT), strings(fields, NODE_OUTPUT));
            parsed.add(node);
            names.addAll(node.inputs());
            names.addAll(node.outputs());
        }
        String prefix = freshPrefix(names);
        String one = prefix + "one";
        List<ByteString> rewritten = new ArrayList<>(nodes.size());
        int decomposed = 0;
        for (int i = 0; i < nodes.size(); i++) {
            Node node = parsed.get(i);
            if (!qualifies(node, initializerTypes)) {
                rewritten.add(nodes.get(i));
                continue;
            }
            String x = node.inputs().get(0);
            String slope = node.inputs().get(1);
            String y = node.outputs().get(0);
            String name = string(node.fields(), NODE_NAME);
            String label = name.isEmpty() ? y : name;
            String t = prefix + decomposed + "/";
            rewritten.add(node(label + "/one_minus_slope", "Sub", List.of(one, slope), t + "one_minus_slope"));
            rewritten.add(node(label + "/relu", "Relu", List.of(x), t + "relu"));
            rewritten.add(node(label + "/slope_x", "Mul", List.of(x, slope), t + "slope_x"));
            rewritten.add(node(label + "/scaled_relu", "Mul", List.of(t + "relu", t + "one_minus_slope"),
                    t + "scaled_relu"));
            rewritten.add(node(label + "/sum", "Add", List.of(t + "slope_x", t + "scaled_relu"), y));
            decomposed++;
        }
        if (decomposed == 0) {
            return new Result(bytes, 0);
        }
        // addField replaces the field's old values; mergeField appends to them.
        UnknownFieldSet newGraph = graph.toBuilder()
                .addField(GRAPH_NODE, lengthDelimitedField(rewritten))
                .mergeField(GRAPH_INITIALIZER, lengthDelimitedField(List.of(floatScalarOne(one))))
                .build();
        UnknownFieldSet newModel = model.toBuilder()
                .addField(MODEL_GRAPH, lengthDelimitedField(List.of(newGraph.toByteString())))
                .build();
        return new Result(newModel.toByteArray(), decomposed);
    }

    private static boolean qualifies(Node node, Map<String, Long> initializerTypes) {
        String domain = string(node.fields(), NODE_DOMAIN);
        return "PRelu".equals(string(node.fields(), NODE_OP_TYPE))
                && (domain.isEmpty() || "ai.onnx".equals(domain))
                && node.inputs().size() == 2 && node.outputs().size() == 1
                && Long.valueOf(FLOAT).equals(initializerTypes.get(node.inputs().get(1)));
    }

    /** The default domain's opset version, or 0 when the model declares none. */
    private static long defaultOpset(UnknownFieldSet model) throws InvalidProtocolBufferException {
        for (ByteString entry : lengthDelimited(model, MODEL_OPSET_IMPORT)) {
            UnknownFieldSet opset = UnknownFieldSet.parseFrom(entry);
            String domain = string(opset, OPSET_DOMAIN);
            List<Long> version = opset.getField(OPSET_VERSION).getVarintList();
            if ((domain.isEmpty() || "ai.onnx".equals(domain)) && !version.isEmpty()) {
                return version.get(0);
            }
        }
        return 0;
    }

    /** A name prefix that no tensor of the graph starts with, so added tensors cannot clash. */
    private static String freshPrefix(Set<String> names) {
        for (int k = 0;; k++) {
            String prefix = "prelu_decomposition_" + k + "/";
            if (names.stream().noneMatch(n -> n.startsWith(prefix))) {
                return prefix;
            }
        }
    }

    private static ByteString node(String name, String opType, List<String> inputs, String output) {
        UnknownFieldSet.Builder node = UnknownFieldSet.newBuilder()
                .addField(NODE_INPUT, stringsField(inputs))
                .addField(NODE_OUTPUT, stringsField(List.of(output)))
                .addField(NODE_NAME, stringsField(List.of(name)))
                .addField(NODE_OP_TYPE, stringsField(List.of(opType)));
        return node.build().toByteString();
    }

    private static ByteString floatScalarOne(String name) {
        byte[] one = ByteBuffer.allocate(Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).putFloat(1f).array();
        return UnknownFieldSet.newBuilder()
                .addField(TENSOR_DIMS, Field.newBuilder().addVarint(1).build())
                .addField(TENSOR_DATA_TYPE, Field.newBuilder().addVarint(FLOAT).build())
                .addField(TENSOR_NAME, stringsField(List.of(name)))
                .addField(TENSOR_RAW_DATA, lengthDelimitedField(List.of(ByteString.copyFrom(one))))
                .build().toByteString();
    }

    private static List<ByteString> lengthDelimited(UnknownFieldSet message, int field) {
        return message.hasField(field) ? message.getField(field).getLengthDelimitedList() : List.of();
    }

    private static List<String> strings(UnknownFieldSet message, int field) {
        return lengthDelimited(message, field).stream().map(b -> b.toString(StandardCharsets.UTF_8)).toList();
    }

    /** A singular string field: the last occurrence wins, as protobuf parsers read it. */
    private static String string(UnknownFieldSet message, int field) {
        List<String> values = strings(message, field);
        return values.isEmpty() ? "" : values.get(values.size() - 1);
    }

    private static Field stringsField(List<String> values) {
        return lengthDelimitedField(values.stream().map(ByteString::copyFromUtf8).toList());
    }

    private static Field lengthDelimitedField(List<ByteString> values) {
        Field.Builder field = Field.newBuilder();
        values.forEach(field::addLengthDelimited);
        return field.build();
    }
}
