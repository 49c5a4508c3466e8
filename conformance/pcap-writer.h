/**
 * \file
 * \brief Minimal capture writer for tests and fuzzing: classic pcap (Ethernet link type,
 * microsecond timestamps) with Ethernet/IPv4/UDP frames, and a raw L2TP byte builder that is
 * deliberately NOT our model codec (it can produce any bit pattern, including wrong ones, so
 * negative tests can mutate a capture freely).
 */
#ifndef L2TPLAB_CONFORMANCE_PCAP_WRITER_H
#define L2TPLAB_CONFORMANCE_PCAP_WRITER_H

#include "model/common/time.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/** \brief One raw AVP. Every header field can be forced. */
struct RawAvp
{
    uint16_t type{0};           //!< Attribute Type
    std::vector<uint8_t> value; //!< value bytes as sent (already hidden if hidden)
    bool mandatory{true};       //!< M bit
    bool hidden{false};         //!< H bit
    uint16_t vendor{0};         //!< Vendor ID
    int lengthOverride{-1};     //!< >= 0: write this Length instead of 6 + value size
    uint8_t reservedBits{0};    //!< the 4 reserved bits (0..15)

    /** \brief AVP with a 16-bit value. */
    static RawAvp U16(uint16_t type, uint16_t v, bool mandatory = true);
    /** \brief AVP with a 32-bit value. */
    static RawAvp U32(uint16_t type, uint32_t v, bool mandatory = true);
    /** \brief AVP with a string value. */
    static RawAvp Str(uint16_t type, const std::string& s, bool mandatory = true);
    /** \brief AVP with raw bytes. */
    static RawAvp Bytes(uint16_t type, std::vector<uint8_t> b, bool mandatory = true);
};

/** \brief Header fields of a raw L2TP message. */
struct RawL2tp
{
    uint16_t flags{0xC802};       //!< first header word (default: control, L, S, Ver 2)
    uint16_t tunnelId{0};         //!< header Tunnel ID
    uint16_t sessionId{0};        //!< header Session ID
    uint16_t ns{0};               //!< Ns (written if the S bit is set)
    uint16_t nr{0};               //!< Nr (written if the S bit is set)
    std::vector<RawAvp> avps;     //!< control message body
    std::vector<uint8_t> payload; //!< data message body (after the header)
    int lengthOverride{-1};       //!< >= 0: write this Length instead of the message's size

    /** \brief A control message; the first AVP is a Message Type AVP of type mt (0 = ZLB, no AVP).
     */
    static RawL2tp Control(uint16_t mt, uint16_t tid, uint16_t sid, uint16_t ns, uint16_t nr);
    /** \brief A data message with L bit set and no sequence numbers. */
    static RawL2tp Data(uint16_t tid, uint16_t sid, std::vector<uint8_t> ppp);
    /** \brief Append an AVP (fluent). */
    RawL2tp& Add(RawAvp a);
    /** \brief Serialize: header fields as the flags say (Length patched when L is set). */
    std::vector<uint8_t> Bytes() const;
};

/** \brief One frame to write. */
struct PcapPacket
{
    TimeNs time{0};                  //!< capture time (from the file's epoch)
    std::string srcIp;               //!< dotted IPv4
    std::string dstIp;               //!< dotted IPv4
    uint16_t srcPort{1701};          //!< UDP source port
    uint16_t dstPort{1701};          //!< UDP destination port
    std::vector<uint8_t> udpPayload; //!< e.g. RawL2tp::Bytes()
};

/**
 * \brief Write Ethernet/IPv4/UDP frames as a classic pcap file.
 * \return false (and error) if the file cannot be written or an address does not parse
 */
bool WritePcap(const std::string& path, const std::vector<PcapPacket>& packets, std::string& error);

} // namespace ns3

#endif
