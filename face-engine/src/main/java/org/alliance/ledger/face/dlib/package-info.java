/**
 * dlib's model files: a reader of dlib's serialisation format, the conversion of dlib's ResNet
 * face-embedding network and of its MMOD CNN face detector into ONNX graphs (run by the build),
 * the detector's image pyramid and output decoding, and dlib's five-point shape predictor,
 * evaluated in Java. Nothing here depends on the rest of the engine.
 */
package org.alliance.ledger.face.dlib;
