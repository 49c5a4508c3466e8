#include "model/mtu/mtu-layers.h"

namespace ns3
{

const std::vector<MtuLayerInfo>&
MtuLayerTable()
{
    static const std::vector<MtuLayerInfo> kTable = {
        {MtuLayer::PPPOE, "pppoe", 0, "-",
         "8: PPPoE header 6 (ver/type, code, session id, length) + PPP protocol 2; carries the "
         "tunnel's IP packet (the classic 1492)",
         "RFC 2516 §4, §7"},
        {MtuLayer::GTPU, "gtpu", 0, "ip6, ext",
         "36: outer IPv4 20 (ip6: 40) + UDP 8 + GTP-U header 8 (ext: +4, the sequence / N-PDU / "
         "next-extension fields); carries the tunnel's IP packet over an LTE path",
         "3GPP TS 29.281 §5.1; RFC 791 §3.1; RFC 768"},
        {MtuLayer::IPSEC, "ipsec", 1, "CIPHER-INTEG (default aes128-sha1), transport, tunnel",
         "ESP header 8 (SPI, sequence) + IV; at the end padding to the cipher's alignment + pad "
         "length 1 + next header 1 + ICV; tunnel mode adds an inner IP header (20/40) inside ESP",
         "RFC 4303 §2, §2.4; RFC 3193 §2 (L2TP/IPsec = transport mode)"},
        {MtuLayer::IPSEC_NATT, "ipsec-natt", 1,
         "CIPHER-INTEG (default aes128-sha1), transport, tunnel",
         "as ipsec, plus UDP 8 (port 4500) between the IP header and ESP",
         "RFC 3948 §2.1; RFC 4303 §2"},
        {MtuLayer::L2TP, "l2tp", 2, "len, seq, offset[=N]",
         "UDP 8 + data header 6 (flags/version 2, tunnel id 2, session id 2); len +2 (Length), "
         "seq +4 (Ns, Nr), offset +2 (Offset Size) + N (Offset Pad)",
         "RFC 2661 §3.1, §8.1; RFC 768"},
        {MtuLayer::PPP, "ppp", 3, "acfc, pfc",
         "4: address 0xff + control 0x03 (2; 0 with acfc) + protocol (2; 1 with pfc, as every "
         "protocol carried here is below 0x0100)",
         "RFC 1661 §2, §6.5, §6.6; RFC 1662 §3.1"},
        {MtuLayer::MP, "mp", 4, "long (default), short, mrru=N",
         "MP header 4 (B/E bits, 24-bit sequence; short: 2, 12-bit) + the packet's own protocol 2 "
         "(1 with pfc) in the first fragment; the PPP header then says 0x003d",
         "RFC 1990 §3, §5.1.1, §5.1.2"},
        {MtuLayer::MPPE, "mppe", 5, "-",
         "4: MPPE header 2 (A/B/C/D bits, 12-bit coherency count) + the packet's own protocol 2, "
         "encrypted; the PPP header then says 0x00fd",
         "RFC 3078 §3"},
        {MtuLayer::BCP, "bcp", 6, "vlan, fcs",
         "16: BCP header 2 (flags F/Z/B/P + pads, MAC type) + Ethernet header 14; vlan +4 "
         "(802.1Q tag), fcs +4 (LAN FCS kept, F flag); the PPP header then says 0x0031",
         "RFC 3518 (bridged-frame format); IEEE 802.3; IEEE 802.1Q"},
    };
    return kTable;
}

const MtuLayerInfo&
MtuLayerInfoOf(MtuLayer layer)
{
    for (const MtuLayerInfo& r : MtuLayerTable())
    {
        if (r.layer == layer)
        {
            return r;
        }
    }
    return MtuLayerTable().front(); // unreachable: every enumerator has a row (tested)
}

const MtuLayerInfo*
FindMtuLayer(const std::string& token)
{
    for (const MtuLayerInfo& r : MtuLayerTable())
    {
        if (token == r.token)
        {
            return &r;
        }
    }
    return nullptr;
}

const std::vector<EspCipherInfo>&
EspCipherTable()
{
    static const std::vector<EspCipherInfo> kTable = {
        {"aes128", 16, 16, 0, "RFC 3602 §2, §3 (AES-CBC: 16-octet block and IV)"},
        {"aes192", 16, 16, 0, "RFC 3602 §2, §3"},
        {"aes256", 16, 16, 0, "RFC 3602 §2, §3"},
        {"3des", 8, 8, 0, "RFC 2451 §2 (3DES-CBC: 8-octet block and IV)"},
        {"aes128ctr", 4, 8, 0, "RFC 3686 §3 (AES-CTR: 8-octet IV, no block padding)"},
        {"aes256ctr", 4, 8, 0, "RFC 3686 §3"},
        {"aes128gcm", 4, 8, 16, "RFC 4106 §3, §6 (AES-GCM: 8-octet IV, 16-octet ICV)"},
        {"aes256gcm", 4, 8, 16, "RFC 4106 §3, §6"},
        {"null", 4, 0, 0, "RFC 2410 §2 (no IV, 4-octet alignment only)"},
    };
    return kTable;
}

const std::vector<EspIntegInfo>&
EspIntegTable()
{
    static const std::vector<EspIntegInfo> kTable = {
        {"md5", 12, "RFC 2403 §2 (HMAC-MD5-96)"},
        {"sha1", 12, "RFC 2404 §2 (HMAC-SHA-1-96)"},
        {"sha256", 16, "RFC 4868 §2 (HMAC-SHA-256-128)"},
        {"sha384", 24, "RFC 4868 §2 (HMAC-SHA-384-192)"},
        {"sha512", 32, "RFC 4868 §2 (HMAC-SHA-512-256)"},
    };
    return kTable;
}

const EspCipherInfo*
FindEspCipher(const std::string& name)
{
    for (const EspCipherInfo& r : EspCipherTable())
    {
        if (name == r.name)
        {
            return &r;
        }
    }
    return nullptr;
}

const EspIntegInfo*
FindEspInteg(const std::string& name)
{
    for (const EspIntegInfo& r : EspIntegTable())
    {
        if (name == r.name)
        {
            return &r;
        }
    }
    return nullptr;
}

} // namespace ns3
