/**
 * \file
 * \brief Small text helpers shared by every layer: the one unsigned-number parser and the one glob
 * matcher of the project.
 */
#ifndef L2TPLAB_COMMON_TEXT_H
#define L2TPLAB_COMMON_TEXT_H

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \brief Parse the whole of `s` as an unsigned integer with strtoull() in `base` (0: "0x1f" hex,
 * "017" octal, else decimal, as tshark prints fields).
 * \return false (v untouched) if s is empty, has trailing characters or is out of range
 */
bool ParseUnsigned(const std::string& s, uint64_t& v, int base = 0);

/** \brief ParseUnsigned(s) or 0 when it fails (for fields where "absent" and 0 mean the same). */
uint64_t UnsignedOrZero(const std::string& s);

/** \brief Dotted quad of a host-order IPv4 address ("192.0.2.1"): the one formatter of every layer.
 */
std::string Ipv4Text(uint32_t hostOrder);

/** \brief GlobMatch() separator that makes `*` and `?` cross every character. */
constexpr char kGlobNoSeparator = '\0';

/**
 * \brief Glob over the whole text. `?` is one character, `*` any run (also empty); with a
 * separator ('/' for paths) `*` and `?` stay inside one separator-delimited segment and `**` is the
 * run that crosses segments. Case-sensitive: callers fold case first if they want to. Patterns are
 * short (written by people), so plain backtracking is fine.
 */
bool GlobMatch(const std::string& pattern, const std::string& text, char separator = '/');

} // namespace ns3

#endif
