#!/usr/bin/env python3
"""Export the keys charon logged (filelog ike/chd level 4) as Wireshark key files.

    charon-keys.py CHARON_LOG PCAP OUTDIR INITIATOR_ADDR

Reads the log of ONE charon instance (use the one whose view of the addresses matches the capture
point), writes OUTDIR/esp_sa and OUTDIR/ikev1_decryption_table in Wireshark's UAT format.
The IKEv1 initiator cookie comes from the capture (tshark), the key (Ka) from the log.
ESP: the SA whose source is INITIATOR_ADDR (as logged) uses the "initiator" keys, the other the
"responder" keys (IKEv1 quick mode, RFC 2409 5.5: one KEYMAT per direction).
"""
import re
import subprocess
import sys

log_path, pcap, outdir, initiator = sys.argv[1:5]
lines = open(log_path, errors="replace").read().splitlines()

HEX_ROW = re.compile(r"^\s*\d+:\s((?:[0-9A-F]{2} ){1,16})")


def dump_after(i):
    """Bytes of the hex dump that follows line i (strongSwan's chunk dump format)."""
    out = bytearray()
    for line in lines[i + 1:]:
        body = line.split("> ", 1)[-1] if "> " in line else line.split("] ", 1)[-1]
        m = HEX_ROW.match(body)
        if not m:
            break
        out += bytes.fromhex(m.group(1).replace(" ", ""))
    return bytes(out)


keys = {}
sas = []
ka = []
direction = None
for i, line in enumerate(lines):
    for name in ("encryption initiator key", "encryption responder key",
                 "integrity initiator key", "integrity responder key"):
        if name + " =>" in line:
            keys[name] = dump_after(i)
    if "encryption key Ka =>" in line:
        ka.append(dump_after(i))
    if "adding inbound ESP SA" in line:
        direction = "in"
    elif "adding outbound ESP SA" in line:
        direction = "out"
    m = re.search(r"SPI (0x[0-9a-f]+), src (\S+) dst (\S+)", line)
    if m and direction:
        # keys belong to the most recent derivation (one CHILD_SA in our runs)
        sas.append((m.group(1), m.group(2), m.group(3), dict(keys)))
        direction = None

if not sas or not ka:
    sys.exit("charon-keys: no ESP SA / IKE key found in %s (is filelog ike/chd at level 4?)" % log_path)

with open(outdir + "/esp_sa", "w") as f:
    f.write("# Wireshark ESP SAs (Preferences > Protocols > ESP > ESP SAs), exported from charon's log\n")
    f.write("# protocol, src, dst, SPI, encryption, key, authentication, key\n")
    for spi, src, dst, k in sas:
        role = "initiator" if src == initiator else "responder"
        f.write('"IPv4","%s","%s","%s","AES-CBC [RFC3602]","0x%s","HMAC-SHA-1-96 [RFC2404]","0x%s"\n'
                % (src, dst, spi, k["encryption %s key" % role].hex(), k["integrity %s key" % role].hex()))

cookies = subprocess.run(
    ["tshark", "-n", "-r", pcap, "-Y", "isakmp.exchangetype == 2", "-T", "fields", "-e", "isakmp.ispi"],
    capture_output=True, text=True).stdout.split()
cookie = cookies[0].replace(":", "") if cookies else None
if not cookie:
    sys.exit("charon-keys: no main-mode initiator cookie in %s" % pcap)
with open(outdir + "/ikev1_decryption_table", "w") as f:
    f.write("# Wireshark IKEv1 decryption table (Preferences > Protocols > ISAKMP), from charon's log\n")
    f.write("# initiator cookie, encryption key (Ka)\n")
    f.write('%s,%s\n' % (cookie, ka[-1].hex()))
print("exported %d ESP SA(s) and the IKEv1 key for cookie %s" % (len(sas), cookie))
