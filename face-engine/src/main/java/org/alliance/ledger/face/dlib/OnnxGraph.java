package org.alliance.ledger.face.dlib;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A minimal ONNX model builder that writes the protobuf wire format directly with
 * {@link CodedOutputStream} (field numbers from {@code onnx.proto}), so the build needs no
 * protoc and no generated classes. It supports what the converted networks need: float
 * initializers, nodes with int, ints and float attributes, and fixed-shape float inputs and
 * outputs (a negative dimension is a named,
 * free one), and string metadata. Output is deterministic: the same graph gives the same bytes.
 */
final class OnnxGraph {
    // ModelProto
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_PRODUCER_VERSION = 3;
    private static final int MODEL_DOC_STRING = 6;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int OPSET_VERSION = 2;
    // GraphProto
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    // NodeProto
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    // AttributeProto
    private static final int ATTR_NAME = 1;
    private static final int ATTR_F = 2;
    private static final int ATTR_I = 3;
    private static final int ATTR_INTS = 8;
    private static final int ATTR_TYPE = 20;
    private static final int ATTR_TYPE_FLOAT = 1;
    private static final int ATTR_TYPE_INT = 2;
    private static final int ATTR_TYPE_INTS = 7;
    // TensorProto
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    // ValueInfoProto / TypeProto
    private static final int VALUE_NAME = 1;
    private static final int VALUE_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_TYPE_ELEM = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;
    private static final int MODEL_METADATA_PROPS = 14;
    private static final int ENTRY_KEY = 1;
    private static final int ENTRY_VALUE = 2;

    /** ONNX IR version 8 (ONNX 1.10+), which every ONNX Runtime since 1.10 loads. */
    private static final long IR_VERSION = 8;
    /** Default-domain opset: Pad with its pads as an input needs 11 or later. */
    private static final long OPSET = 13;

    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();
    private final Map<String, String> metadata = new TreeMap<>();
    private int counter;

    /** An attribute of a node. */
    sealed interface Attr permits IntAttr, IntsAttr, FloatAttr {
    }

    /** An INT attribute. */
    record IntAttr(String name, long value) implements Attr {
    }

    /** An INTS attribute. */
    record IntsAttr(String name, long... values) implements Attr {
    }

    /** A FLOAT attribute. */
    record FloatAttr(String name, float value) implements Attr {
    }

    /**
     * A fresh value name.
     *
     * @param prefix readable part
     * @return a name unique in this graph
     */
    String fresh(String prefix) {
        return prefix + "_" + (counter++);
    }

    /**
     * Adds a float constant.
     *
     * @param prefix readable part of its name
     * @param values the values
     * @param dims its shape
     * @return its name
     */
    String constant(String prefix, float[] values, long... dims) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException(prefix + ": " + values.length + " values for shape of " + count);
        }
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return tensor(prefix, FLOAT, raw.array(), dims);
    }

    /**
     * Adds an int64 constant.
     *
     * @param prefix readable part of its name
     * @param values the values (a 1-D tensor)
     * @return its name
     */
    String constant(String prefix, long[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        return tensor(prefix, INT64, raw.array(), values.length);
    }

    private String tensor(String prefix, int type, byte[] raw, long... dims) {
        String name = fresh(prefix);
        initializers.add(message(out -> {
            for (long d : dims) {
                out.writeInt64(TENSOR_DIMS, d);
            }
            out.writeInt32(TENSOR_DATA_TYPE, type);
            out.writeString(TENSOR_NAME, name);
            out.writeByteArray(TENSOR_RAW_DATA, raw);
        }));
        return name;
    }

    /**
     * Adds a node with one output.
     *
     * @param op the operator type (default domain)
     * @param in its inputs
     * @param attrs its attributes
     * @return its output's name
     */
    String node(String op, List<String> in, Attr... attrs) {
        String output = fresh(op.toLowerCase(java.util.Locale.ROOT));
        return node(op, in, output, attrs);
    }

    /**
     * Adds a node whose output has a given name.
     *
     * @param op the operator type (default domain)
     * @param in its inputs
     * @param output its output's name
     * @param attrs its attributes
     * @return {@code output}
     */
    String node(String op, List<String> in, String output, Attr... attrs) {
        nodes.add(message(out -> {
            for (String i : in) {
                out.writeString(NODE_INPUT, i);
            }
            out.writeString(NODE_OUTPUT, output);
            out.writeString(NODE_NAME, output);
            out.writeString(NODE_OP_TYPE, op);
            for (Attr a : attrs) {
                out.writeByteArray(NODE_ATTRIBUTE, attribute(a));
            }
        }));
        return output;
    }

    private static byte[] attribute(Attr attr) {
        return message(out -> {
            switch (attr) {
                case IntAttr a -> {
                    out.writeString(ATTR_NAME, a.name());
                    out.writeInt64(ATTR_I, a.value());
                    out.writeInt32(ATTR_TYPE, ATTR_TYPE_INT);
                }
                case IntsAttr a -> {
                    out.writeString(ATTR_NAME, a.name());
                    for (long v : a.values()) {
                        out.writeInt64(ATTR_INTS, v);
                    }
                    out.writeInt32(ATTR_TYPE, ATTR_TYPE_INTS);
                }
                case FloatAttr a -> {
                    out.writeString(ATTR_NAME, a.name());
                    out.writeFloat(ATTR_F, a.value());
                    out.writeInt32(ATTR_TYPE, ATTR_TYPE_FLOAT);
                }
            }
        });
    }

    /**
     * Declares a float graph input.
     *
     * @param name its name
     * @param dims its shape; a negative value {@code -n} is a free dimension named {@code dn}
     */
    void input(String name, long... dims) {
        inputs.add(valueInfo(name, dims));
    }

    /**
     * Declares a float graph output.
     *
     * @param name its name
     * @param dims its shape; a negative value {@code -n} is a free dimension named {@code dn}
     */
    void output(String name, long... dims) {
        outputs.add(valueInfo(name, dims));
    }

    private static byte[] valueInfo(String name, long... dims) {
        byte[] shape = message(out -> {
            for (long d : dims) {
                // A free dimension gets a name, so ONNX Runtime accepts any size there.
                out.writeByteArray(SHAPE_DIM, message(dim -> {
                    if (d < 0) {
                        dim.writeString(DIM_PARAM, "d" + (-d));
                    } else {
                        dim.writeInt64(DIM_VALUE, d);
                    }
                }));
            }
        });
        byte[] tensorType = message(out -> {
            out.writeInt32(TENSOR_TYPE_ELEM, FLOAT);
            out.writeByteArray(TENSOR_TYPE_SHAPE, shape);
        });
        return message(out -> {
            out.writeString(VALUE_NAME, name);
            out.writeByteArray(VALUE_TYPE, message(type -> type.writeByteArray(TYPE_TENSOR, tensorType)));
        });
    }

    /**
     * Adds a metadata entry ({@code metadata_props}), which ONNX Runtime reports as the session's
     * custom metadata.
     *
     * @param key the key
     * @param value the value
     */
    void metadata(String key, String value) {
        metadata.put(key, value);
    }

    /**
     * The serialised {@code ModelProto}.
     *
     * @param graphName the graph's name
     * @param producer the producer name
     * @param docString the model's description
     * @return the model file's bytes
     */
    byte[] model(String graphName, String producer, String docString) {
        byte[] graph = message(out -> {
            for (byte[] n : nodes) {
                out.writeByteArray(GRAPH_NODE, n);
            }
            out.writeString(GRAPH_NAME, graphName);
            for (byte[] t : initializers) {
                out.writeByteArray(GRAPH_INITIALIZER, t);
            }
            for (byte[] i : inputs) {
                out.writeByteArray(GRAPH_INPUT, i);
            }
            for (byte[] o : outputs) {
                out.writeByteArray(GRAPH_OUTPUT, o);
            }
        });
        return message(out -> {
            out.writeInt64(MODEL_IR_VERSION, IR_VERSION);
            out.writeString(MODEL_PRODUCER_NAME, producer);
            out.writeString(MODEL_PRODUCER_VERSION, "1");
            out.writeString(MODEL_DOC_STRING, docString);
            out.writeByteArray(MODEL_GRAPH, graph);
            out.writeByteArray(MODEL_OPSET_IMPORT, message(op -> op.writeInt64(OPSET_VERSION, OPSET)));
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                out.writeByteArray(MODEL_METADATA_PROPS, message(entry -> {
                    entry.writeString(ENTRY_KEY, e.getKey());
                    entry.writeString(ENTRY_VALUE, e.getValue());
                }));
            }
        });
    }

    /** Writes one protobuf message. */
    private interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            body.write(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
