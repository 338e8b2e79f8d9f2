"""Reference detections for DlibMmodCrossCheckTest.

Usage: python dlib_mmod_crosscheck.py MODEL.dat IMAGES_DIR

IMAGES_DIR holds image_NNN.rgb files (8-bit RGB, row-major) with image_NNN.size holding
"WIDTH HEIGHT": the very pixels the Java detector saw. For each image this runs dlib's own
cnn_face_detection_model_v1 (no upsampling, threshold 0, as the Java side) and prints one JSON
object: {"dlib": VERSION, "images": {"image_NNN": [[left, top, right, bottom, confidence], ...]}}.
"""
import json
import os
import sys

import dlib
import numpy as np


def main():
    model, directory = sys.argv[1], sys.argv[2]
    detector = dlib.cnn_face_detection_model_v1(model)
    result = {}
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".rgb"):
            continue
        stem = name[:-4]
        with open(os.path.join(directory, stem + ".size")) as f:
            width, height = (int(v) for v in f.read().split())
        with open(os.path.join(directory, name), "rb") as f:
            pixels = np.frombuffer(f.read(), dtype=np.uint8).reshape(height, width, 3)
        detections = detector(np.ascontiguousarray(pixels), 0)
        result[stem] = [[d.rect.left(), d.rect.top(), d.rect.right(), d.rect.bottom(), d.confidence]
                        for d in detections]
    json.dump({"dlib": dlib.__version__, "images": result}, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
