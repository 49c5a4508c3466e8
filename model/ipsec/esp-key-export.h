/**
 * \file
 * \brief Wireshark's `esp_sa` file (the ESP SA table of Preferences > Protocols > ESP, a "UAT"
 * file in the Wireshark configuration directory): written for every SA of a run so that tshark /
 * Wireshark decrypt its ESP, and read back (a run's or a real peer's, e.g.
 * pcaps/reference/strongswan/l2tp-ipsec-natt.keys/esp_sa).
 *
 * Format (Wireshark 4.0, epan/dissectors/packet-ipsec.c, the fields of its ESP SA table): one SA
 * per line, eight comma-separated double-quoted fields:
 *   "IPv4","<src>","<dst>","0x<spi 8 hex>","<encryption>","0x<key hex>","<authentication>","0x<key
 * hex>" protocol is "IPv4" or "IPv6"; addresses may be "*" (any); encryption and authentication are
 * the names of the table's value lists (EspCipherInfo::wireshark, EspIntegrityInfo::wireshark); for
 * AES-GCM the key is key || 4-octet salt and authentication is "NULL". Lines starting with '#' are
 * comments. ESP decryption itself is off in Wireshark's defaults: pass
 * `-o esp.enable_encryption_decode:TRUE` (and `-o esp.enable_authentication_check:TRUE` to have
 * the ICV checked), with the directory as WIRESHARK_CONFIG_DIR:
 *   WIRESHARK_CONFIG_DIR=out/<run>/keys tshark -o esp.enable_encryption_decode:TRUE -r <pcap>
 */
#ifndef L2TPLAB_IPSEC_ESP_KEY_EXPORT_H
#define L2TPLAB_IPSEC_ESP_KEY_EXPORT_H

#include "model/ipsec/esp.h"

#include <string>
#include <vector>

namespace ns3
{

/** \brief One line of an esp_sa file. */
struct EspSaKeyRow
{
    bool ipv6{false};                                   //!< "IPv6" instead of "IPv4"
    std::string src;                                    //!< source address or "*"
    std::string dst;                                    //!< destination address or "*"
    uint32_t spi{0};                                    //!< SPI
    EspCipher cipher{EspCipher::AES_CBC_128};           //!< encryption
    Bytes encKey;                                       //!< key (|| salt for GCM)
    EspIntegrity integrity{EspIntegrity::HMAC_SHA1_96}; //!< authentication
    Bytes authKey;                                      //!< HMAC key
};

/** \brief The row of an SA (addresses "*" where the config has none). */
EspSaKeyRow EspSaKeyRowFromConfig(const EspSaConfig& cfg);

/**
 * \brief The text of an esp_sa file: a comment header, then one line per row. A row whose
 * address holds anything but hex digits, '.', ':' or '*' is written as "*" (a UAT field cannot
 * be allowed to break the quoting).
 */
std::string FormatWiresharkEspSa(const std::vector<EspSaKeyRow>& rows);

/** \brief Write FormatWiresharkEspSa(rows) to `dir`/esp_sa; false with error on I/O failure. */
bool WriteWiresharkEspSa(const std::string& dir,
                         const std::vector<EspSaKeyRow>& rows,
                         std::string& error);

/**
 * \brief Parse esp_sa text. Rows whose algorithms this project does not implement (e.g. DES,
 * Blowfish) or whose fields are malformed are skipped and each is described in `errors`
 * ("line N: ..."); the rows read are returned.
 */
std::vector<EspSaKeyRow> ParseWiresharkEspSa(const std::string& text,
                                             std::vector<std::string>& errors);

} // namespace ns3

#endif
