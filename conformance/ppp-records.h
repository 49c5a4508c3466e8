/**
 * \file
 * \brief PPP packets extracted from a capture by tshark (the same JSON pass as the L2TP records,
 * records.h): PPP carried in L2TP data messages and PPP on any other link tshark decodes (PPPoE,
 * a PPP link-type capture, ...).
 *
 * One PppRecord per PPP layer tshark printed. Field values come from the dissector's fields
 * (`ppp.code`, `chap.identifier`, `lcp.opt.type`, ...); option VALUE bytes and the packet bytes
 * come from the `-x` raw hex tshark attaches to the same items (never from our own PPP codec), so
 * the records are as independent of model/ppp as the L2TP records are of model/l2tp.
 *
 * Quirks handled (Wireshark 4.0):
 *  - LCP, IPCP, BCP (`bcp_ncp`), CCP, IPV6CP and MPLSCP put Code/Identifier/Length in `ppp.code`,
 *    `ppp.identifier`, `ppp.length`; CHAP and PAP use `chap.*` / `pap.*`.
 *  - Option subtrees are named per option (`lcp.opt.mtu_bytes`, `ipcp.opt.addr`, ...), and an
 *    option whose length the dissector considers wrong gets NO Type/Length items, only an expert
 *    warning. Options are therefore read by a Type/Length walk over the packet octets tshark
 *    delimited (the layer's raw bytes, bounded by Length), not from the subtrees.
 *  - The layer's raw bytes are bounded by the Length field when it fits the frame; when Length is
 *    larger than the frame, the raw bytes are what the frame had and `_ws.malformed` is set.
 *  - A Protocol-Reject prints the rejected packet as a NESTED layer inside `lcp`; it is not a
 * record of its own.
 *  - MP (RFC 1990): tshark reassembles fragments and prints the reassembled inner PPP as a second
 *    `ppp` layer after `mp`; that inner packet gets its own record with insideMp set.
 */
#ifndef L2TPLAB_CONFORMANCE_PPP_RECORDS_H
#define L2TPLAB_CONFORMANCE_PPP_RECORDS_H

#include "conformance/interned-text.h"
#include "model/common/time.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

struct TsharkNode;

/** \brief PPP protocol numbers the checks refer to (RFC 1661 §2 and the per-protocol RFCs). */
namespace pppproto
{
constexpr uint16_t IPV4 = 0x0021;   //!< RFC 1332
constexpr uint16_t MP = 0x003d;     //!< RFC 1990
constexpr uint16_t LCP = 0xc021;    //!< RFC 1661
constexpr uint16_t PAP = 0xc023;    //!< RFC 1334
constexpr uint16_t CHAP = 0xc223;   //!< RFC 1994
constexpr uint16_t IPCP = 0x8021;   //!< RFC 1332
constexpr uint16_t BCP = 0x8031;    //!< RFC 3518
constexpr uint16_t CCP = 0x80fd;    //!< RFC 1962
constexpr uint16_t IPV6CP = 0x8057; //!< RFC 5072
constexpr uint16_t MPLSCP = 0x8281; //!< RFC 3032 §4.3.1
} // namespace pppproto

/** \brief RFC 1661 §5 packet codes (LCP; NCPs use 1..7). */
namespace pppcode
{
constexpr uint8_t CONFIGURE_REQUEST = 1;
constexpr uint8_t CONFIGURE_ACK = 2;
constexpr uint8_t CONFIGURE_NAK = 3;
constexpr uint8_t CONFIGURE_REJECT = 4;
constexpr uint8_t TERMINATE_REQUEST = 5;
constexpr uint8_t TERMINATE_ACK = 6;
constexpr uint8_t CODE_REJECT = 7;
constexpr uint8_t PROTOCOL_REJECT = 8;
constexpr uint8_t ECHO_REQUEST = 9;
constexpr uint8_t ECHO_REPLY = 10;
constexpr uint8_t DISCARD_REQUEST = 11;
} // namespace pppcode

/** \brief RFC 1994 §4 CHAP codes. */
namespace chapcode
{
constexpr uint8_t CHALLENGE = 1;
constexpr uint8_t RESPONSE = 2;
constexpr uint8_t SUCCESS = 3;
constexpr uint8_t FAILURE = 4;
} // namespace chapcode

/**
 * \brief The value octets of a Configuration Option (at most 253): up to kInline octets held in
 * place, longer values on the heap. Nearly every option (MRU, ACCM, Magic-Number, an
 * Authentication-Protocol, an IP address, an MPPE bit set, an IPv6 interface identifier) fits in
 * place, so a Configure-Request's options cost no allocation each (a capture of session setups
 * holds millions of them). Reads like a const std::vector<uint8_t>.
 */
class OptionValue
{
public:
    static constexpr size_t kInline = 14; //!< octets held in place

    OptionValue() = default;
    /** \brief From a vector (tests, hand-made records). */
    OptionValue(const std::vector<uint8_t>& v) // NOLINT(google-explicit-constructor)
    {
        assign(v.data(), v.data() + v.size());
    }
    OptionValue(const OptionValue& o) { assign(o.data(), o.data() + o.size()); }
    OptionValue(OptionValue&& o) noexcept;
    OptionValue& operator=(const OptionValue& o);
    OptionValue& operator=(OptionValue&& o) noexcept;
    ~OptionValue() { Release(); }

    /** \brief Replace the value by [b, e). */
    void assign(const uint8_t* b, const uint8_t* e);
    size_t
    size() const
    {
        return m_size;
    }

    bool
    empty() const
    {
        return m_size == 0;
    }

    const uint8_t*
    data() const
    {
        return m_size > kInline ? m_heap : m_inline;
    }

    const uint8_t*
    begin() const
    {
        return data();
    }

    const uint8_t*
    end() const
    {
        return data() + m_size;
    }

    uint8_t
    operator[](size_t i) const
    {
        return data()[i];
    }

    /** \brief A copy as a vector. */
    std::vector<uint8_t>
    ToVector() const
    {
        return std::vector<uint8_t>(begin(), end());
    }

    /** \brief Read as a vector (HexBytes and other helpers that take one). */
    operator std::vector<uint8_t>() const // NOLINT(google-explicit-constructor)
    {
        return ToVector();
    }

    /** \brief Same octets. */
    bool operator==(const OptionValue& o) const;
    /** \brief Same octets. */
    bool operator==(const std::vector<uint8_t>& v) const;

    /** \brief Not operator==. */
    bool
    operator!=(const OptionValue& o) const
    {
        return !(*this == o);
    }

private:
    void Release();

    uint8_t m_size{0}; //!< octets (an option holds at most 253)
    union
    {
        uint8_t m_inline[kInline]{}; //!< m_size <= kInline
        uint8_t* m_heap;             //!< m_size > kInline: new[]'d
    };
};

/** \brief One Configuration Option as tshark dissected it. */
struct PppOption
{
    uint8_t type{0};   //!< Type (`<proto>.opt.type`)
    uint8_t length{0}; //!< Length (`<proto>.opt.length`), header included
    OptionValue value; //!< the Length-2 value octets (from the option's raw bytes)

    /** \brief Same type, length and value octets. */
    bool
    operator==(const PppOption& o) const
    {
        return type == o.type && length == o.length && value == o.value;
    }

    /** \brief Not operator==. */
    bool
    operator!=(const PppOption& o) const
    {
        return !(*this == o);
    }
};

/** \brief CHAP Value and Name of a Challenge or Response (RFC 1994 §4.1), held apart from the
 * record: most PPP packets have none. */
struct PppChapData
{
    std::vector<uint8_t> value; //!< Value
    std::string name;           //!< Name
};

/** \brief One PPP packet. */
struct PppRecord
{
    // Members are ordered by size, widest first, so that the record has no padding: a capture of
    // session setups holds a million of them.
    TimeNs time{0}; //!< ns since the first frame
    InternedText
        srcIp; //!< innermost IP source before the PPP layer ("" if none, e.g. PPP link type)
    InternedText dstIp; //!< innermost IP destination before the PPP layer
    /**
     * \brief Link-layer source of a PPP packet with no IP layer before it (PPPoE: the Ethernet
     * address, `eth.src`), else "". Names the ends of a PPPoE link, as srcIp does for L2TP.
     */
    InternedText srcLink;
    InternedText dstLink; //!< link-layer destination (`eth.dst`), see srcLink
    std::vector<uint8_t>
        bytes; //!< the packet from Code on, as tshark bounded it (see file comment)
    std::vector<PppOption> options;        //!< Configure-*: the options, in wire order
    std::vector<std::string> expertErrors; //!< expert messages with severity error
    /** \brief CHAP Challenge/Response Value and Name (ChapValue(), ChapName()); nullptr when the
     * packet has none, as most have. */
    std::shared_ptr<const PppChapData> chap;

    uint32_t frame{0}; //!< frame number (1-based)
    int l2tpIndex{-1}; //!< index of the L2TP message in RecordSet::records (-1: not kept there)
    /**
     * \brief When the data message carrying this packet was counted in its session instead of
     * kept (l2tpIndex -1; l2tp-flows.h FlowIndexBuilder::Absorb): that session's index in
     * FlowIndex::sessions and the sending side (0/1), as FlowIndex::sessionOf and senderSide give
     * them for a kept message; else -1.
     */
    int l2tpSession{-1};
    int l2tpSender{-1};     //!< see l2tpSession
    int pppDirection{-1};   //!< `ppp.direction` when the link type records it (0 = sent), else -1
    uint32_t magic{0};      //!< Echo-Request/-Reply/Discard-Request Magic-Number (hasMagic)
    uint32_t mpSequence{0}; //!< MP sequence number (isMpHeader)

    uint16_t srcPort{0};          //!< UDP source port (0 if none)
    uint16_t dstPort{0};          //!< UDP destination port
    uint16_t l2tpTunnelId{0};     //!< header Tunnel ID of the L2TP message carrying it
    uint16_t l2tpSessionId{0};    //!< its header Session ID
    uint16_t protocol{0};         //!< PPP Protocol field
    uint16_t length{0};           //!< Length field
    uint16_t rejectedProtocol{0}; //!< Protocol-Reject's Rejected-Protocol (hasRejectedProtocol)
    uint16_t pppoeSession{0};     //!< PPPoE SESSION_ID (`pppoes.session_id`; inPppoe)

    bool inL2tp{false};              //!< carried in an L2TP data message
    bool inPppoe{false};             //!< carried in a PPPoE session frame (RFC 2516)
    bool insideMp{false};            //!< the inner packet of an MP fragment / reassembly
    bool hasHeader{false};           //!< Code/Identifier/Length were dissected (control protocols)
    uint8_t code{0};                 //!< Code
    uint8_t identifier{0};           //!< Identifier
    bool frameTruncated{false};      //!< the frame was cut by the capture snap length
    bool hasOptions{false};          //!< a Configure-* packet: options were walked
    bool optionsWellFormed{true};    //!< the Type/Length walk ended exactly at Length
    bool hasMagic{false};            //!< the Magic-Number was dissected
    bool hasRejectedProtocol{false}; //!< the Rejected-Protocol was dissected
    bool hasChapValue{false};        //!< CHAP Challenge/Response Value-Size was dissected
    uint8_t chapValueSize{0};        //!< Value-Size
    bool isMpHeader{false};          //!< protocol 0x003d with an MP header dissected
    bool mpBegin{false};             //!< (B)eginning fragment bit
    bool mpEnd{false};               //!< (E)nding fragment bit
    bool mpShortSequence{false};     //!< 12-bit sequence number format
    uint8_t mpReservedBits{0};       //!< the reserved bits between E and the sequence number
    bool malformed{false};           //!< `_ws.malformed` or an expert error in the frame

    /** \brief CHAP Value (empty if none was dissected). */
    const std::vector<uint8_t>& ChapValue() const;
    /** \brief CHAP Name ("" if none was dissected). */
    const std::string& ChapName() const;
    /** \brief Set the CHAP Value and Name. */
    void SetChap(std::vector<uint8_t> value, std::string name);

    /** \brief "10.0.0.1:1701"; without an IP layer the link-layer address (PPPoE), else "?". */
    std::string Src() const;
    /** \brief Destination as Src() prints it. */
    std::string Dst() const;
    /** \brief "LCP Configure-Request id 1", "CHAP Response id 7", "MP fragment seq 3", "IPv4". */
    std::string Describe() const;
    /** \brief Octets after the 4-octet Code/Identifier/Length header, bounded by Length. */
    std::vector<uint8_t> Data() const;
    /** \brief First option of that type, or nullptr. */
    const PppOption* FindOption(uint8_t type) const;
    /** \brief True for the control protocols that use the RFC 1661 packet format (LCP, NCPs). */
    bool
    IsNegotiation() const
    {
        // Inline: rules ask it of every PPP record of a capture, several times over.
        return protocol == pppproto::LCP || protocol == pppproto::IPCP ||
               protocol == pppproto::BCP || protocol == pppproto::CCP ||
               protocol == pppproto::IPV6CP || protocol == pppproto::MPLSCP;
    }
};

/**
 * \brief The link a PPP packet not attributed to an L2TP session belongs to, as the PPP rules'
 * link view names it: its two endpoints in order ("ip:port ip:port", plus " L2TP" when carried in
 * L2TP; "mac mac PPPoE 0x1a2b" for a PPPoE session), and dir = 0 when sent from the lower
 * endpoint, else 1.
 */
std::string PppEndpointLink(const PppRecord& r, int& dir);

/** \brief "LCP", "IPCP", "CHAP", "0x1234". */
std::string PppProtocolLabel(uint16_t protocol);
/** \brief "Configure-Request", "Challenge", "Code(32)". */
std::string PppCodeName(uint16_t protocol, uint8_t code);

/**
 * \brief Fill a record from one tshark layer of a PPP frame.
 * \param layerName the layer key ("ppp", "lcp", "chap", "mp", ...)
 * \param layer its subtree
 * \param rawHex the layer's `<name>_raw` hex ("" if absent)
 * \param r the record being built (the "ppp" layer starts it; the next layer completes it)
 * \return true if the layer was a PPP layer this module understands
 */
bool FillPppRecordFromLayer(const std::string& layerName,
                            const TsharkNode& layer,
                            const std::string& rawHex,
                            PppRecord& r);

/**
 * \brief Options of a Configure-* packet: a Type/Length walk over r.bytes bounded by r.length
 * (fills options and optionsWellFormed; the tshark path and the fast engine share it).
 */
void WalkPppOptions(PppRecord& r);

/** \brief True for a PPP control packet (protocol >= 0x8000: NCPs, LCP, PAP, CHAP, ...); false for
 * network payload (IP, bridged frames, MP, compressed datagrams). */
bool IsPppControlPacket(const PppRecord& p);

/** \brief Hex text ("0a0b", "0a:0b") to bytes; stops at the first non-hex pair. */
std::vector<uint8_t> HexToBytes(const std::string& hex);

} // namespace ns3

#endif
