#!/usr/bin/env python3
"""Sets the date of every entry of a JKS keystore to one fixed time and re-seals the keystore.

Debian's ca-certificates-java writes /etc/ssl/certs/java/cacerts as JKS with each certificate's
import time, so two builds of the same packages differ only there. The dates carry no meaning for a
trust store; with them fixed, the base image's layer, and so its digest, is the same on every build.

Usage: jks-fixed-dates.py KEYSTORE EPOCH_SECONDS [STOREPASS]   (STOREPASS defaults to changeit)
"""
import hashlib
import struct
import sys

MAGIC = 0xFEEDFEED
PRIVATE_KEY, TRUSTED_CERT = 1, 2


def main(path, epoch, password="changeit"):
    data = open(path, "rb").read()
    body, seal = data[:-20], data[-20:]
    whitened = password.encode("utf-16-be") + b"Mighty Aphrodite"
    if hashlib.sha1(whitened + body).digest() != seal:
        sys.exit(f"{path}: the keystore's integrity check fails with the given password")
    magic, version, count = struct.unpack_from(">III", body, 0)
    if magic != MAGIC or version != 2:
        sys.exit(f"{path}: not a JKS version 2 keystore")
    out = bytearray(body[:12])
    pos = 12
    millis = struct.pack(">q", epoch * 1000)

    def take(n):
        nonlocal pos
        chunk = body[pos:pos + n]
        pos += n
        return chunk

    def utf():
        (n,) = struct.unpack(">H", body[pos:pos + 2])
        return take(2 + n)

    def cert():
        kind = utf()
        (n,) = struct.unpack(">I", body[pos:pos + 4])
        return kind + take(4 + n)

    for _ in range(count):
        tag = take(4)
        (kind,) = struct.unpack(">I", tag)
        out += tag + utf()
        take(8)
        out += millis
        if kind == TRUSTED_CERT:
            out += cert()
        elif kind == PRIVATE_KEY:
            (n,) = struct.unpack(">I", body[pos:pos + 4])
            out += take(4 + n)
            chain = take(4)
            out += chain
            for _ in range(struct.unpack(">I", chain)[0]):
                out += cert()
        else:
            sys.exit(f"{path}: unknown entry kind {kind}")
    if pos != len(body):
        sys.exit(f"{path}: {len(body) - pos} bytes left after the last entry")
    out += hashlib.sha1(whitened + bytes(out)).digest()
    open(path, "wb").write(bytes(out))


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__.strip().splitlines()[-1])
    main(sys.argv[1], int(sys.argv[2]), *sys.argv[3:])
