#include "model/ipsec/esp-key-export.h"

#include "model/common/file-io.h"

#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace ns3
{

namespace
{

bool
SafeAddress(const std::string& a)
{
    if (a.empty())
    {
        return false;
    }
    for (char ch : a)
    {
        bool ok = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
                  (ch >= 'A' && ch <= 'F') || ch == '.' || ch == ':' || ch == '*';
        if (!ok)
        {
            return false;
        }
    }
    return true;
}

std::string
Quote(const std::string& s)
{
    return "\"" + s + "\"";
}

std::string
HexKey(const Bytes& k)
{
    return "0x" + ToHex(k);
}

/** \brief Split one UAT line into its quoted fields; false if it is not a list of them. */
bool
SplitUatLine(const std::string& line, std::vector<std::string>& fields)
{
    fields.clear();
    size_t i = 0;
    while (i < line.size())
    {
        if (line[i] != '"')
        {
            return false;
        }
        size_t end = line.find('"', i + 1);
        if (end == std::string::npos)
        {
            return false;
        }
        std::string f = line.substr(i + 1, end - i - 1);
        if (f.find('\\') != std::string::npos)
        {
            return false; // escapes never appear in the fields this table uses
        }
        fields.push_back(f);
        i = end + 1;
        if (i < line.size())
        {
            if (line[i] != ',')
            {
                return false;
            }
            ++i;
        }
    }
    return true;
}

bool
ParseHexKey(const std::string& s, Bytes& out)
{
    out.clear();
    if (s.size() < 2 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
    {
        return false;
    }
    return FromHex(s.substr(2), out);
}

bool
FindCipherByWireshark(const std::string& name, size_t keyLen, EspCipher& out)
{
    size_t n = 0;
    const EspCipherInfo* rows = EspCipherTable(n);
    for (size_t i = 0; i < n; ++i)
    {
        if (name == rows[i].wireshark && EspCipherKeyMaterial(rows[i].id) == keyLen)
        {
            out = rows[i].id;
            return true;
        }
    }
    return false;
}

bool
FindIntegrityByWireshark(const std::string& name, EspIntegrity& out)
{
    size_t n = 0;
    const EspIntegrityInfo* rows = EspIntegrityTable(n);
    for (size_t i = 0; i < n; ++i)
    {
        if (name == rows[i].wireshark)
        {
            out = rows[i].id;
            return true;
        }
    }
    return false;
}

/** \brief One data line into a row; "" on success, else what is wrong. */
std::string
ParseRow(const std::string& line, EspSaKeyRow& row)
{
    std::vector<std::string> f;
    if (!SplitUatLine(line, f))
    {
        return "not a list of double-quoted fields";
    }
    if (f.size() != 8)
    {
        return "expected 8 fields, got " + std::to_string(f.size());
    }
    if (f[0] != "IPv4" && f[0] != "IPv6")
    {
        return "protocol '" + f[0] + "' is neither IPv4 nor IPv6";
    }
    row.ipv6 = f[0] == "IPv6";
    row.src = f[1];
    row.dst = f[2];
    char* end = nullptr;
    unsigned long long spi = std::strtoull(f[3].c_str(), &end, 0);
    if (f[3].empty() || f[3][0] < '0' || f[3][0] > '9' || *end != '\0' || spi > 0xFFFFFFFFull)
    {
        return "SPI '" + f[3] + "' is not a 32-bit number";
    }
    row.spi = static_cast<uint32_t>(spi);
    if (!ParseHexKey(f[5], row.encKey) ||
        !FindCipherByWireshark(f[4], row.encKey.size(), row.cipher))
    {
        return "encryption '" + f[4] + "' with a " + std::to_string(row.encKey.size()) +
               "-octet key is not supported";
    }
    if (!FindIntegrityByWireshark(f[6], row.integrity))
    {
        return "authentication '" + f[6] + "' is not supported";
    }
    if (row.integrity == EspIntegrity::NONE)
    {
        row.authKey.clear();
    }
    else if (!ParseHexKey(f[7], row.authKey))
    {
        return "authentication key '" + f[7] + "' is not 0x-prefixed hex";
    }
    return "";
}

} // namespace

EspSaKeyRow
EspSaKeyRowFromConfig(const EspSaConfig& cfg)
{
    EspSaKeyRow r;
    r.ipv6 = cfg.dst.find(':') != std::string::npos || cfg.src.find(':') != std::string::npos;
    r.src = cfg.src.empty() ? "*" : cfg.src;
    r.dst = cfg.dst.empty() ? "*" : cfg.dst;
    r.spi = cfg.spi;
    r.cipher = cfg.cipher;
    r.encKey = cfg.encKey;
    r.integrity = cfg.integrity;
    r.authKey = cfg.authKey;
    return r;
}

std::string
FormatWiresharkEspSa(const std::vector<EspSaKeyRow>& rows)
{
    std::ostringstream o;
    o << "# Wireshark ESP SAs (Preferences > Protocols > ESP > ESP SAs), written by l2tplab\n"
      << "# protocol, src, dst, SPI, encryption, key, authentication, key\n";
    for (const EspSaKeyRow& r : rows)
    {
        char spi[16];
        std::snprintf(spi, sizeof(spi), "0x%08x", r.spi);
        o << Quote(r.ipv6 ? "IPv6" : "IPv4") << ',' << Quote(SafeAddress(r.src) ? r.src : "*")
          << ',' << Quote(SafeAddress(r.dst) ? r.dst : "*") << ',' << Quote(spi) << ','
          << Quote(GetEspCipherInfo(r.cipher).wireshark) << ',' << Quote(HexKey(r.encKey)) << ','
          << Quote(GetEspIntegrityInfo(r.integrity).wireshark) << ','
          << Quote(r.integrity == EspIntegrity::NONE ? "" : HexKey(r.authKey)) << '\n';
    }
    return o.str();
}

bool
WriteWiresharkEspSa(const std::string& dir,
                    const std::vector<EspSaKeyRow>& rows,
                    std::string& error)
{
    return WriteFile(dir + "/esp_sa", FormatWiresharkEspSa(rows), error);
}

std::vector<EspSaKeyRow>
ParseWiresharkEspSa(const std::string& text, std::vector<std::string>& errors)
{
    std::vector<EspSaKeyRow> rows;
    std::istringstream in(text);
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line))
    {
        ++lineNo;
        if (!line.empty() && line.back() == '\r')
        {
            line.pop_back();
        }
        if (line.empty() || line[0] == '#')
        {
            continue;
        }
        EspSaKeyRow row;
        std::string why = ParseRow(line, row);
        if (!why.empty())
        {
            errors.push_back("line " + std::to_string(lineNo) + ": " + why);
            continue;
        }
        rows.push_back(row);
    }
    return rows;
}

} // namespace ns3
