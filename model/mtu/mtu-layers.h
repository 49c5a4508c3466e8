/**
 * \file
 * \brief The MTU calculator's facts as data: one row per layer kind a stack spec may name (what it
 * adds, how its options change that, the RFC that says so), and the ESP transform rows (block
 * size, IV and ICV lengths). Pure data, no ns-3; read by the spec parser, the calculator and the
 * generated tables of docs/mtu.md.
 */
#ifndef L2TPLAB_MTU_MTU_LAYERS_H
#define L2TPLAB_MTU_MTU_LAYERS_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/** \brief A layer kind a stack spec names (outermost first in a spec). */
enum class MtuLayer : uint8_t
{
    PPPOE,      //!< PPPoE session stage under the tunnel's IP (RFC 2516)
    GTPU,       //!< GTP-U user plane of an LTE path under the tunnel's IP (3GPP TS 29.281)
    IPSEC,      //!< ESP straight on IP (RFC 4303), transport (L2TP/IPsec) or tunnel mode
    IPSEC_NATT, //!< ESP in UDP port 4500 for NAT traversal (RFC 3948)
    L2TP,       //!< UDP + the L2TP data message header (RFC 2661 §3.1)
    PPP,        //!< PPP address/control and protocol fields (RFC 1661, RFC 1662)
    MP,         //!< Multilink PPP fragment header (RFC 1990)
    MPPE,       //!< MPPE-encrypted PPP packet (RFC 3078)
    BCP,        //!< bridged Ethernet over PPP (RFC 3518)
};

/**
 * \brief One row of the layer table. `rank` orders layers: a spec lists them with rising rank
 * (rank 0, the link underlays pppoe and gtpu, in any order); every layer at most once.
 */
struct MtuLayerInfo
{
    MtuLayer layer;      //!< kind
    const char* token;   //!< spec name (`l2tp`)
    uint8_t rank;        //!< position class, outermost 0
    const char* options; //!< accepted options, as a user writes them
    const char* bytes;   //!< how many bytes it adds and how the options change that
    const char* refs;    //!< where the RFCs (or 3GPP) define the fields
};

/** \brief Every layer kind, in rank order. */
const std::vector<MtuLayerInfo>& MtuLayerTable();

/** \brief Row of `layer`. */
const MtuLayerInfo& MtuLayerInfoOf(MtuLayer layer);

/** \brief Row whose token is `token`, or nullptr. */
const MtuLayerInfo* FindMtuLayer(const std::string& token);

/**
 * \brief An ESP encryption transform. `align` is what the encrypted part (payload + padding + Pad
 * Length + Next Header) must be a multiple of: the cipher's block size, and at least 4 (RFC 4303
 * §2.4). AEAD transforms carry their own ICV.
 */
struct EspCipherInfo
{
    const char* name;  //!< spec name (`aes128`)
    uint16_t align;    //!< encrypted part is a multiple of this
    uint16_t ivLength; //!< IV octets in front of the payload
    uint16_t aeadIcv;  //!< ICV octets of an AEAD transform, 0 = needs an integrity transform
    const char* refs;  //!< RFC defining IV and block size
};

/** \brief An ESP integrity transform: its truncated ICV length. */
struct EspIntegInfo
{
    const char* name;   //!< spec name (`sha1`)
    uint16_t icvLength; //!< ICV octets at the end of the packet
    const char* refs;   //!< RFC defining the truncation
};

/** \brief ESP encryption transforms the calculator knows. */
const std::vector<EspCipherInfo>& EspCipherTable();

/** \brief ESP integrity transforms the calculator knows. */
const std::vector<EspIntegInfo>& EspIntegTable();

/** \brief Cipher named `name`, or nullptr. */
const EspCipherInfo* FindEspCipher(const std::string& name);

/** \brief Integrity transform named `name`, or nullptr. */
const EspIntegInfo* FindEspInteg(const std::string& name);

} // namespace ns3

#endif
