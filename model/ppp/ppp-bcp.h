/**
 * \file
 * \brief The Bridging Control Protocol (RFC 3518) on the shared automaton (ppp-cp.h), and the
 * codec of bridged LAN frames (PPP protocol 0x0031, RFC 3518 §4.2).
 *
 * Scope (transparent bridging of Ethernet, RFC 3518 §2.1-2.2): MAC-Support, Tinygram-Compression,
 * MAC-Address and Spanning-Tree-Protocol are negotiated; the source-routing options
 * (Bridge-Identification, Line-Identification), the obsolete LAN-Identification and the options
 * for 802.1Q tagging and in-line management are Configure-Rejected (the option table says why).
 *
 * What we request, as a RouterOS peer does in our model: MAC-Support IEEE 802.3 and
 * Tinygram-Compression disabled (the MTU arithmetic of the RouterOS lab blog, 2 octets of BCP
 * header + 14 of Ethernet, implies frames without LAN FCS and without compression). No RouterOS
 * capture of a BCP Configure-Request was found; docs/ppp.md records the decision.
 */
#ifndef L2TPLAB_PPP_BCP_H
#define L2TPLAB_PPP_BCP_H

#include "model/ppp/ppp-cp.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

// ---- RFC 3518 §5 Configuration Options

constexpr uint8_t kBcpBridgeIdentification = 1; //!< §5.1 (source routing)
constexpr uint8_t kBcpLineIdentification = 2;   //!< §5.2 (source routing)
constexpr uint8_t kBcpMacSupport = 3;           //!< §5.3
constexpr uint8_t kBcpTinygramCompression = 4;  //!< §5.4
constexpr uint8_t kBcpLanIdentification = 5;    //!< §5.5 (obsolete)
constexpr uint8_t kBcpMacAddress = 6;           //!< §5.6
constexpr uint8_t kBcpSpanningTree = 7;         //!< §5.7
constexpr uint8_t kBcpIeee802Tagged = 8;        //!< §5.8
constexpr uint8_t kBcpManagementInline = 9;     //!< §5.9
constexpr uint8_t kBcpControlIndicator = 10;    //!< §5.10 Bridge-Control-Packet-Indicator

/** \brief Tinygram-Compression and IEEE-802-Tagged-Frame values (§5.4, §5.8). */
constexpr uint8_t kBcpEnabled = 1;
constexpr uint8_t kBcpDisabled = 2;

// ---- MAC types (§4.2 "MAC Type", also the value of MAC-Support §5.3)

constexpr uint8_t kBcpMacIeee8023 = 1;    //!< IEEE 802.3/Ethernet, canonical addresses
constexpr uint8_t kBcpMacIeee8024 = 2;    //!< IEEE 802.4, canonical addresses
constexpr uint8_t kBcpMacIeee8025Nc = 3;  //!< IEEE 802.5, non-canonical addresses
constexpr uint8_t kBcpMacFddiNc = 4;      //!< FDDI, non-canonical addresses
constexpr uint8_t kBcpMacIeee8025 = 11;   //!< IEEE 802.5, canonical addresses
constexpr uint8_t kBcpMacFddi = 12;       //!< FDDI, canonical addresses
constexpr uint8_t kBcpStpNull = 0;        //!< §5.7: no spanning tree
constexpr uint8_t kBcpStpIeee8021D = 1;   //!< §5.7: IEEE 802.1D
constexpr uint8_t kBcpStpLastDefined = 4; //!< §5.7: DEC LANbridge 100, the last value defined

/** \brief "IEEE 802.3", ..., or "" for a value RFC 3518 does not define. */
const char* BcpMacTypeName(uint8_t macType);

/** \brief The BCP option table. */
PppOptionTable BcpOptionTable();

/** \brief BCP knobs (what we put in our Configure-Request and what we accept). */
struct PppBcpConfig
{
    std::vector<uint8_t> macSupport{kBcpMacIeee8023}; //!< §5.3: one option per MAC type
    bool sendTinygram{true};     //!< §5.4: include Tinygram-Compression in our request
    bool acceptTinygrams{false}; //!< §5.4: its value (enabled: we re-pad compressed frames)
    uint64_t macAddress{0};      //!< §5.6: non-zero: announce this address (low 48 bits)
    int spanningTree{-1};        //!< §5.7: -1: do not send; else the protocol we run
    PppCpTimers timers;          //!< RFC 1661 §4.6
};

/** \brief What BCP agreed (valid while Opened). */
struct PppBcpResult
{
    std::vector<uint8_t> peerMacTypes; //!< §5.3: MAC types the peer accepts (empty: none named)
    bool peerAcceptsTinygrams{false};  //!< §5.4: we may send compressed tinygrams
    bool weAcceptTinygrams{false};     //!< §5.4: the peer may send them to us
    uint64_t peerMac{0};               //!< §5.6: the address the peer announced (0: none)
    int peerSpanningTree{-1};          //!< §5.7: first protocol the peer named (-1: none)
};

/** \brief BCP on one link. */
class PppBcp : private PppCpNegotiator, public PppControlProtocol
{
public:
    PppBcp(const PppBcpConfig& cfg, PppControlProtocol::Owner& owner);
    const PppBcpResult& Result() const;
    /** \brief Count a bridged frame that was not delivered: counter `bcp/frame/<reason>`. */
    void CountFrameDrop(const std::string& reason);

private:
    PppOptionTable OptionTable() const override;
    void NegotiationReset() override;
    std::vector<PppCpOption> BuildRequest() override;
    PppOptionVerdict CheckPeerOption(const PppCpOption& option,
                                     Bytes& nakData,
                                     TimeNs now) override;
    void PeerRequestAcked(const std::vector<PppCpOption>& request) override;
    void OurRequestAcked(const std::vector<PppCpOption>& request) override;
    void OurOptionNaked(const PppCpOption& suggestion, TimeNs now) override;
    void OurOptionRejected(const PppCpOption& option, TimeNs now) override;
    PppOptionVerdict CheckSpanningTree(const PppCpOption& option, Bytes& nakData);

    PppBcpConfig m_cfg;                //!< knobs
    PppBcpResult m_result;             //!< agreed values
    std::vector<uint8_t> m_macSupport; //!< MAC-Support instances still in our request
    bool m_sendTinygram{true};         //!< Tinygram-Compression still in our request
    uint8_t m_tinygram{kBcpDisabled};  //!< its value
    bool m_sendMac{false};             //!< MAC-Address still in our request
    bool m_sendStp{false};             //!< Spanning-Tree-Protocol still in our request
};

// ---- Bridged frames (RFC 3518 §4.2, PPP protocol 0x0031)

constexpr uint8_t kBcpFlagLanFcs = 0x80;        //!< F: the LAN FCS is present
constexpr uint8_t kBcpFlagReserved40 = 0x40;    //!< not used by the options we negotiate
constexpr uint8_t kBcpFlagZeroPad = 0x20;       //!< Z: 802.3 pad removed (tinygram, §3.3)
constexpr uint8_t kBcpFlagBridgeControl = 0x10; //!< B: a bridge control packet (BPDU)
constexpr uint8_t kBcpPadsMask = 0x0f;          //!< Pads: octets of padding at the end
constexpr size_t kBcpHeaderSize = 2;            //!< flags + MAC Type
constexpr size_t kEthernetHeaderSize = 14;      //!< destination, source, type/length
constexpr size_t kEthernetMinFrame = 60;        //!< minimum 802.3 frame without FCS
constexpr size_t kLanFcsSize = 4;               //!< 802.3 CRC-32

/** \brief Why a bridged frame was not delivered (the counter name after `bcp/frame/`). */
enum class BcpFrameError : uint8_t
{
    NONE,                  //!< decoded
    SHORT_HEADER,          //!< fewer than the 2 octets of flags and MAC Type
    PADS_BEYOND_FRAME,     //!< the Pads count exceeds what follows the header
    TRUNCATED,             //!< fewer than 14 octets of LAN frame (plus the FCS when F)
    BAD_LAN_FCS,           //!< F set and the CRC-32 does not match
    RESERVED_FLAG,         //!< flag 0x40 set (its option is Rejected here)
    MAC_TYPE_UNSUPPORTED,  //!< a MAC type other than IEEE 802.3 (we only announce that)
    TINYGRAM_UNNEGOTIATED, //!< Z set although we did not accept Tinygram-Compression
};

/** \brief "none", "short-header", "pads-beyond-frame", "truncated", "bad-lan-fcs", ... */
const char* ToString(BcpFrameError e);

/** \brief A decoded bridged frame. */
struct BcpBridgedFrame
{
    uint8_t flags{0};                 //!< the flags octet as received
    uint8_t macType{kBcpMacIeee8023}; //!< MAC Type
    bool lanFcs{false};               //!< F: an FCS was present (checked and removed)
    bool zeroPad{false};              //!< Z: the frame was re-padded to 60 octets
    bool bridgeControl{false};        //!< B: a bridge control packet (not a LAN frame to forward)
    Bytes frame;                      //!< the LAN frame from its destination address, no FCS/pads
};

/**
 * \brief Decode the Information field of a 0x0031 frame. The Pads octets (§4.2) are removed
 * from the end, the LAN FCS is checked and removed when F is set, and a Z frame is re-padded with
 * zeros to the 802.3 minimum (when acceptTinygrams; otherwise TINYGRAM_UNNEGOTIATED).
 */
BcpFrameError DecodeBcpFrame(const uint8_t* data,
                             size_t size,
                             bool acceptTinygrams,
                             BcpBridgedFrame& out);

/** \brief Encode an Ethernet frame (from its destination address) as a 0x0031 Information field,
 * with or without the LAN FCS (F). */
Bytes EncodeBcpFrame(const Bytes& ethernet, bool withLanFcs);

/** \brief The IEEE 802.3 CRC-32 (as transmitted in the FCS field, little-endian order). */
uint32_t Ieee8023Crc32(const uint8_t* data, size_t size);

} // namespace ns3

#endif
