/**
 * \file
 * \brief The overhead calculator behind `l2tplab mtu`: parse a stack spec (`ipsec-natt:aes128-sha1,
 * l2tp,ppp:acfc,pfc,bcp`), lay out every header a packet gets on the underlay link, and find the
 * largest inner IP packet that fits. Pure functions: no ns-3, no I/O; used by the CLI, the Python
 * module, the docs generator and scenarios.
 */
#ifndef L2TPLAB_MTU_MTU_CALCULATOR_H
#define L2TPLAB_MTU_MTU_CALCULATOR_H

#include "model/mtu/mtu-layers.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/** \brief A parsed stack spec: the layers (outermost first) and every option resolved. */
struct MtuStackSpec
{
    std::string text;             //!< the spec as written
    std::vector<MtuLayer> layers; //!< outermost first
    bool gtpuIpv6{false};         //!< gtpu:ip6, the GTP-U path runs over IPv6
    bool gtpuExt{false};          //!< gtpu:ext, the optional 4-octet GTP-U fields are present
    const EspCipherInfo* cipher{nullptr}; //!< ESP encryption (ipsec / ipsec-natt)
    const EspIntegInfo* integ{nullptr};   //!< ESP integrity, nullptr with an AEAD cipher
    bool espTunnel{false};                //!< tunnel mode (an inner IP header inside ESP)
    bool l2tpLength{false};               //!< L bit: Length field present
    bool l2tpSequence{false};             //!< S bit: Ns and Nr present
    bool l2tpOffset{false};               //!< O bit: Offset Size present
    uint16_t l2tpOffsetPad{0};            //!< Offset Pad octets
    bool acfc{false};                     //!< Address-and-Control-Field-Compression
    bool pfc{false};                      //!< Protocol-Field-Compression
    bool mpShort{false};                  //!< MP short sequence number header format
    uint32_t mrru{0};                     //!< MP MRRU, 0 = not given
    bool bcpVlan{false};                  //!< bcp:vlan, the bridged frames carry an 802.1Q tag
    bool bcpFcs{false};                   //!< bcp:fcs, the LAN FCS is kept (F flag)

    /** \brief True if the stack names `layer`. */
    bool Has(MtuLayer layer) const;
};

/**
 * \brief Parse a stack spec: layers separated by commas, options after a colon and separated by
 * colons or commas (`ppp:acfc,pfc` = `ppp:acfc:pfc`). A comma-separated word that is not a layer
 * is an option of the layer before it.
 * \return false with a one-line `error` naming the offending word and what would be accepted
 */
bool ParseMtuStack(const std::string& text, MtuStackSpec& out, std::string& error);

/** \brief Where a header sits relative to ESP (everything is OUTER without ESP). */
enum class MtuPart : uint8_t
{
    OUTER,     //!< sent in the clear before the ESP payload (or no ESP at all)
    ENCRYPTED, //!< inside the ESP payload, in front of the inner packet
    TRAILER,   //!< ESP padding, pad length, next header, ICV
};

/** \brief One header (or trailer) of the layout, at the largest inner packet. */
struct MtuRow
{
    std::string layer;            //!< layer token (`l2tp`), `ip` for the underlay IP header
    std::string field;            //!< what the bytes are (`L2TP data header`)
    uint32_t bytes{0};            //!< octets
    std::string detail;           //!< how the bytes add up, options applied
    std::string refs;             //!< RFC sections
    MtuPart part{MtuPart::OUTER}; //!< clear, encrypted, or ESP trailer
};

/** \brief What the calculator found for one underlay and stack. */
struct MtuResult
{
    uint32_t underlay{0};       //!< link MTU under everything (e.g. Ethernet 1500)
    uint8_t underlayIp{4};      //!< IP version of the tunnel's own IP header
    std::string stack;          //!< the spec as written
    std::vector<MtuRow> rows;   //!< every header, outermost first, trailers last
    bool fits{false};           //!< an inner packet of at least 1 octet fits
    uint32_t innerMtu{0};       //!< largest inner IP packet that crosses unfragmented
    uint32_t overhead{0};       //!< underlay - innerMtu
    int32_t mssIpv4{0};         //!< TCP MSS of an IPv4 inner packet (innerMtu - 40)
    int32_t mssIpv6{0};         //!< TCP MSS of an IPv6 inner packet (innerMtu - 60)
    int32_t pppMru{-1};         //!< PPP information field at the limit (-1: no ppp layer)
    bool esp{false};            //!< ESP in the stack
    uint16_t espAlign{0};       //!< the encrypted part is a multiple of this
    uint32_t espOuter{0};       //!< octets before the encrypted part (incl. ESP header and IV)
    uint32_t espInner{0};       //!< headers inside the encrypted part, in front of the inner packet
    uint32_t espIcv{0};         //!< ICV octets
    uint32_t espUnusable{0};    //!< link octets no inner packet can use (alignment)
    std::string espExplain;     //!< the padding arithmetic, as a sentence
    int32_t mpFragmentData{-1}; //!< MP: largest packet data per fragment (-1: no mp)
    uint32_t mrruInnerMtu{0};   //!< MP with mrru: largest inner packet reassembled
    uint32_t mrruFragments{0};  //!< MP with mrru: fragments such a packet needs
    std::vector<std::string> notes; //!< warnings and remarks (minimum MTUs, ...)
};

/**
 * \brief Lay out `spec` over an underlay link of `underlay` octets whose tunnel IP header is IPv4
 * (`ipVersion` 4) or IPv6 (6).
 * \return false with `error` if the arguments are out of range (the stack not fitting is a result:
 * `fits` false)
 */
bool ComputeMtu(uint32_t underlay,
                uint8_t ipVersion,
                const MtuStackSpec& spec,
                MtuResult& out,
                std::string& error);

/**
 * \brief Octets on the underlay link for an inner IP packet of `inner` octets through the layout of
 * `r` (ESP padding applied): the packet crosses unfragmented iff this is <= r.underlay.
 */
uint32_t MtuWireSize(const MtuResult& r, uint32_t inner);

/** \brief Human table (the CLI's output). */
std::string FormatMtuText(const MtuResult& r);

/**
 * \brief Why RouterOS defaults to max-mtu/max-mru 1460 and 1450, computed with this calculator
 * (several lines, no trailing newline).
 */
std::string RouterOsDefaultsExplanation();

/** \brief The generated part of docs/mtu.md: layer table, ESP transforms, worked examples. */
std::string MtuDocTables();

} // namespace ns3

#endif
