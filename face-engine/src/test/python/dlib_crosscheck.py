"""Reference descriptors for DlibCrossCheckTest.

Usage: python dlib_crosscheck.py MODEL.dat CHIPS_DIR

CHIPS_DIR holds chip_NNN.rgb files (150x150 RGB, 8 bits, row-major) and onnx.txt (one line per
chip: its name and the ONNX graph's 128 values). For every chip this computes the descriptor with
dlib itself (dlib.face_recognition_model_v1.compute_face_descriptor) when the dlib module imports,
and with an independent NumPy forward pass of the same .dat file otherwise (or with --numpy).
It prints one JSON object: the reference used, the largest 1 - cosine and the largest absolute
difference against the ONNX values, per chip and overall.

The NumPy pass does not share the Java converter's reader: it reads the layer parameters in the
order dlib writes them (innermost layer first, found by their version tags) and applies them in
the order of dnn_face_recognition_ex.cpp's network definition.
"""
import json
import math
import os
import sys

import numpy as np


class Reader:
    def __init__(self, data):
        self.b = data
        self.p = 0

    def byte(self):
        v = self.b[self.p]
        self.p += 1
        return v

    def int(self):
        c = self.byte()
        n = c & 0x0F
        v = int.from_bytes(self.b[self.p:self.p + n], "little")
        self.p += n
        return -v if c & 0x80 else v

    def str(self):
        n = self.int()
        v = self.b[self.p:self.p + n].decode("latin1")
        self.p += n
        return v

    def float(self):
        m = self.int()
        e = self.int()
        return math.ldexp(m, e)

    def bool(self):
        return self.byte() == ord("1")

    def tensor(self):
        assert self.int() == 2
        shape = [self.int() for _ in range(4)]
        n = int(np.prod(shape))
        a = np.frombuffer(self.b, dtype="<f4", count=n, offset=self.p).reshape(shape)
        self.p += 4 * n
        return a

    def alias(self):
        assert self.int() == 1
        return [self.int() for _ in range(4)]

    def peek_tensor(self):
        # A tensor starts with its version 2 (0x01 0x02); a layer's tag string with its length (>= 5).
        return self.b[self.p] == 1 and self.b[self.p + 1] == 2


def read_layers(path):
    r = Reader(open(path, "rb").read())
    assert r.int() == 1
    loss = r.str()
    if loss == "loss_metric_2":
        r.float(); r.float()
    marker = b"\x01\x15input_rgb_image_sized"
    while r.b[r.p:r.p + len(marker)] != marker:
        r.int()
    assert r.str() == "input_rgb_image_sized"
    mean = np.array([r.float(), r.float(), r.float()], dtype=np.float32)
    assert r.int() == 150 and r.int() == 150
    layers = []
    while r.p < len(r.b):
        tag = r.str()
        if tag.startswith("con_"):
            params = r.tensor().ravel()
            n, nr, nc = r.int(), r.int(), r.int()
            sy, sx, py, px = r.int(), r.int(), r.int(), r.int()
            fshape = r.alias(); r.alias()
            for _ in range(4):
                r.float()
            if tag != "con_4":
                r.bool()
            if tag == "con_6":
                r.bool()
            k = int(np.prod(fshape))
            layers.append(("con", params[:k].reshape(fshape), params[k:k + n], (sy, sx), (py, px)))
        elif tag == "bn_con2":
            params = r.tensor().ravel()
            g = r.alias(); r.alias()
            r.tensor(); r.tensor()
            rm = r.tensor().ravel(); rv = r.tensor().ravel()
            r.int(); r.int()
            for _ in range(4):
                r.float()
            eps = r.float()
            c = g[1]
            scale = params[:c] / np.sqrt(rv + np.float32(eps))
            layers.append(("affine", scale, params[c:2 * c] - scale * rm))
        elif tag in ("affine_", "affine_2"):
            params = r.tensor().ravel()
            g = r.alias(); r.alias(); r.int()
            if tag == "affine_2":
                r.bool()
            c = int(np.prod(g))
            layers.append(("affine", params[:c], params[c:2 * c]))
        elif tag in ("relu_", "relu_2"):
            if tag == "relu_2":
                r.bool()
            layers.append(("relu",))
        elif tag == "add_prev_":
            layers.append(("add_prev",))
        elif tag in ("avg_pool_2", "max_pool_2"):
            nr, nc, sy, sx, py, px = (r.int() for _ in range(6))
            layers.append((tag[:-2], (nr, nc), (sy, sx), (py, px)))
        elif tag in ("fc_2", "fc_3"):
            nout, nin = r.int(), r.int()
            params = r.tensor().ravel()
            r.alias(); r.alias(); bmode = r.int()
            for _ in range(4):
                r.float()
            if tag == "fc_3":
                r.bool()
            layers.append(("fc", params[:nin * nout].reshape(nin, nout)))
        else:
            raise ValueError("unknown layer tag %r at byte %d" % (tag, r.p))
        for _ in range(3):
            r.bool()
        r.tensor(); r.tensor()
        while r.p < len(r.b) and r.peek_tensor():
            r.tensor()
        if r.p < len(r.b) and r.b[r.p] == 1 and r.b[r.p + 1] == 1:
            r.int()  # the input layer's sample expansion factor (add_layer version 3)
    return mean, layers


def conv(x, w, b, stride, pad):
    c, h, wd = x.shape
    n, _, kh, kw = w.shape
    x = np.pad(x, ((0, 0), (pad[0], pad[0]), (pad[1], pad[1])))
    oh = 1 + (x.shape[1] - kh) // stride[0]
    ow = 1 + (x.shape[2] - kw) // stride[1]
    cols = np.empty((c, kh, kw, oh, ow), dtype=np.float64)
    for i in range(kh):
        for j in range(kw):
            cols[:, i, j] = x[:, i:i + stride[0] * oh:stride[0], j:j + stride[1] * ow:stride[1]]
    out = np.tensordot(w.astype(np.float64), cols, axes=([1, 2, 3], [0, 1, 2]))
    return out + b.astype(np.float64)[:, None, None]


def pool(x, win, stride, pad, op):
    if win == (0, 0):
        return x.mean(axis=(1, 2), keepdims=True)
    assert pad == (0, 0)
    c, h, w = x.shape
    oh = 1 + (h - win[0]) // stride[0]
    ow = 1 + (w - win[1]) // stride[1]
    views = [x[:, i:i + stride[0] * oh:stride[0], j:j + stride[1] * ow:stride[1]]
             for i in range(win[0]) for j in range(win[1])]
    return np.max(views, axis=0) if op == "max_pool" else np.mean(views, axis=0)


def add_zero_padded(a, b):
    shape = tuple(max(p, q) for p, q in zip(a.shape, b.shape))
    out = np.zeros(shape)
    out[:a.shape[0], :a.shape[1], :a.shape[2]] += a
    out[:b.shape[0], :b.shape[1], :b.shape[2]] += b
    return out


class Net:
    """dnn_face_recognition_ex.cpp's anet_type, consuming the layers in forward order."""

    def __init__(self, mean, layers):
        self.mean = mean
        self.layers = layers
        self.i = 0

    def take(self, kind):
        layer = self.layers[self.i]
        assert layer[0] == kind, (self.i, layer[0], kind)
        self.i += 1
        return layer

    def apply(self, x, kind):
        layer = self.take(kind)
        if kind == "con":
            return conv(x, layer[1], layer[2], layer[3], layer[4])
        if kind == "affine":
            return x * layer[1][:, None, None] + layer[2][:, None, None]
        if kind == "relu":
            return np.maximum(x, 0)
        return pool(x, layer[1], layer[2], layer[3], kind)

    def block(self, x):
        for kind in ("con", "affine", "relu", "con", "affine"):
            x = self.apply(x, kind)
        return x

    def ares(self, x):
        y = self.block(x)
        self.take("add_prev")
        return self.apply(add_zero_padded(y, x), "relu")

    def ares_down(self, x):
        tag2 = self.block(x)
        skipped = self.apply(x, "avg_pool")
        self.take("add_prev")
        return self.apply(add_zero_padded(skipped, tag2), "relu")

    def forward(self, chip):
        self.i = 0
        x = (chip.astype(np.float32).transpose(2, 0, 1) - self.mean[:, None, None]) / np.float32(256)
        x = x.astype(np.float64)
        for kind in ("con", "affine", "relu", "max_pool"):
            x = self.apply(x, kind)
        x = self.ares(self.ares(self.ares(x)))                       # alevel4
        x = self.ares(self.ares(self.ares(self.ares_down(x))))       # alevel3
        x = self.ares(self.ares(self.ares_down(x)))                  # alevel2
        x = self.ares(self.ares(self.ares_down(x)))                  # alevel1
        x = self.ares_down(x)                                        # alevel0
        x = self.apply(x, "avg_pool")
        fc = self.take("fc")
        assert self.i == len(self.layers)
        return x.reshape(-1) @ fc[1].astype(np.float64)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    model, chips = args
    reference = None
    if "--numpy" not in sys.argv:
        try:
            import dlib
            rec = dlib.face_recognition_model_v1(model)
            reference = ("dlib " + dlib.__version__, lambda chip: np.array(rec.compute_face_descriptor(chip)))
        except ImportError:
            pass
    if reference is None:
        net = Net(*read_layers(model))
        reference = ("numpy " + np.__version__ + " forward pass", net.forward)
    results = []
    with open(os.path.join(chips, "onnx.txt")) as f:
        for line in f:
            parts = line.split()
            name, onnx = parts[0], np.array([float(v) for v in parts[1:]])
            chip = np.fromfile(os.path.join(chips, name), dtype=np.uint8).reshape(150, 150, 3)
            ref = reference[1](np.ascontiguousarray(chip))
            cosine = float(onnx @ ref / (np.linalg.norm(onnx) * np.linalg.norm(ref)))
            results.append({"chip": name, "oneMinusCosine": 1 - cosine,
                            "maxAbsDiff": float(np.max(np.abs(onnx - ref))), "refNorm": float(np.linalg.norm(ref))})
    print(json.dumps({"reference": reference[0], "chips": len(results),
                      "maxOneMinusCosine": max(r["oneMinusCosine"] for r in results),
                      "maxAbsDiff": max(r["maxAbsDiff"] for r in results), "results": results}))


if __name__ == "__main__":
    main()
