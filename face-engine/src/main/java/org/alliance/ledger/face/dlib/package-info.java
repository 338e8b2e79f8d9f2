/**
 * dlib's model files: a reader of dlib's serialisation format, the conversion of dlib's ResNet
 * face-embedding network into an ONNX graph (run by the build), and dlib's five-point shape
 * predictor, evaluated in Java. Nothing here depends on the rest of the engine.
 */
package org.alliance.ledger.face.dlib;
