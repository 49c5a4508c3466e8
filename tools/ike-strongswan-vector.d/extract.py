#!/usr/bin/env python3
"""Cut an IKEv1 test vector out of two charon logs (level 4): the datagrams each side received
(so every message of the exchange, in order), and the values the initiator derived."""
import re
import sys

LABEL = re.compile(r"^\d+\[(IKE|CHD|NET)\] (.+?) => (\d+) bytes @")
DUMP = re.compile(r"^\d+\[\w+\]\s+\d+: ((?:[0-9A-F]{2} ?)+)")


def blocks(path):
    out = []
    cur = None
    for line in open(path, errors="replace"):
        m = LABEL.match(line)
        if m:
            cur = [m.group(2), int(m.group(3)), ""]
            out.append(cur)
            continue
        d = DUMP.match(line)
        if d and cur is not None:
            cur[2] += d.group(1).replace(" ", "").lower()
            continue
        cur = None
    return [(k, n, h) for k, n, h in out if len(h) == 2 * n]


def main():
    log_i, log_r, psk, ike, esp = sys.argv[1:6]
    bi = blocks(log_i)
    br = blocks(log_r)
    rx_i = [h for k, n, h in bi if k == "received packet"]
    rx_r = [h for k, n, h in br if k == "received packet"]
    msgs = []
    for a, b in zip(rx_r, rx_i):  # responder received MM1, initiator MM2, ...
        msgs += [a, b]
    names = ["mm1", "mm2", "mm3", "mm4", "mm5", "mm6", "qm1", "qm2"]
    first = {}
    for k, n, h in bi:
        first.setdefault(k, h)
    print("# IKEv1 vector from strongSwan charon (initiator 192.0.2.1, responder 192.0.2.2)")
    print("# ike=%s esp=%s; produced by tools/ike-strongswan-vector" % (ike, esp))
    print("psk = " + psk.encode().hex())
    for name, h in zip(names, msgs):
        print("%s = %s" % (name, h))
    keys = {
        "dh_shared": "shared Diffie Hellman secret",
        "skeyid": "SKEYID",
        "skeyid_d": "SKEYID_d",
        "skeyid_a": "SKEYID_a",
        "skeyid_e": "SKEYID_e",
        "ka": "encryption key Ka",
        "initial_iv": "initial IV",
        "natd_chunk": "natd_chunk",
        "natd_hash": "natd_hash",
        "child_seed_i": "initiator SA seed",
        "child_seed_r": "responder SA seed",
        "child_enc_i": "encryption initiator key",
        "child_enc_r": "encryption responder key",
        "child_int_i": "integrity initiator key",
        "child_int_r": "integrity responder key",
    }
    for name, label in keys.items():
        if label in first:
            print("%s = %s" % (name, first[label]))
    # PFS: quick mode's own DH secret is logged after phase 1's, under the same label.
    dh = [h for k, n, h in bi if k == "shared Diffie Hellman secret"]
    if len(dh) > 1:
        print("qm_dh_shared = " + dh[1])


main()
