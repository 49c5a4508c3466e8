#include "runner/scenario-loader.h"

#include "model/common/text.h"
#include "runner/fault-match.h"
#include "runner/schema.h"
#include "runner/units.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <arpa/inet.h>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

namespace ns3
{

// =============================================================================================
// scenario.h helpers (kept here: the runner library has no scenario.cc)
// =============================================================================================

const char*
NodeRoleName(NodeRole r)
{
    switch (r)
    {
    case NodeRole::CLIENT:
        return "client";
    case NodeRole::SERVER:
        return "server";
    case NodeRole::ROUTER:
        return "router";
    case NodeRole::HOST:
        return "host";
    case NodeRole::NAT:
        return "nat";
    case NodeRole::SWITCH:
        return "switch";
    }
    return "?";
}

const char*
CompareOpName(CompareOp op)
{
    switch (op)
    {
    case CompareOp::EQ:
        return "eq";
    case CompareOp::NE:
        return "ne";
    case CompareOp::GE:
        return "ge";
    case CompareOp::LE:
        return "le";
    case CompareOp::GT:
        return "gt";
    case CompareOp::LT:
        return "lt";
    case CompareOp::IN:
        return "in";
    }
    return "?";
}

const ConfigValue&
ConfigObject::Get(const std::string& key) const
{
    static const ConfigValue kEmpty;
    auto it = props.find(key);
    return it == props.end() ? kEmpty : it->second;
}

const ConfigObject*
NodeConfig::Single(const std::string& menu) const
{
    auto it = menus.find(menu);
    if (it == menus.end() || it->second.empty())
    {
        return nullptr;
    }
    return &it->second.front();
}

const std::vector<ConfigObject>&
NodeConfig::List(const std::string& menu) const
{
    static const std::vector<ConfigObject> kNone;
    auto it = menus.find(menu);
    return it == menus.end() ? kNone : it->second;
}

bool
Scenario::CaptureWanted(const std::string& stem) const
{
    if (!captures)
    {
        return false;
    }
    for (const std::string& g : captureGlobs)
    {
        if (GlobMatch(g, stem))
        {
            return true;
        }
    }
    return false;
}

const ScenarioNode*
Scenario::FindNode(const std::string& n) const
{
    for (const auto& node : nodes)
    {
        if (node.name == n)
        {
            return &node;
        }
    }
    return nullptr;
}

const ScenarioLink*
Scenario::FindLink(const std::string& n) const
{
    for (const auto& link : links)
    {
        if (link.name == n)
        {
            return &link;
        }
    }
    return nullptr;
}

const NodeConfig*
Scenario::ConfigFor(const std::string& concreteNode) const
{
    auto it = config.find(concreteNode);
    if (it != config.end())
    {
        return &it->second;
    }
    const ScenarioNode* n = FindNode(concreteNode);
    if (n != nullptr && n->baseName != concreteNode)
    {
        it = config.find(n->baseName);
        if (it != config.end())
        {
            return &it->second;
        }
    }
    return nullptr;
}

std::vector<const LinkEnd*>
Scenario::InterfacesOf(const std::string& concreteNode) const
{
    std::vector<const LinkEnd*> out;
    for (const auto& link : links)
    {
        for (const auto& end : link.ends)
        {
            if (end.node == concreteNode)
            {
                out.push_back(&end);
            }
        }
    }
    return out;
}

std::string
ScenarioError::ToString() const
{
    if (line <= 0)
    {
        return file + ": error: " + message; // a problem with the whole file (cannot open it)
    }
    return file + ":" + std::to_string(line) + ":" + std::to_string(col) + ": error: " + message;
}

std::string
FormatScenarioErrors(const std::vector<ScenarioError>& errors)
{
    std::string out;
    for (const auto& e : errors)
    {
        out += e.ToString() + "\n";
    }
    return out;
}

bool
ParseCountSpec(const std::string& text, CountSpec& out)
{
    CountSpec c;
    c.text = text;
    std::string num = text;
    uint64_t a = 0;
    uint64_t b = 0;
    size_t tilde = text.find('~');
    if (tilde != std::string::npos)
    {
        if (!ParseUint(text.substr(0, tilde), a) || !ParseUint(text.substr(tilde + 1), b) || a > b)
        {
            return false;
        }
        c.op = CountSpec::Op::RANGE;
        c.a = a;
        c.b = b;
        out = c;
        return true;
    }
    struct Prefix
    {
        const char* text;
        CountSpec::Op op;
    };
    static const Prefix kPrefixes[] = {{">=", CountSpec::Op::GE},
                                       {"<=", CountSpec::Op::LE},
                                       {"==", CountSpec::Op::EQ},
                                       {">", CountSpec::Op::GT},
                                       {"<", CountSpec::Op::LT}};
    c.op = CountSpec::Op::EQ;
    for (const auto& p : kPrefixes)
    {
        size_t n = std::char_traits<char>::length(p.text);
        if (text.compare(0, n, p.text) == 0)
        {
            c.op = p.op;
            num = text.substr(n);
            break;
        }
    }
    while (!num.empty() && num.front() == ' ')
    {
        num.erase(0, 1);
    }
    if (!ParseUint(num, a))
    {
        return false;
    }
    c.a = a;
    out = c;
    return true;
}

bool
ParseTimeWindow(const std::string& text, TimeWindow& out)
{
    size_t tilde = text.find('~');
    if (tilde == std::string::npos)
    {
        return false;
    }
    TimeWindow w;
    w.text = text;
    std::string lo = text.substr(0, tilde);
    std::string hi = text.substr(tilde + 1);
    if (lo.empty() && hi.empty())
    {
        return false;
    }
    if (!lo.empty() && !ParseDuration(lo, w.from))
    {
        return false;
    }
    if (!hi.empty() && !ParseDuration(hi, w.to))
    {
        return false;
    }
    if (w.from > w.to)
    {
        return false;
    }
    out = w;
    return true;
}

// =============================================================================================
// Typed value parsing (shared by structure, config menus and schema defaults)
// =============================================================================================

namespace
{

/** \brief [a-z0-9-]+ */
bool
IsName(const std::string& s)
{
    if (s.empty())
    {
        return false;
    }
    for (char c : s)
    {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
        {
            return false;
        }
    }
    return true;
}

/** \brief [A-Za-z0-9._-]+ */
bool
IsId(const std::string& s)
{
    if (s.empty())
    {
        return false;
    }
    for (char c : s)
    {
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
        {
            return false;
        }
    }
    return true;
}

/** \brief Interface names: [A-Za-z0-9._-]+ */
bool
IsInterfaceName(const std::string& s)
{
    return IsId(s);
}

bool
HasGlob(const std::string& s)
{
    return s.find_first_of("*?") != std::string::npos;
}

bool
IsListType(ValueType t)
{
    return t == ValueType::ENUM_LIST || t == ValueType::STRING_LIST || t == ValueType::IPV4_RANGES;
}

/** \brief "expected X; got 'v'" plus an optional did-you-mean. */
std::string
ExpectedGot(const KeySpec& k, const std::string& got, const std::string& suggestion = "")
{
    std::string m = "expected " + ExpectedText(k) + " for '" + k.key + "'; got '" + got + "'";
    if (!suggestion.empty())
    {
        m += " (did you mean '" + suggestion + "'?)";
    }
    return m;
}

/**
 * \brief Parse one scalar item of type k.type (for list types: one list item).
 * \param text the scalar
 * \param k key spec
 * \param out receives number/real/special/text (items untouched)
 * \param err message on failure
 */
/** \brief Numbers: INT, BOOL, DURATION, RATE, LOSS. \return true if `text` parses as `type`. */
bool
ParseNumericItem(const std::string& text, ValueType type, ConfigValue& out)
{
    switch (type)
    {
    case ValueType::INT:
    {
        uint64_t v = 0;
        if (ParseUint(text, v) && v <= static_cast<uint64_t>(INT64_MAX))
        {
            out.number = static_cast<int64_t>(v);
            return true;
        }
        break;
    }
    case ValueType::BOOL:
    {
        bool b = false;
        if (ParseBool(text, b))
        {
            out.number = b ? 1 : 0;
            out.text = b ? "yes" : "no";
            return true;
        }
        break;
    }
    case ValueType::DURATION:
    {
        TimeNs t = 0;
        if (ParseDuration(text, t))
        {
            out.number = t;
            return true;
        }
        break;
    }
    case ValueType::RATE:
    {
        uint64_t r = 0;
        if (ParseRate(text, r))
        {
            out.number = static_cast<int64_t>(r);
            return true;
        }
        break;
    }
    case ValueType::LOSS:
    {
        double f = 0;
        if (ParseLoss(text, f))
        {
            out.real = f;
            return true;
        }
        break;
    }
    default:
        break;
    }
    return false;
}

/**
 * \brief Addresses: IPV4, IPV4_OR_NAME, SUBNET, IPV4_RANGES. \return true if `text` parses as
 * `type`; false with `err` set for a value that needs its own message (host bits), else err "".
 */
bool
ParseAddressItem(const std::string& text, ValueType type, ConfigValue& out, std::string& err)
{
    switch (type)
    {
    case ValueType::IPV4:
    {
        uint32_t a = 0;
        if (ParseIpv4(text, a))
        {
            out.number = a;
            return true;
        }
        const size_t at = text.find('@');
        if (at != std::string::npos && ParseIpv4(text.substr(0, at), a))
        {
            // RouterOS v7: connect-to=192.168.88.1@vrf1 reaches the peer in a VRF table.
            err = "'" + text +
                  "': VRF tables (address@vrf, RouterOS v7) are not modelled yet; "
                  "write the address alone (" +
                  text.substr(0, at) + ")";
        }
        break;
    }
    case ValueType::IPV4_OR_NAME:
    {
        uint32_t a = 0;
        if (ParseIpv4(text, a))
        {
            out.number = a;
            return true;
        }
        // Looks like an address but is not one ("10.99.0.300"): reject rather than treat as name.
        bool digitsAndDots =
            !text.empty() && text.find_first_not_of("0123456789.") == std::string::npos;
        if (!digitsAndDots && IsId(text))
        {
            return true;
        }
        break;
    }
    case ValueType::SUBNET:
    {
        Ipv4Subnet s;
        bool hostBits = false;
        if (ParseSubnet(text, s, hostBits))
        {
            if (hostBits)
            {
                err = "subnet '" + text + "' has host bits set (did you mean '" + s.ToString() +
                      "'?)";
                return false;
            }
            out.number = s.network;
            out.text = s.ToString();
            return true;
        }
        break;
    }
    case ValueType::IPV4_RANGES:
    {
        uint32_t a = 0;
        uint32_t b = 0;
        if (ParseIpv4Range(text, a, b))
        {
            return true;
        }
        break;
    }
    default:
        break;
    }
    return false;
}

bool
ParseItem(const std::string& text, const KeySpec& k, ConfigValue& out, std::string& err)
{
    out.text = text;
    // Special words allowed by the schema (unlimited, disabled).
    if ((k.type == ValueType::INT || k.type == ValueType::DURATION) && k.choices)
    {
        for (const auto& w : SplitChoices(k.choices))
        {
            if (text == w)
            {
                out.special = true;
                out.number = 0;
                return true;
            }
        }
    }
    switch (k.type)
    {
    case ValueType::STRING:
    case ValueType::STRING_LIST:
    case ValueType::ANY:
        return true;
    case ValueType::NAME:
        if (IsName(text))
        {
            return true;
        }
        break;
    case ValueType::ID:
        if (IsId(text))
        {
            return true;
        }
        break;
    case ValueType::INT:
    case ValueType::BOOL:
    case ValueType::DURATION:
    case ValueType::RATE:
    case ValueType::LOSS:
        if (ParseNumericItem(text, k.type, out))
        {
            return true;
        }
        break;
    case ValueType::IPV4:
    case ValueType::IPV4_OR_NAME:
    case ValueType::SUBNET:
    case ValueType::IPV4_RANGES:
    {
        std::string why; // set only for a value that needs its own message
        if (ParseAddressItem(text, k.type, out, why))
        {
            return true;
        }
        if (!why.empty())
        {
            err = why;
            return false;
        }
        break;
    }
    case ValueType::ENUM:
    case ValueType::ENUM_LIST:
    {
        auto choices = SplitChoices(k.choices ? k.choices : "");
        if (std::find(choices.begin(), choices.end(), text) != choices.end())
        {
            return true;
        }
        err = ExpectedGot(k, text, DidYouMean(text, choices));
        return false;
    }
    case ValueType::COUNT:
    {
        CountSpec c;
        if (ParseCountSpec(text, c))
        {
            return true;
        }
        break;
    }
    case ValueType::WINDOW:
    {
        TimeWindow w;
        if (ParseTimeWindow(text, w))
        {
            return true;
        }
        break;
    }
    case ValueType::MAPPING:
    case ValueType::SEQUENCE:
        break;
    }
    err = ExpectedGot(k, text);
    return false;
}

/** \brief Parse a default (schema text; lists comma-separated). */
bool
ParseDefault(const KeySpec& k, ConfigValue& out)
{
    std::string err;
    out = ConfigValue();
    out.isDefault = true;
    if (IsListType(k.type))
    {
        for (const auto& item : SplitChoices(k.defaultValue, ','))
        {
            ConfigValue iv;
            if (!ParseItem(item, k, iv, err))
            {
                return false;
            }
            out.items.push_back(item);
        }
        out.text = k.defaultValue;
        return true;
    }
    return ParseItem(k.defaultValue, k, out, err);
}

/** \brief Join list items with ','. */
std::string
JoinItems(const std::vector<std::string>& items)
{
    std::string s;
    for (size_t i = 0; i < items.size(); ++i)
    {
        s += (i ? "," : "") + items[i];
    }
    return s;
}

} // namespace

bool
ParseSchemaDefault(const KeySpec& key, ConfigValue& out)
{
    return key.defaultValue != nullptr && ParseDefault(key, out);
}

ConfigObject
NodeConfig::SingleOrDefaults(const std::string& menu) const
{
    const ConfigObject* o = Single(menu);
    if (o != nullptr)
    {
        return *o;
    }
    ConfigObject d;
    d.menu = menu;
    d.where = where;
    const SectionSpec* spec = FindSection(menu);
    if (spec != nullptr)
    {
        for (const auto& k : spec->keys)
        {
            ConfigValue v;
            if (k.defaultValue != nullptr && ParseDefault(k, v))
            {
                v.where = where;
                d.props[k.key] = v;
            }
        }
    }
    return d;
}

// =============================================================================================
// The loader
// =============================================================================================

namespace
{

/** \brief 1-based line and column (in bytes) of a byte offset. */
struct TextPos
{
    int line{1}; //!< 1-based line
    int col{1};  //!< 1-based column
};

TextPos
PosOf(const std::string& text, size_t offset)
{
    TextPos p;
    for (size_t i = 0; i < offset && i < text.size(); ++i)
    {
        if (text[i] == '\n')
        {
            ++p.line;
            p.col = 1;
        }
        else
        {
            ++p.col;
        }
    }
    return p;
}

/** \brief Length of the UTF-8 sequence starting at s[i], or 0 if it is not valid UTF-8. */
size_t
Utf8SequenceLength(const std::string& s, size_t i)
{
    auto byte = [&s](size_t k)
    {
        return static_cast<unsigned char>(s[k]);
    };
    unsigned char c = byte(i);
    size_t n = c < 0x80 ? 1 : (c >= 0xc2 && c <= 0xdf) ? 2 : (c >> 4) == 0xe ? 3 : 0;
    n = (c >= 0xf0 && c <= 0xf4) ? 4 : n;
    if (n == 0 || i + n > s.size())
    {
        return 0;
    }
    for (size_t k = 1; k < n; ++k)
    {
        if ((byte(i + k) & 0xc0) != 0x80)
        {
            return 0;
        }
    }
    // Overlong 3/4-byte forms, UTF-16 surrogates, code points above U+10FFFF.
    unsigned char c1 = byte(i + (n > 1 ? 1 : 0));
    bool bad = (c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 >= 0xa0) || (c == 0xf0 && c1 < 0x90) ||
               (c == 0xf4 && c1 >= 0x90);
    return bad ? 0 : n;
}

/** \brief Offset of the first byte that is not valid UTF-8, or npos. */
size_t
FindInvalidUtf8(const std::string& s)
{
    for (size_t i = 0; i < s.size();)
    {
        size_t n = Utf8SequenceLength(s, i);
        if (n == 0)
        {
            return i;
        }
        i += n;
    }
    return std::string::npos;
}

/** \brief Offsets of lines whose indentation contains a no-break space (U+00A0, C2 A0). */
std::vector<size_t>
FindNoBreakSpaceIndents(const std::string& s)
{
    std::vector<size_t> out;
    size_t lineStart = 0;
    while (lineStart < s.size())
    {
        size_t i = lineStart;
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s.compare(i, 2, "\xc2\xa0") == 0))
        {
            if (s[i] == '\xc2')
            {
                out.push_back(i);
                break;
            }
            ++i;
        }
        size_t nl = s.find('\n', lineStart);
        lineStart = nl == std::string::npos ? s.size() : nl + 1;
    }
    return out;
}

/** \brief A quoted scalar found by ScanQuotes. */
struct QuoteSpan
{
    size_t open{0};                  //!< offset of the opening quote
    size_t close{std::string::npos}; //!< offset of the closing quote (npos = never closed)
    bool multiLine{false};           //!< a line break lies between open and close
};

/** \brief Offset of the quote that closes the one at s[open], or npos (runs to the end). */
size_t
FindClosingQuote(const std::string& s, size_t open)
{
    const char q = s[open];
    size_t j = open + 1;
    while (j < s.size())
    {
        if (q == '"' && s[j] == '\\')
        {
            j += 2; // escape sequence
            continue;
        }
        if (q == '\'' && s[j] == '\'' && j + 1 < s.size() && s[j + 1] == '\'')
        {
            j += 2; // '' is an escaped single quote
            continue;
        }
        if (s[j] == q)
        {
            return j;
        }
        ++j;
    }
    return std::string::npos;
}

/** \brief Can a quoted scalar start here (not inside a plain word such as it's)? */
bool
AtValueStart(char prev, char lastWord)
{
    static const std::string kBefore = " [{,";
    static const std::string kLastWord = " :-[{,?";
    return kBefore.find(prev) != std::string::npos && kLastWord.find(lastWord) != std::string::npos;
}

/** \brief Does s[from, to) end with a block scalar header ("key: |", "key: >-", "- |2")? */
bool
EndsWithBlockHeader(const std::string& s, size_t from, size_t to)
{
    std::string tail = s.substr(from, to - from);
    while (!tail.empty() && (tail.back() == ' ' || tail.back() == '\r'))
    {
        tail.pop_back();
    }
    size_t ind = tail.find_last_of("|>");
    return ind != std::string::npos && ind > 0 && tail[ind - 1] == ' ' &&
           tail.find_first_not_of("+-0123456789", ind + 1) == std::string::npos;
}

/**
 * \brief Approximate YAML lexer that finds quoted scalars (for error messages only): a quote
 * opens a scalar where a value can start (line start, after ": ", "- ", "[", "{", ","), not
 * inside comments, plain words (it's) or block scalars (| and >).
 * \return the quoted scalars that span lines or are never closed (the scan stops there)
 */
std::vector<QuoteSpan>
ScanQuotes(const std::string& s)
{
    std::vector<QuoteSpan> out;
    int blockIndent = -1; // inside a block scalar: lines indented deeper than this are text
    size_t i = 0;
    while (i < s.size())
    {
        // ---- one line: i is at its start
        size_t eol = std::min(s.find('\n', i), s.size());
        size_t first = std::min(s.find_first_not_of(' ', i), s.size());
        int indent = static_cast<int>(first - i);
        if (blockIndent >= 0 && (first >= eol || indent > blockIndent))
        {
            i = eol + 1;
            continue;
        }
        blockIndent = -1;
        char prev = ' ';     // previous character
        char lastWord = ' '; // last non-blank character
        size_t k = i;
        for (; k < eol && !(s[k] == '#' && prev == ' '); ++k) // '#' after a blank: comment
        {
            char c = s[k];
            if ((c == '"' || c == '\'') && AtValueStart(prev, lastWord))
            {
                QuoteSpan q;
                q.open = k;
                q.close = FindClosingQuote(s, k);
                q.multiLine = s.find('\n', k) < q.close;
                if (q.multiLine || q.close == std::string::npos)
                {
                    out.push_back(q);
                }
                if (q.close == std::string::npos)
                {
                    return out;
                }
                eol = std::min(s.find('\n', q.close), s.size()); // go on after the closing quote
                k = q.close;
            }
            prev = c;
            lastWord = c == ' ' ? lastWord : c;
        }
        if (EndsWithBlockHeader(s, i, k))
        {
            blockIndent = indent;
        }
        i = eol + 1;
    }
    return out;
}

} // namespace

namespace
{

/** \brief Give unnamed l2tp-client entries their RouterOS names (l2tp-out1, ...). */
void
NameClients(std::vector<ConfigObject>& clients)
{
    // RouterOS names an unnamed client l2tp-outN, N the lowest number from 1 that no interface
    // of the node uses yet (v2.9 manual: "name (name; default: l2tp-outN)"; v6 site-to-site
    // example: an `add` without name prints as l2tp-out1).
    std::set<std::string> taken;
    for (const ConfigObject& o : clients)
    {
        if (o.Has("name") && !o.Get("name").isDefault)
        {
            taken.insert(o.GetString("name"));
        }
    }
    unsigned n = 1;
    for (ConfigObject& o : clients)
    {
        auto it = o.props.find("name");
        if (it == o.props.end() || !it->second.isDefault)
        {
            continue;
        }
        while (taken.count("l2tp-out" + std::to_string(n)) != 0)
        {
            ++n;
        }
        it->second.text = "l2tp-out" + std::to_string(n);
        taken.insert(it->second.text);
    }
}

/** \brief A validated mapping of one section. */
struct Section
{
    const SectionSpec* spec{nullptr};                      //!< schema
    YAML::Node node;                                       //!< the mapping
    std::map<std::string, YAML::Node> keyNodes;            //!< key -> key node (first occurrence)
    std::map<std::string, YAML::Node> raw;                 //!< key -> value node (first occurrence)
    std::map<std::string, ConfigValue> values;             //!< typed values incl. defaults
    std::set<std::string> badValues;                       //!< keys whose value failed to parse
    std::vector<ConfigObject::Abbreviation> abbreviations; //!< RouterOS-style short keys

    /** \brief Was the key written? */
    bool
    Has(const std::string& k) const
    {
        return raw.count(k) != 0;
    }
    /** \brief Typed value (written or default); empty if neither or bad. */
    const ConfigValue&
    V(const std::string& k) const
    {
        static const ConfigValue kEmpty;
        auto it = values.find(k);
        return it == values.end() ? kEmpty : it->second;
    }
    /** \brief Has a usable typed value (written and valid, or default). */
    bool
    Ok(const std::string& k) const
    {
        return values.count(k) != 0;
    }
};

/** \brief `faults[].action` word -> FaultAction (the schema has checked the word). */
FaultAction
ParseFaultAction(const std::string& word)
{
    static const std::pair<const char*, FaultAction> kWords[] = {
        {"up", FaultAction::UP},     {"loss", FaultAction::LOSS}, {"delay", FaultAction::DELAY},
        {"drop", FaultAction::DROP}, {"down", FaultAction::DOWN},
    };
    for (const auto& w : kWords)
    {
        if (word == w.first)
        {
            return w.second;
        }
    }
    return FaultAction::DOWN;
}

class Loader
{
public:
    Loader(const std::string& file, Scenario& out, std::vector<ScenarioError>& errors)
        : m_file(file)
        , m_out(out)
        , m_errors(errors)
        , m_firstError(errors.size())
    {
    }

    /** \brief Parse text; report syntax errors. */
    void LoadText(const std::string& text);
    /** \brief Report an extra error (e.g. from CheckSupported) so it is sorted and capped. */
    void
    Add(const ScenarioError& e)
    {
        YAML::Mark m;
        m.line = e.line - 1;
        m.column = e.col - 1;
        if (e.line <= 0)
        {
            m = YAML::Mark::null_mark();
        }
        Error(m, e.message);
    }
    /** \brief Errors were reported. */
    bool
    Failed() const
    {
        return m_count > 0;
    }
    /** \brief Sort own errors by position and add the overflow line. */
    void Finish();

private:
    // ---- diagnostics
    void Error(const YAML::Mark& m, const std::string& msg);
    void ErrorAt(const std::string& text, size_t offset, const std::string& msg);
    bool CheckText(const std::string& text);
    void
    Error(const YAML::Node& n, const std::string& msg)
    {
        Error(n.Mark(), msg);
    }
    SourceLocation Loc(const YAML::Node& n) const;
    static std::string
    At(const SourceLocation& l)
    {
        return std::to_string(l.line) + ":" + std::to_string(l.col);
    }
    static std::string Describe(const YAML::Node& n);

    // ---- generic
    bool ReadSection(const YAML::Node& map, const char* name, Section& out);
    bool TopologyGives(const YAML::Node& e, const std::string& node) const;
    void UnmodelledMenuEntries(const YAML::Node& menuKey,
                               const YAML::Node& val,
                               const UnmodelledMenu& um,
                               NodeConfig& nc);
    bool ResolveAbbreviation(const YAML::Node& keyNode,
                             const SectionSpec& spec,
                             const std::string& context,
                             std::string& key,
                             const KeySpec*& ks,
                             Section& out);
    static std::string GluedKey(const SectionSpec& spec, const std::string& text);
    bool InRange(const SectionSpec& spec,
                 const KeySpec& k,
                 const ConfigValue& v,
                 const YAML::Node& n);
    bool ParseValue(const YAML::Node& v,
                    const KeySpec& k,
                    ConfigValue& out,
                    const std::string& section = "");

    // ---- sections
    void LoadRoot(const YAML::Node& root);
    void LoadRun(const YAML::Node& n);
    void LoadTopology(const YAML::Node& n);
    void LoadNodes(const YAML::Node& n);
    void LoadLink(const YAML::Node& n);
    /** \brief A node's `start:` window (bounded, inside the run). */
    void LoadStart(const Section& sec, TimeWindow& out);
    /** \brief Validate a link's `switch:` (a single switch node, csma, one link per switch). */
    void CheckSwitch(Section& s, ScenarioLink& link);
    bool ParseEnd(const YAML::Node& n, ScenarioLink& link);
    void AssignAddresses(ScenarioLink& link, const Section& sec);
    void CheckAddressesUnique(const ScenarioLink& link);
    void LoadConfig(const YAML::Node& n);
    void LoadMenuObject(const YAML::Node& n, const SectionSpec& spec, ConfigObject& out);
    void CheckConfigReferences(const NodeConfig& nc);
    void LoadTraffic(const YAML::Node& n);
    void CheckIpv6Target(Section& s, const TrafficSpec& t);
    void LoadFault(const YAML::Node& n);
    void CheckFaultKeys(Section& s, FaultAction action);
    void LoadExpectation(const YAML::Node& n);
    bool LoadEventMatch(const YAML::Node& n, EventMatch& out);
    void LoadStateCheck(const YAML::Node& n, Expectation& e);
    bool LoadWindow(const Section& sec, TimeWindow& out);
    void CheckAt(const Section& sec, TimeNs at);

    // ---- node names
    /** \brief Names accepted where a node is referenced (singles + counted bases). */
    std::vector<std::string> NodeCandidates() const;
    /**
     * \brief Resolve a reference to exactly one concrete node; reports errors at `n`.
     * \param what context for the message ("in traffic 'from'")
     */
    bool ResolveOneNode(const YAML::Node& n, const std::string& name, const std::string& what);
    void UnknownNode(const YAML::Node& n, const std::string& name, const std::string& what);

    std::string m_file;                   //!< file name for errors
    Scenario& m_out;                      //!< result
    std::vector<ScenarioError>& m_errors; //!< output
    size_t m_firstError;                  //!< index of our first error in m_errors
    size_t m_count{0};                    //!< errors reported (incl. dropped)
    bool m_haveDuration{false};           //!< run.duration parsed

    /** \brief A declared node (single or counted base). */
    struct Declared
    {
        NodeRole role{NodeRole::HOST};
        uint32_t count{0}; //!< 0 = single
        SourceLocation where;
    };

    std::map<std::string, Declared> m_declared;          //!< declared names
    std::map<std::string, std::string> m_switchUse;      //!< switch node -> the link it serves
    std::vector<std::string> m_declaredOrder;            //!< declaration order
    std::map<std::string, std::string> m_concreteToBase; //!< concrete -> base
    std::map<std::string, std::pair<std::string, SourceLocation>> m_ifaceUse; //!< node:iface
    std::map<std::string, SourceLocation> m_linkNames;    //!< link name -> where
    std::map<uint32_t, std::string> m_addresses;          //!< address -> "node:iface on link .."
    std::map<std::string, SourceLocation> m_trafficNames; //!< traffic name -> where
    std::map<std::string, SourceLocation> m_faultNames;   //!< fault name -> where
    std::map<std::string, SourceLocation> m_expectIds;    //!< expectation id -> where
};

void
Loader::Error(const YAML::Mark& m, const std::string& msg)
{
    ++m_count;
    if (m_count > kMaxScenarioErrors)
    {
        return;
    }
    ScenarioError e;
    e.file = m_file;
    e.line = m.is_null() ? 0 : m.line + 1;
    e.col = m.is_null() ? 0 : m.column + 1;
    e.message = msg;
    m_errors.push_back(e);
}

SourceLocation
Loader::Loc(const YAML::Node& n) const
{
    SourceLocation l;
    l.file = m_file;
    YAML::Mark m = n.Mark();
    if (!m.is_null())
    {
        l.line = m.line + 1;
        l.col = m.column + 1;
    }
    return l;
}

std::string
Loader::Describe(const YAML::Node& n)
{
    switch (n.Type())
    {
    case YAML::NodeType::Map:
        return "a mapping";
    case YAML::NodeType::Sequence:
        return "a list";
    case YAML::NodeType::Scalar:
        return "'" + n.Scalar() + "'";
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        return "nothing";
    }
    return "?";
}

void
Loader::Finish()
{
    std::stable_sort(m_errors.begin() + static_cast<std::ptrdiff_t>(m_firstError), m_errors.end(),
                     [](const ScenarioError& a, const ScenarioError& b)
                     {
                         return a.line != b.line ? a.line < b.line : a.col < b.col;
                     });
    if (m_count > kMaxScenarioErrors)
    {
        ScenarioError e = m_errors.back();
        e.message =
            "too many errors; " + std::to_string(m_count - kMaxScenarioErrors) + " more not shown";
        m_errors.push_back(e);
    }
}

void
Loader::ErrorAt(const std::string& text, size_t offset, const std::string& msg)
{
    TextPos p = PosOf(text, offset);
    YAML::Mark m;
    m.line = p.line - 1;
    m.column = p.col - 1;
    Error(m, msg);
}

bool
Loader::CheckText(const std::string& text)
{
    size_t bad = FindInvalidUtf8(text);
    if (bad != std::string::npos)
    {
        char hex[8];
        std::snprintf(hex, sizeof(hex), "0x%02x", static_cast<unsigned char>(text[bad]));
        ErrorAt(text, bad,
                std::string("invalid UTF-8 (byte ") + hex +
                    "); a scenario file must be UTF-8 text (re-save it as UTF-8)");
        return false;
    }
    bool ok = true;
    for (size_t at : FindNoBreakSpaceIndents(text))
    {
        ErrorAt(text, at,
                "indentation contains a no-break space (U+00A0); YAML indents with plain spaces "
                "only (retype the indentation of this line)");
        ok = false;
    }
    for (const QuoteSpan& q : ScanQuotes(text))
    {
        if (q.close == std::string::npos)
        {
            ErrorAt(text, q.open,
                    std::string("unclosed ") + (text[q.open] == '"' ? "double" : "single") +
                        " quote: the quoted value opened here runs to the end of the file "
                        "(add the closing " +
                        text[q.open] + ")");
            ok = false;
        }
    }
    return ok;
}

/**
 * \brief yaml-cpp 0.7's LoadAll never returns on a document that consumes no token (a stray ','
 * or other flow indicator at top level: the input ",x" allocated without bound until the process
 * ran out of memory; found by the scenario-loader fuzz target, reproducer
 * tools/fuzz.d/seeds/scenario-loader/oom-comma-plain.yaml). This pass walks the documents with an
 * event handler that builds nothing and reports the position where the parser stops advancing.
 */
class StallDetector : public YAML::EventHandler
{
public:
    bool stalled = false;
    YAML::Mark where;

    void
    OnDocumentStart(const YAML::Mark& mark) override
    {
        if (m_seen && mark.pos == m_last)
        {
            stalled = true;
            where = mark;
        }
        m_seen = true;
        m_last = mark.pos;
    }

    void
    OnDocumentEnd() override
    {
    }

    void
    OnNull(const YAML::Mark&, YAML::anchor_t) override
    {
    }

    void
    OnAlias(const YAML::Mark&, YAML::anchor_t) override
    {
    }

    void
    OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override
    {
    }

    void
    OnSequenceStart(const YAML::Mark&,
                    const std::string&,
                    YAML::anchor_t,
                    YAML::EmitterStyle::value) override
    {
    }

    void
    OnSequenceEnd() override
    {
    }

    void
    OnMapStart(const YAML::Mark&,
               const std::string&,
               YAML::anchor_t,
               YAML::EmitterStyle::value) override
    {
    }

    void
    OnMapEnd() override
    {
    }

private:
    bool m_seen = false;
    int m_last = -1;
};

/**
 * \brief Whether yaml-cpp's parser would stop advancing on `text`; if so, `where` is the position
 * of the token it cannot consume. Throws YAML::Exception on a syntax error, like LoadAll.
 */
bool
ParserStalls(const std::string& text, YAML::Mark& where)
{
    std::istringstream in(text);
    YAML::Parser parser(in);
    StallDetector detector;
    while (!detector.stalled && parser.HandleNextDocument(detector))
    {
    }
    where = detector.where;
    return detector.stalled;
}

void
Loader::LoadText(const std::string& text)
{
    m_out = Scenario();
    m_out.file = m_file;
    if (!CheckText(text))
    {
        return;
    }
    std::vector<YAML::Node> docs;
    try
    {
        YAML::Mark stall;
        if (ParserStalls(text, stall))
        {
            const size_t at = static_cast<size_t>(stall.pos);
            const std::string token = at < text.size() ? std::string(1, text[at]) : "end of file";
            Error(stall, "YAML syntax error: unexpected '" + token +
                             "' here (a ',' ']' or '}' belongs inside a [ ] or { } flow "
                             "collection; quote the value if it is text)");
            return;
        }
        docs = YAML::LoadAll(text);
    }
    catch (const YAML::Exception& e)
    {
        std::string msg = "YAML syntax error: " + e.msg;
        // A quote that runs on over several lines before the error is the usual cause.
        for (const QuoteSpan& q : ScanQuotes(text))
        {
            if (q.multiLine && (e.mark.is_null() || q.open < static_cast<size_t>(e.mark.pos)))
            {
                TextPos o = PosOf(text, q.open);
                TextPos c = PosOf(text, q.close);
                msg += " (the quoted value opened at " + std::to_string(o.line) + ":" +
                       std::to_string(o.col) + " only closes on line " + std::to_string(c.line) +
                       ": is a closing quote missing?)";
                break;
            }
        }
        Error(e.mark, msg);
        return;
    }
    if (docs.empty() || docs.front().IsNull())
    {
        YAML::Mark start;
        start.line = 0;
        start.column = 0;
        bool blank = text.find_first_not_of(" \t\r\n") == std::string::npos;
        Error(start, std::string(blank ? "the file is empty"
                                       : "the file holds no YAML value (only comments, blank "
                                         "lines or document markers)") +
                         "; expected a mapping at top level (name:, run:, topology:, ...)");
        return;
    }
    for (size_t i = 1; i < docs.size(); ++i)
    {
        if (docs[i].IsNull())
        {
            continue; // a trailing "---" or "..." followed by nothing (or comments) drops nothing
        }
        YAML::Mark m = docs[i].Mark();
        if (m.is_null())
        {
            m = docs[i - 1].Mark();
        }
        Error(m, "a second YAML document (after '---' or '...', or a second top-level value): a "
                 "scenario file holds exactly one; remove it or split the file");
    }
    LoadRoot(docs.front());
}

// ---- generic ---------------------------------------------------------------------------------

bool
Loader::ParseValue(const YAML::Node& v,
                   const KeySpec& k,
                   ConfigValue& out,
                   const std::string& section)
{
    out = ConfigValue();
    out.where = Loc(v);
    std::string err;
    if (IsListType(k.type))
    {
        std::vector<YAML::Node> itemNodes;
        std::vector<std::string> items;
        if (v.IsSequence())
        {
            for (const auto& item : v)
            {
                if (!item.IsScalar())
                {
                    Error(item, ExpectedGot(k, Describe(item).c_str()));
                    return false;
                }
                items.push_back(item.Scalar());
                itemNodes.push_back(item);
            }
        }
        else if (v.IsScalar())
        {
            // RouterOS style: "pap,chap"
            items = SplitChoices(v.Scalar(), ',');
            itemNodes.assign(items.size(), v);
        }
        else if (v.IsNull())
        {
            // empty list
        }
        else
        {
            Error(v, "expected " + ExpectedText(k) + " for '" + k.key + "'; got " + Describe(v));
            return false;
        }
        bool ok = true;
        for (size_t i = 0; i < items.size(); ++i)
        {
            ConfigValue iv;
            if (!ParseItem(items[i], k, iv, err))
            {
                Error(itemNodes[i], err);
                ok = false;
            }
        }
        out.items = items;
        out.text = JoinItems(items);
        return ok;
    }
    if (v.IsNull() && k.type == ValueType::STRING)
    {
        out.text = "";
        return true;
    }
    if (!v.IsScalar())
    {
        Error(v, "expected " + ExpectedText(k) + " for '" + k.key + "'; got " + Describe(v));
        return false;
    }
    // Another spelling of an enum value (use-ipsec=require) is read as the canonical one.
    if (!ParseItem(CanonicalValue(section, k.key, v.Scalar()), k, out, err))
    {
        Error(v, err);
        return false;
    }
    return true;
}

bool
Loader::ReadSection(const YAML::Node& map, const char* name, Section& out)
{
    out = Section();
    out.spec = FindSection(name);
    out.node = map;
    const SectionSpec& spec = *out.spec;
    std::string context = spec.kind == SectionKind::STRUCT && std::string(name) == "scenario"
                              ? "at top level"
                              : "in " + std::string(name);
    if (!map.IsMap())
    {
        std::string glued = map.IsScalar() ? GluedKey(spec, map.Scalar()) : "";
        Error(map,
              glued.empty() ? "expected a mapping " + context + "; got " + Describe(map) : glued);
        return false;
    }
    std::vector<std::string> valid;
    for (const auto& k : spec.keys)
    {
        valid.emplace_back(k.key);
    }
    for (auto it = map.begin(); it != map.end(); ++it)
    {
        const YAML::Node keyNode = it->first;
        if (!keyNode.IsScalar())
        {
            Error(keyNode, "expected a key name " + context + "; got " + Describe(keyNode));
            continue;
        }
        std::string key = keyNode.Scalar();
        const KeySpec* ks = FindKey(spec, key);
        std::string glued = GluedKey(spec, key);
        if (ks == nullptr && !glued.empty())
        {
            Error(keyNode, glued);
            continue;
        }
        if (const KeyAlias* alias = ks == nullptr ? FindKeyAlias(name, key) : nullptr)
        {
            out.abbreviations.push_back({key, alias->key, Loc(keyNode), alias->why});
            key = alias->key;
            ks = FindKey(spec, key);
        }
        if (ks == nullptr && FindUnmodelledKey(name, key) == nullptr &&
            !ResolveAbbreviation(keyNode, spec, context, key, ks, out))
        {
            continue;
        }
        const UnmodelledKey* unmodelled = ks == nullptr ? FindUnmodelledKey(name, key) : nullptr;
        if (unmodelled != nullptr && it->second.IsScalar() &&
            IsSimulatedValue(*unmodelled, it->second.Scalar()))
        {
            continue; // asks for what l2tplab does anyway (allow-fast-path=no): nothing to keep
        }
        if (unmodelled != nullptr)
        {
            // A real RouterOS property (v6/v7 manual) this version does not simulate.
            std::string accepted;
            for (const std::string& v :
                 SplitChoices(unmodelled->simulated == nullptr ? "" : unmodelled->simulated))
            {
                accepted += (accepted.empty() ? "" : " or ") + key + "=" + v;
            }
            Error(keyNode, key + ": not modelled yet (RouterOS " + std::string(name) +
                               " property; " + unmodelled->what + ")" +
                               (accepted.empty()
                                    ? ""
                                    : "; only " + accepted + ", what l2tplab does, is accepted"));
            continue;
        }
        if (ks == nullptr)
        {
            std::string msg = "unknown key '" + key + "' " + context;
            std::string dym = DidYouMean(key, valid);
            if (!dym.empty())
            {
                msg += " (did you mean '" + dym + "'?)";
            }
            Error(keyNode, msg);
            continue;
        }
        if (out.raw.count(key))
        {
            Error(keyNode, "duplicate key '" + key + "' " + context + " (first at " +
                               At(Loc(out.keyNodes[key])) + ")");
            continue;
        }
        out.keyNodes[key] = keyNode;
        out.raw[key] = it->second;
    }
    for (const auto& k : spec.keys)
    {
        if (k.required && !out.raw.count(k.key))
        {
            Error(map, "missing required key '" + std::string(k.key) + "' " + context);
        }
    }
    // Typed values (structure types are handled by the caller).
    for (const auto& k : spec.keys)
    {
        if (k.type == ValueType::MAPPING || k.type == ValueType::SEQUENCE ||
            k.type == ValueType::ANY)
        {
            continue;
        }
        auto it = out.raw.find(k.key);
        if (it != out.raw.end())
        {
            ConfigValue v;
            if (ParseValue(it->second, k, v, spec.name) && InRange(spec, k, v, it->second))
            {
                out.values[k.key] = v;
            }
            else
            {
                out.badValues.insert(k.key);
            }
        }
        else if (k.defaultValue != nullptr)
        {
            ConfigValue v;
            if (ParseDefault(k, v))
            {
                v.where = Loc(map);
                out.values[k.key] = v;
            }
        }
    }
    return true;
}

/** \brief The entries of an "add" menu: the mappings of a list, or one mapping alone. */
static std::vector<YAML::Node>
MenuEntries(const YAML::Node& val)
{
    std::vector<YAML::Node> entries;
    if (val.IsSequence())
    {
        for (const auto& e : val)
        {
            entries.push_back(e);
        }
    }
    else if (val.IsMap())
    {
        entries.push_back(val);
    }
    return entries;
}

/**
 * An `ip/address` entry ({address: a.b.c.d/len, interface: name}) that states what the topology
 * already gives that interface of `node` (its link end's address and the link's prefix).
 */
bool
Loader::TopologyGives(const YAML::Node& e, const std::string& node) const
{
    if (!e.IsMap() || !e["address"] || !e["interface"] || !e["address"].IsScalar() ||
        !e["interface"].IsScalar())
    {
        return false;
    }
    const std::string text = e["address"].Scalar();
    const size_t slash = text.find('/');
    uint32_t a = 0;
    if (slash == std::string::npos || !ParseIpv4(text.substr(0, slash), a))
    {
        return false;
    }
    const std::string len = text.substr(slash + 1);
    for (const ScenarioLink& l : m_out.links)
    {
        for (const LinkEnd& end : l.ends)
        {
            if (end.node == node && end.interface == e["interface"].Scalar() && end.hasAddress &&
                end.address == a && std::to_string(end.prefixLength) == len)
            {
                return true;
            }
        }
    }
    return false;
}

/**
 * A real RouterOS menu this version does not model: refused as "not modelled yet", except the
 * entries of an accept-only menu (firewall filter) that all accept: those ask for what a run
 * does anyway and are kept as a warning.
 */
void
Loader::UnmodelledMenuEntries(const YAML::Node& menuKey,
                              const YAML::Node& val,
                              const UnmodelledMenu& um,
                              NodeConfig& nc)
{
    const std::vector<YAML::Node> entries = MenuEntries(val);
    const auto accepts = [](const YAML::Node& e)
    {
        if (!e.IsMap())
        {
            return false;
        }
        const YAML::Node action = e["action"];
        return !action || (action.IsScalar() && action.Scalar() == "accept");
    };
    if (um.acceptOnly && !entries.empty() && std::all_of(entries.begin(), entries.end(), accepts))
    {
        nc.withoutEffect.push_back(
            {Loc(menuKey), std::string(um.menu) + " has no effect: " + um.what});
        return;
    }
    if (std::string(um.menu) == "ip/address" && !entries.empty() &&
        std::all_of(entries.begin(), entries.end(),
                    [&](const YAML::Node& e)
                    {
                        return TopologyGives(e, nc.node);
                    }))
    {
        nc.withoutEffect.push_back({Loc(menuKey),
                                    "ip/address has no effect: the topology's links give these "
                                    "addresses already"});
        return;
    }
    Error(menuKey, std::string(um.menu) + ": not modelled yet (RouterOS menu; " + um.what + ")");
}

/**
 * RouterOS's console takes any unambiguous beginning of a property name (the v6 manual's own
 * L2TP/IPsec example writes `/ip pool add ... range=` for `ranges=`). In a RouterOS menu a key
 * that is no property but begins exactly one (modelled or not) is read as that one; one that
 * begins several is an error naming them. \return false if an error was reported.
 */
bool
Loader::ResolveAbbreviation(const YAML::Node& keyNode,
                            const SectionSpec& spec,
                            const std::string& context,
                            std::string& key,
                            const KeySpec*& ks,
                            Section& out)
{
    const std::vector<std::string> full = PrefixCandidates(spec, key);
    if (full.size() > 1)
    {
        std::string names;
        for (const std::string& f : full)
        {
            names += (names.empty() ? "" : ", ") + f;
        }
        Error(keyNode, "ambiguous key '" + key + "' " + context + ": it begins " + names +
                           " (RouterOS reads a shortened property name only when it begins one "
                           "property); write it in full");
        return false;
    }
    if (full.size() == 1)
    {
        out.abbreviations.push_back({key, full.front(), Loc(keyNode)});
        key = full.front();
        ks = FindKey(spec, key);
    }
    return true;
}

std::string
Loader::GluedKey(const SectionSpec& spec, const std::string& text)
{
    // "rate:10Mbps" is one plain scalar in YAML: a colon only separates key and value when a
    // space follows it.
    size_t colon = text.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 >= text.size() ||
        text[colon + 1] == ' ' || FindKey(spec, text.substr(0, colon)) == nullptr)
    {
        return "";
    }
    return "'" + text + "' is read as one word: YAML needs a space after the colon; write '" +
           text.substr(0, colon) + ": " + text.substr(colon + 1) + "'";
}

bool
Loader::InRange(const SectionSpec& spec,
                const KeySpec& k,
                const ConfigValue& v,
                const YAML::Node& n)
{
    const KeyRange* r = FindRange(spec.name, k.key);
    if (r == nullptr || v.special || (v.number >= r->min && v.number <= r->max))
    {
        return true;
    }
    bool duration = k.type == ValueType::DURATION;
    auto show = [duration](int64_t x)
    {
        return duration ? FormatDuration(x) : std::to_string(x);
    };
    std::string bounds = r->max == INT64_MAX ? "at least " + show(r->min)
                                             : "between " + show(r->min) + " and " + show(r->max);
    Error(n, std::string(k.key) + " must be " + bounds + "; got '" + v.text + "' (" + r->why + ")");
    return false;
}

// ---- node names --------------------------------------------------------------------------

std::vector<std::string>
Loader::NodeCandidates() const
{
    return m_declaredOrder;
}

void
Loader::UnknownNode(const YAML::Node& n, const std::string& name, const std::string& what)
{
    std::string msg = "unknown node '" + name + "' " + what;
    std::string dym = DidYouMean(name, NodeCandidates());
    if (!dym.empty())
    {
        msg += " (did you mean '" + dym + "'?)";
    }
    Error(n, msg);
}

bool
Loader::ResolveOneNode(const YAML::Node& n, const std::string& name, const std::string& what)
{
    auto d = m_declared.find(name);
    if (d != m_declared.end() && d->second.count > 0)
    {
        Error(n, "node '" + name + "' has " + std::to_string(d->second.count) +
                     " instances; name one (" + name + "1.." + name +
                     std::to_string(d->second.count) + ") " + what);
        return false;
    }
    if (m_concreteToBase.count(name))
    {
        return true;
    }
    UnknownNode(n, name, what);
    return false;
}

// ---- sections ----------------------------------------------------------------------------

void
Loader::LoadRoot(const YAML::Node& root)
{
    if (!root.IsMap())
    {
        Error(root, "expected a mapping at top level (name:, run:, topology:, ...); got " +
                        Describe(root));
        return;
    }
    Section top;
    ReadSection(root, "scenario", top);
    m_out.name = top.V("name").text;
    m_out.description = top.V("description").text;
    if (top.Has("run"))
    {
        LoadRun(top.raw["run"]);
    }
    if (top.Has("topology"))
    {
        LoadTopology(top.raw["topology"]);
    }
    if (top.Has("config"))
    {
        LoadConfig(top.raw["config"]);
    }
    if (top.Has("traffic"))
    {
        const YAML::Node& t = top.raw["traffic"];
        if (t.IsSequence())
        {
            for (const auto& item : t)
            {
                LoadTraffic(item);
            }
        }
        else if (!t.IsNull())
        {
            Error(t, "expected a list of traffic generators for 'traffic'; got " + Describe(t));
        }
    }
    if (top.Has("faults"))
    {
        const YAML::Node& f = top.raw["faults"];
        if (f.IsSequence())
        {
            for (const auto& item : f)
            {
                LoadFault(item);
            }
        }
        else if (!f.IsNull())
        {
            Error(f, "expected a list of faults for 'faults'; got " + Describe(f));
        }
    }
    if (top.Has("expect"))
    {
        const YAML::Node& e = top.raw["expect"];
        if (e.IsSequence())
        {
            for (const auto& item : e)
            {
                LoadExpectation(item);
            }
        }
        else if (!e.IsNull())
        {
            Error(e, "expected a list of expectations for 'expect'; got " + Describe(e));
        }
    }
    if (top.Ok("conformance"))
    {
        m_out.conformance = top.V("conformance").items;
    }
    if (top.Ok("conformance-captures"))
    {
        m_out.conformanceCaptures = top.V("conformance-captures").items;
    }
    if (top.Ok("captures"))
    {
        m_out.captureGlobs = top.V("captures").items;
    }
}

void
Loader::LoadRun(const YAML::Node& n)
{
    Section s;
    if (!ReadSection(n, "run", s))
    {
        return;
    }
    m_out.run.seed = static_cast<uint64_t>(s.V("seed").number);
    if (s.Ok("duration"))
    {
        m_out.run.duration = s.V("duration").number;
        if (m_out.run.duration <= 0)
        {
            Error(s.raw["duration"], "run duration must be greater than 0");
        }
        else
        {
            m_haveDuration = true;
        }
    }
    m_out.run.tags = s.V("tags").items;
}

void
Loader::CheckAt(const Section& sec, TimeNs at)
{
    if (m_haveDuration && at > m_out.run.duration)
    {
        Error(sec.raw.at("at"), "time " + FormatDuration(at) +
                                    " is after the end of the run (duration " +
                                    FormatDuration(m_out.run.duration) + ")");
    }
}

void
Loader::LoadTopology(const YAML::Node& n)
{
    Section s;
    if (!ReadSection(n, "topology", s))
    {
        return;
    }
    if (s.Has("nodes"))
    {
        LoadNodes(s.raw["nodes"]);
    }
    if (s.Has("links"))
    {
        const YAML::Node& links = s.raw["links"];
        if (links.IsSequence())
        {
            for (const auto& l : links)
            {
                LoadLink(l);
            }
        }
        else if (!links.IsNull())
        {
            Error(links, "expected a list of links for 'links'; got " + Describe(links));
        }
    }
}

void
Loader::LoadNodes(const YAML::Node& n)
{
    if (!n.IsMap())
    {
        Error(n, "expected a mapping of node name -> role for 'nodes' (e.g. {lac: client, lns: "
                 "server}); got " +
                     Describe(n));
        return;
    }
    const SectionSpec* nodeSpec = FindSection("node");
    const KeySpec* roleKey = FindKey(*nodeSpec, "role");
    std::map<std::string, SourceLocation> concreteWhere;
    for (auto it = n.begin(); it != n.end(); ++it)
    {
        const YAML::Node keyNode = it->first;
        const YAML::Node v = it->second;
        if (!keyNode.IsScalar() || !IsName(keyNode.Scalar()))
        {
            Error(keyNode, "expected a node name of lower-case letters, digits and dashes; got " +
                               Describe(keyNode));
            continue;
        }
        const std::string name = keyNode.Scalar();
        if (m_declared.count(name))
        {
            Error(keyNode, "duplicate node '" + name + "' (first defined at " +
                               At(m_declared[name].where) + ")");
            continue;
        }
        Declared d;
        d.where = Loc(keyNode);
        TimeWindow start;
        start.to = 0;
        ConfigValue role;
        bool ok = true;
        if (v.IsMap())
        {
            Section s;
            ReadSection(v, "node", s);
            if (!s.Ok("role"))
            {
                ok = false;
            }
            role = s.V("role");
            LoadStart(s, start);
            if (s.Ok("count"))
            {
                int64_t c = s.V("count").number;
                if (c < 1 || c > 100000)
                {
                    Error(s.raw["count"], "node count must be between 1 and 100000");
                    ok = false;
                }
                else
                {
                    d.count = static_cast<uint32_t>(c);
                }
            }
        }
        else if (v.IsScalar())
        {
            ok = ParseValue(v, *roleKey, role);
        }
        else
        {
            Error(v, "expected a role (client, server, router, host, nat, switch) or "
                     "{role:, count:} for node '" +
                         name + "'; got " + Describe(v));
            ok = false;
        }
        static const std::map<std::string, NodeRole> kRoles = {
            {"client", NodeRole::CLIENT}, {"server", NodeRole::SERVER},
            {"router", NodeRole::ROUTER}, {"host", NodeRole::HOST},
            {"nat", NodeRole::NAT},       {"switch", NodeRole::SWITCH}};
        if (ok)
        {
            d.role = kRoles.at(role.text);
        }
        m_declared[name] = d;
        m_declaredOrder.push_back(name);
        // Expand.
        uint32_t instances = d.count == 0 ? 1 : d.count;
        for (uint32_t i = 1; i <= instances; ++i)
        {
            ScenarioNode sn;
            sn.baseName = name;
            sn.name = d.count == 0 ? name : name + std::to_string(i);
            sn.index = d.count == 0 ? 0 : i;
            sn.count = d.count;
            sn.role = d.role;
            sn.startFrom = start.from;
            sn.startTo = start.to;
            sn.where = d.where;
            auto prev = concreteWhere.find(sn.name);
            if (prev != concreteWhere.end())
            {
                Error(keyNode, "node name '" + sn.name + "' (from '" + name +
                                   "') collides with the node defined at " + At(prev->second));
                continue;
            }
            concreteWhere[sn.name] = d.where;
            m_concreteToBase[sn.name] = name;
            m_out.nodes.push_back(sn);
        }
    }
}

bool
Loader::ParseEnd(const YAML::Node& n, ScenarioLink& link)
{
    static const std::string kExpected =
        "expected a link end like lac:ether1, lns:ether1=192.0.2.9 or cpe[*]:ether1; got ";
    if (!n.IsScalar())
    {
        Error(n, kExpected + Describe(n));
        return false;
    }
    const std::string text = n.Scalar();
    size_t colon = text.find(':');
    if (colon == std::string::npos || colon == 0)
    {
        Error(n, kExpected + "'" + text + "'");
        return false;
    }
    std::string nodePart = text.substr(0, colon);
    std::string rest = text.substr(colon + 1);
    std::string iface = rest;
    std::string addrText;
    size_t eq = rest.find('=');
    if (eq != std::string::npos)
    {
        iface = rest.substr(0, eq);
        addrText = rest.substr(eq + 1);
    }
    if (!IsInterfaceName(iface))
    {
        Error(n, kExpected + "'" + text + "'");
        return false;
    }
    bool all = false;
    if (nodePart.size() > 3 && nodePart.compare(nodePart.size() - 3, 3, "[*]") == 0)
    {
        all = true;
        nodePart = nodePart.substr(0, nodePart.size() - 3);
    }
    std::vector<std::string> nodes;
    auto d = m_declared.find(nodePart);
    if (all)
    {
        if (d == m_declared.end())
        {
            UnknownNode(n, nodePart, "in link end");
            return false;
        }
        if (d->second.count == 0)
        {
            Error(n,
                  "node '" + nodePart + "' is not counted; write '" + nodePart + ":" + iface + "'");
            return false;
        }
        if (!addrText.empty())
        {
            Error(n, "an explicit address cannot be given for every instance of '" + nodePart +
                         "'; write one end per instance (" + nodePart + "1:" + iface + "=...)");
            return false;
        }
        for (uint32_t i = 1; i <= d->second.count; ++i)
        {
            nodes.push_back(nodePart + std::to_string(i));
        }
    }
    else
    {
        if (d != m_declared.end() && d->second.count > 0)
        {
            Error(n, "node '" + nodePart + "' has " + std::to_string(d->second.count) +
                         " instances; write '" + nodePart + "[*]:" + iface +
                         "' for all of them or '" + nodePart + "1:" + iface + "' for one");
            return false;
        }
        if (!m_concreteToBase.count(nodePart))
        {
            UnknownNode(n, nodePart, "in link end");
            return false;
        }
        nodes.push_back(nodePart);
    }
    uint32_t addr = 0;
    if (!addrText.empty() && !ParseIpv4(addrText, addr))
    {
        Error(n, "expected an IPv4 address like 192.0.2.1 after '='; got '" + addrText + "'");
        return false;
    }
    bool ok = true;
    for (const auto& node : nodes)
    {
        LinkEnd e;
        e.node = node;
        e.interface = iface;
        e.explicitAddress = !addrText.empty();
        e.address = addr;
        e.where = Loc(n);
        std::string key = node + ":" + iface;
        auto used = m_ifaceUse.find(key);
        if (used != m_ifaceUse.end())
        {
            Error(n, "interface " + key + " is already used by link '" + used->second.first +
                         "' (at " + At(used->second.second) + ")");
            ok = false;
            continue;
        }
        m_ifaceUse[key] = {link.name, e.where};
        link.ends.push_back(e);
    }
    return ok;
}

void
Loader::AssignAddresses(ScenarioLink& link, const Section& sec)
{
    auto isSwitch = [this](const std::string& node)
    {
        const ScenarioNode* sn = m_out.FindNode(node);
        return sn != nullptr && sn->role == NodeRole::SWITCH;
    };
    if (!link.hasNet)
    {
        for (const auto& e : link.ends)
        {
            if (e.explicitAddress)
            {
                SourceLocation l = e.where;
                YAML::Mark m;
                m.line = l.line - 1;
                m.column = l.col - 1;
                Error(m, "end " + e.node + ":" + e.interface +
                             " has an explicit address but link '" + link.name + "' has no 'net'");
            }
        }
        return;
    }
    const Ipv4Subnet& net = link.net;
    std::map<uint32_t, std::string> taken;
    uint64_t autoCount = 0;
    for (auto& e : link.ends)
    {
        YAML::Mark m;
        m.line = e.where.line - 1;
        m.column = e.where.col - 1;
        if (isSwitch(e.node))
        {
            if (e.explicitAddress)
            {
                Error(m, "switch node '" + e.node +
                             "' gets no address; remove '=" + FormatIpv4(e.address) + "'");
            }
            continue;
        }
        if (!e.explicitAddress)
        {
            ++autoCount;
            continue;
        }
        if (!net.IsHost(e.address))
        {
            Error(m, "address " + FormatIpv4(e.address) + " is not a host address of net " +
                         net.ToString());
            continue;
        }
        auto t = taken.find(e.address);
        if (t != taken.end())
        {
            Error(m, "address " + FormatIpv4(e.address) + " is already assigned to " + t->second);
            continue;
        }
        taken[e.address] = e.node + ":" + e.interface;
        e.hasAddress = true;
        e.prefixLength = net.prefixLength;
    }
    uint64_t need = autoCount + taken.size();
    if (need > net.HostCount())
    {
        Error(sec.raw.at("net"), "net " + net.ToString() + " has " +
                                     std::to_string(net.HostCount()) + " host address" +
                                     (net.HostCount() == 1 ? "" : "es") + " but link '" +
                                     link.name + "' needs " + std::to_string(need));
        return;
    }
    uint64_t next = 0;
    for (auto& e : link.ends)
    {
        if (e.explicitAddress || isSwitch(e.node))
        {
            continue;
        }
        while (taken.count(net.Host(next)))
        {
            ++next;
        }
        e.address = net.Host(next++);
        e.hasAddress = true;
        e.prefixLength = net.prefixLength;
    }
}

void
Loader::CheckAddressesUnique(const ScenarioLink& link)
{
    for (const auto& e : link.ends)
    {
        if (!e.hasAddress)
        {
            continue;
        }
        std::string who =
            e.node + ":" + e.interface + " on link '" + link.name + "' (at " + At(e.where) + ")";
        auto prev = m_addresses.find(e.address);
        if (prev == m_addresses.end())
        {
            m_addresses[e.address] = who;
            continue;
        }
        YAML::Mark m;
        m.line = e.where.line - 1;
        m.column = e.where.col - 1;
        Error(m, "address " + FormatIpv4(e.address) +
                     (e.explicitAddress ? "" : " (assigned from net)") + " of " + e.node + ":" +
                     e.interface + " is already assigned to " + prev->second +
                     "; give the links different nets");
    }
}

void
Loader::CheckSwitch(Section& s, ScenarioLink& link)
{
    const YAML::Node& at = s.raw["switch"];
    const std::string sw = s.V("switch").text;
    auto d = m_declared.find(sw);
    if (d == m_declared.end())
    {
        UnknownNode(at, sw, "in switch");
        return;
    }
    if (d->second.role != NodeRole::SWITCH || d->second.count != 0)
    {
        Error(at, "node '" + sw + "' is not a single node of role switch");
        return;
    }
    if (link.type != LinkType::CSMA)
    {
        Error(at, "a switch needs type: csma (its ports are Ethernet)");
        return;
    }
    auto prev = m_switchUse.find(sw);
    if (prev != m_switchUse.end())
    {
        Error(at, "switch '" + sw + "' already serves link '" + prev->second +
                      "'; one switch is one link (one broadcast domain)");
        return;
    }
    for (const LinkEnd& e : link.ends)
    {
        if (e.node == sw)
        {
            Error(at, "switch '" + sw + "' cannot also be an end of its own link");
            return;
        }
    }
    m_switchUse[sw] = link.name;
    link.viaSwitch = sw;
}

void
Loader::LoadLink(const YAML::Node& n)
{
    Section s;
    if (!ReadSection(n, "link", s))
    {
        return;
    }
    ScenarioLink link;
    link.where = Loc(n);
    link.name = s.V("name").text;
    if (s.Ok("name"))
    {
        auto prev = m_linkNames.find(link.name);
        if (prev != m_linkNames.end())
        {
            Error(s.raw["name"], "duplicate link name '" + link.name + "' (first defined at " +
                                     At(prev->second) + ")");
        }
        else
        {
            m_linkNames[link.name] = Loc(s.raw["name"]);
        }
    }
    link.type = s.V("type").text == "csma" ? LinkType::CSMA : LinkType::P2P;
    link.rateBps = static_cast<uint64_t>(s.V("rate").number);
    link.delay = s.V("delay").number;
    link.loss = s.V("loss").real;
    const std::string dir = s.V("loss-dir").text;
    link.lossDirection = dir == "a-to-b"   ? LossDirection::A_TO_B
                         : dir == "b-to-a" ? LossDirection::B_TO_A
                                           : LossDirection::BOTH;
    link.mtu = static_cast<uint32_t>(s.V("mtu").number); // range-checked (KeyRanges) before
    link.txQueueLen = static_cast<uint32_t>(s.V("txqueuelen").number);
    link.arpRequests = static_cast<uint32_t>(s.V("arp-requests").number);
    link.arpRetryInterval = s.V("arp-retry-interval").number;
    link.arpFailedHold = s.V("arp-failed-hold").number;
    link.arpQueue = static_cast<uint32_t>(s.V("arp-queue").number);
    link.arpLearn = s.V("arp-learn").number != 0;
    if (s.Ok("net"))
    {
        link.hasNet = true;
        link.net.network = static_cast<uint32_t>(s.V("net").number);
        bool hb = false;
        ParseSubnet(s.V("net").text, link.net, hb);
    }
    bool endsOk = s.Ok("ends");
    if (endsOk)
    {
        const YAML::Node& ends = s.raw["ends"];
        if (ends.IsSequence())
        {
            for (const auto& e : ends)
            {
                endsOk = ParseEnd(e, link) && endsOk;
            }
        }
        else
        {
            Error(ends, "expected a list of link ends like [lac:ether1, lns:ether1]; got " +
                            Describe(ends));
            endsOk = false;
        }
        if (endsOk)
        {
            size_t count = link.ends.size();
            if (link.type == LinkType::P2P && count != 2)
            {
                Error(ends, "a p2p link needs exactly 2 ends; got " + std::to_string(count) +
                                (count > 2 ? " (use type: csma for a shared segment)" : ""));
                endsOk = false;
            }
            else if (link.type == LinkType::CSMA && count < 2)
            {
                Error(ends, "a csma link needs at least 2 ends; got " + std::to_string(count));
                endsOk = false;
            }
        }
        if (link.lossDirection != LossDirection::BOTH && link.type != LinkType::P2P &&
            s.Has("loss-dir"))
        {
            Error(s.raw["loss-dir"], "loss-dir a-to-b/b-to-a needs a p2p link");
        }
    }
    if (s.Ok("switch"))
    {
        CheckSwitch(s, link);
    }
    if (endsOk && !s.badValues.count("net"))
    {
        AssignAddresses(link, s);
        CheckAddressesUnique(link);
    }
    m_out.links.push_back(link);
}

void
Loader::LoadMenuObject(const YAML::Node& n, const SectionSpec& spec, ConfigObject& out)
{
    Section s;
    out.menu = spec.name;
    out.where = Loc(n);
    if (!ReadSection(n, spec.name, s))
    {
        return;
    }
    out.props = s.values;
    out.abbreviations = s.abbreviations;
}

void
Loader::LoadConfig(const YAML::Node& n)
{
    if (n.IsNull())
    {
        return;
    }
    if (!n.IsMap())
    {
        Error(n,
              "expected a mapping of node name -> RouterOS menus for 'config'; got " + Describe(n));
        return;
    }
    std::vector<std::string> menuPaths = ConfigMenuPaths();
    for (auto it = n.begin(); it != n.end(); ++it)
    {
        const YAML::Node keyNode = it->first;
        const YAML::Node menus = it->second;
        if (!keyNode.IsScalar())
        {
            Error(keyNode, "expected a node name in config; got " + Describe(keyNode));
            continue;
        }
        const std::string node = keyNode.Scalar();
        if (!m_declared.count(node) && !m_concreteToBase.count(node))
        {
            UnknownNode(keyNode, node, "in config");
            continue;
        }
        if (m_out.config.count(node))
        {
            Error(keyNode, "duplicate config for node '" + node + "' (first at " +
                               At(m_out.config[node].where) + ")");
            continue;
        }
        NodeConfig nc;
        nc.node = node;
        nc.where = Loc(keyNode);
        if (!menus.IsMap())
        {
            if (!menus.IsNull())
            {
                Error(menus, "expected a mapping of RouterOS menu -> settings for node '" + node +
                                 "'; got " + Describe(menus));
            }
            m_out.config[node] = nc;
            continue;
        }
        std::map<std::string, SourceLocation> seenMenus;
        for (auto mt = menus.begin(); mt != menus.end(); ++mt)
        {
            const YAML::Node menuKey = mt->first;
            const YAML::Node val = mt->second;
            if (!menuKey.IsScalar())
            {
                Error(menuKey, "expected a RouterOS menu path; got " + Describe(menuKey));
                continue;
            }
            // Accept RouterOS CLI spelling too: "/interface l2tp-client".
            std::string menu = menuKey.Scalar();
            if (!menu.empty() && menu.front() == '/')
            {
                menu.erase(0, 1);
            }
            std::replace(menu.begin(), menu.end(), ' ', '/');
            const SectionSpec* spec = FindSection(menu);
            if (spec == nullptr)
            {
                if (const UnmodelledMenu* um = FindUnmodelledMenu(menu))
                {
                    UnmodelledMenuEntries(menuKey, val, *um, nc);
                    continue;
                }
            }
            if (spec == nullptr || spec->kind == SectionKind::STRUCT)
            {
                std::string msg =
                    "unknown menu '" + menuKey.Scalar() + "' in config of node '" + node + "'";
                std::string dym = DidYouMean(menu, menuPaths);
                if (!dym.empty())
                {
                    msg += " (did you mean '" + dym + "'?)";
                }
                Error(menuKey, msg);
                continue;
            }
            if (seenMenus.count(menu))
            {
                Error(menuKey, "duplicate menu '" + menu + "' for node '" + node + "' (first at " +
                                   At(seenMenus[menu]) + ")");
                continue;
            }
            seenMenus[menu] = Loc(menuKey);
            std::vector<ConfigObject>& objects = nc.menus[menu];
            if (spec->kind == SectionKind::MENU_SINGLE)
            {
                if (!val.IsMap())
                {
                    Error(val, "expected a mapping of properties for " + menu +
                                   " (a \"set\" menu); got " + Describe(val));
                    continue;
                }
                ConfigObject o;
                LoadMenuObject(val, *spec, o);
                objects.push_back(o);
                continue;
            }
            // MENU_LIST: a list of mappings, or one mapping for a single entry.
            const std::vector<YAML::Node> entries = MenuEntries(val);
            if (!val.IsSequence() && !val.IsMap() && !val.IsNull())
            {
                Error(val, "expected a list of entries for " + menu + " (an \"add\" menu); got " +
                               Describe(val));
                continue;
            }
            std::map<std::string, SourceLocation> names;
            for (const auto& e : entries)
            {
                ConfigObject o;
                LoadMenuObject(e, *spec, o);
                if (o.Has("name") && !o.Get("name").isDefault && FindKey(*spec, "name") != nullptr)
                {
                    const ConfigValue& nv = o.Get("name");
                    auto prev = names.find(nv.text);
                    if (prev != names.end())
                    {
                        YAML::Node nameNode = e["name"];
                        Error(nameNode, "duplicate name '" + nv.text + "' in " + menu +
                                            " (first defined at " + At(prev->second) + ")");
                    }
                    else
                    {
                        names[nv.text] = nv.where;
                    }
                }
                objects.push_back(o);
            }
            if (menu == "interface/l2tp-client")
            {
                NameClients(objects);
            }
        }
        CheckConfigReferences(nc);
        m_out.config[node] = nc;
    }
}

void
Loader::CheckConfigReferences(const NodeConfig& nc)
{
    auto namesOf = [&nc](const std::string& menu)
    {
        std::vector<std::string> out;
        for (const auto& o : nc.List(menu))
        {
            if (o.Has("name"))
            {
                out.push_back(o.GetString("name"));
            }
        }
        return out;
    };
    std::vector<std::string> profiles = namesOf("ppp/profile");
    profiles.emplace_back("default");
    profiles.emplace_back("default-encryption");
    std::vector<std::string> pools = namesOf("ip/pool");

    auto check =
        [this](const ConfigValue& v, const std::vector<std::string>& known, const std::string& what)
    {
        if (v.isDefault || std::find(known.begin(), known.end(), v.text) != known.end())
        {
            return;
        }
        std::string msg = "unknown " + what + " '" + v.text + "'";
        std::string dym = DidYouMean(v.text, known);
        if (!dym.empty())
        {
            msg += " (did you mean '" + dym + "'?)";
        }
        YAML::Mark m;
        m.line = v.where.line - 1;
        m.column = v.where.col - 1;
        Error(m, msg);
    };
    for (const char* menu : {"ppp/secret", "interface/l2tp-client"})
    {
        for (const auto& o : nc.List(menu))
        {
            if (o.Has("profile"))
            {
                check(o.Get("profile"), profiles, "ppp/profile");
            }
        }
    }
    if (const ConfigObject* srv = nc.Single("interface/l2tp-server/server"))
    {
        if (srv->Has("default-profile"))
        {
            check(srv->Get("default-profile"), profiles, "ppp/profile");
        }
    }
    for (const auto& o : nc.List("ppp/profile"))
    {
        for (const char* key : {"local-address", "remote-address"})
        {
            uint32_t a = 0;
            if (o.Has(key) && !ParseIpv4(o.GetString(key), a))
            {
                check(o.Get(key), pools, "ip/pool");
            }
        }
    }
    for (const auto& o : nc.List("ip/pool"))
    {
        if (o.Has("next-pool"))
        {
            check(o.Get("next-pool"), pools, "ip/pool");
        }
    }
}

/** \brief An IPv6 `to`: a valid address, and an interface for a link-local one. */
void
Loader::CheckIpv6Target(Section& s, const TrafficSpec& t)
{
    in6_addr a6{};
    const bool peer = t.to == "link-local-peer";
    if (!peer && inet_pton(AF_INET6, t.to.c_str(), &a6) != 1)
    {
        Error(s.raw["to"], "'" + t.to + "' is not an IPv6 address (RFC 4291 §2.2)");
        return;
    }
    const bool linkLocal = peer || (a6.s6_addr[0] == 0xfe && (a6.s6_addr[1] & 0xc0) == 0x80);
    if (linkLocal && !s.Has("interface"))
    {
        Error(s.raw["to"], "a link-local IPv6 destination needs 'interface' (the PPP interface "
                           "it is reached through, e.g. l2tp-out1)");
    }
}

void
Loader::LoadTraffic(const YAML::Node& n)
{
    Section s;
    if (!ReadSection(n, "traffic", s))
    {
        return;
    }
    TrafficSpec t;
    t.where = Loc(n);
    t.name = s.V("name").text;
    if (s.Ok("name"))
    {
        auto prev = m_trafficNames.find(t.name);
        if (prev != m_trafficNames.end())
        {
            Error(s.raw["name"], "duplicate traffic name '" + t.name + "' (first defined at " +
                                     At(prev->second) + ")");
        }
        else
        {
            m_trafficNames[t.name] = Loc(s.raw["name"]);
        }
    }
    if (s.Ok("at"))
    {
        t.at = s.V("at").number;
        CheckAt(s, t.at);
    }
    if (s.Ok("from"))
    {
        t.from = s.V("from").text;
        ResolveOneNode(s.raw["from"], t.from, "in traffic 'from'");
    }
    if (s.Ok("to"))
    {
        t.to = s.V("to").text;
        uint32_t a = 0;
        if (ParseIpv4(t.to, a))
        {
            t.toIsAddress = true;
            t.toAddress = a;
        }
        else if (t.to == "link-local-peer" || t.to.find(':') != std::string::npos)
        {
            t.toIsIpv6 = true;
            CheckIpv6Target(s, t);
        }
        else
        {
            ResolveOneNode(s.raw["to"], t.to, "in traffic 'to' (expected an address or a node)");
        }
    }
    const std::string kind = s.V("kind").text;
    t.kind = kind == "udp" ? TrafficKind::UDP
                           : (kind == "tcp" ? TrafficKind::TCP : TrafficKind::ICMP_ECHO);
    t.count = static_cast<uint32_t>(s.V("count").number);
    if (s.Ok("count") && (s.V("count").number < 1 || s.V("count").number > 100000000))
    {
        Error(s.raw["count"], "count must be between 1 and 100000000");
    }
    t.interval = s.V("interval").number;
    t.size = static_cast<uint32_t>(s.V("size").number);
    if (s.Ok("size") && s.V("size").number > 65507)
    {
        Error(s.raw["size"], "size must be at most 65507 bytes");
    }
    if (s.Ok("port") && (s.V("port").number < 1 || s.V("port").number > 65535))
    {
        Error(s.raw["port"], "port must be between 1 and 65535");
    }
    t.port = static_cast<uint16_t>(s.V("port").number);
    t.dontFragment = s.V("df").number != 0;
    t.timeout = s.V("timeout").number;
    if (s.Ok("kind") && t.kind != TrafficKind::ICMP_ECHO)
    {
        for (const char* k : {"df", "timeout"})
        {
            if (s.Has(k))
            {
                Error(s.keyNodes[k], "'" + std::string(k) + "' only applies to kind icmp-echo");
            }
        }
    }
    if (s.Ok("kind") && s.Ok("size") && t.kind == TrafficKind::UDP && t.size < 16)
    {
        Error(s.raw["size"], "udp size must be at least 16 bytes (flow id, sequence number and "
                             "send time ride in the payload)");
    }
    if (s.Ok("timeout") && t.timeout <= 0)
    {
        Error(s.raw["timeout"], "timeout must be greater than 0");
    }
    t.interface = s.V("interface").text;
    if (s.Has("interface") && !t.toIsIpv6)
    {
        Error(s.keyNodes["interface"], "'interface' only applies to an IPv6 'to'");
    }
    if (t.toIsIpv6 && s.Ok("kind") && t.kind != TrafficKind::ICMP_ECHO)
    {
        Error(s.raw["kind"], "an IPv6 destination is modelled for icmp-echo only (udp/tcp over "
                             "IPv6 not modelled yet)");
    }
    if (t.toIsIpv6 && s.Has("df"))
    {
        Error(s.keyNodes["df"], "'df' is an IPv4 header bit (RFC 791); IPv6 routers never "
                                "fragment (RFC 8200 §5)");
    }
    m_out.traffic.push_back(t);
}

void
Loader::LoadFault(const YAML::Node& n)
{
    Section s;
    if (!ReadSection(n, "fault", s))
    {
        return;
    }
    FaultSpec f;
    f.where = Loc(n);
    f.name = s.V("name").text;
    if (s.Ok("name"))
    {
        auto prev = m_faultNames.find(f.name);
        if (prev != m_faultNames.end())
        {
            Error(s.raw["name"], "duplicate fault name '" + f.name + "' (first defined at " +
                                     At(prev->second) + ")");
        }
        else
        {
            m_faultNames[f.name] = Loc(s.raw["name"]);
        }
    }
    if (s.Ok("at"))
    {
        f.at = s.V("at").number;
        CheckAt(s, f.at);
    }
    if (s.Ok("link"))
    {
        f.link = s.V("link").text;
        if (!m_linkNames.count(f.link))
        {
            std::vector<std::string> names;
            for (const auto& l : m_linkNames)
            {
                names.push_back(l.first);
            }
            std::string msg = "unknown link '" + f.link + "' in fault";
            std::string dym = DidYouMean(f.link, names);
            if (!dym.empty())
            {
                msg += " (did you mean '" + dym + "'?)";
            }
            Error(s.raw["link"], msg);
        }
    }
    f.action = ParseFaultAction(s.V("action").text);
    if (s.Ok("action"))
    {
        CheckFaultKeys(s, f.action);
    }
    f.value = s.V("value").real;
    const std::string dir = s.V("loss-dir").text;
    f.lossDirection = dir == "a-to-b"   ? LossDirection::A_TO_B
                      : dir == "b-to-a" ? LossDirection::B_TO_A
                                        : LossDirection::BOTH;
    f.delay = s.V("delay").number;
    f.match = s.V("match").text;
    if (s.Ok("match") && !FindFaultMatch(f.match))
    {
        std::vector<std::string> names;
        for (const FaultMatchSpec& m : FaultMatchTable())
        {
            names.emplace_back(m.name);
        }
        std::string dym = DidYouMean(f.match, names);
        Error(s.raw["match"], "unknown match '" + f.match + "' in fault" +
                                  (dym.empty() ? "" : " (did you mean '" + dym + "'?)") +
                                  "; matches: docs/scenario-reference.md");
    }
    if (s.Ok("until"))
    {
        f.until = s.V("until").number;
        if (s.Ok("at") && f.until <= f.at)
        {
            Error(s.raw["until"],
                  "until " + FormatDuration(f.until) + " must be after at " + FormatDuration(f.at));
        }
        else if (m_haveDuration && f.until > m_out.run.duration)
        {
            Error(s.raw["until"], "time " + FormatDuration(f.until) +
                                      " is after the end of the run (duration " +
                                      FormatDuration(m_out.run.duration) + ")");
        }
    }
    m_out.faults.push_back(f);
}

void
Loader::CheckFaultKeys(Section& s, FaultAction action)
{
    // Which keys each action takes: the required one first, then the optional ones.
    struct ActionKeys
    {
        FaultAction action;
        const char* name;
        const char* required;
        std::vector<const char*> optional;
    };
    static const std::vector<ActionKeys> kRows = {
        {FaultAction::DOWN, "down", nullptr, {"until"}},
        {FaultAction::UP, "up", nullptr, {}},
        {FaultAction::LOSS, "loss", "value", {"loss-dir", "until"}},
        {FaultAction::DELAY, "delay", "delay", {"until"}},
        {FaultAction::DROP, "drop", "match", {"until"}},
    };
    const ActionKeys* row = nullptr;
    for (const ActionKeys& r : kRows)
    {
        row = r.action == action ? &r : row;
    }
    if (row->required && !s.Has(row->required))
    {
        Error(s.node, "missing required key '" + std::string(row->required) +
                          "' in fault (action " + row->name + " needs it)");
    }
    for (const char* k : {"value", "loss-dir", "delay", "match", "until"})
    {
        bool allowed = (row->required && std::string(k) == row->required) ||
                       std::find_if(row->optional.begin(), row->optional.end(),
                                    [k](const char* o)
                                    {
                                        return std::string(o) == k;
                                    }) != row->optional.end();
        if (s.Has(k) && !allowed)
        {
            std::string users;
            for (const ActionKeys& r : kRows)
            {
                bool uses = (r.required && std::string(k) == r.required) ||
                            std::find_if(r.optional.begin(), r.optional.end(),
                                         [k](const char* o)
                                         {
                                             return std::string(o) == k;
                                         }) != r.optional.end();
                users += uses ? (users.empty() ? "" : ", ") + std::string(r.name) : "";
            }
            Error(s.keyNodes[k], "'" + std::string(k) + "' only applies to action " + users);
        }
    }
}

void
Loader::LoadStart(const Section& sec, TimeWindow& out)
{
    if (!sec.Ok("start"))
    {
        return;
    }
    TimeWindow w;
    if (!ParseTimeWindow(sec.V("start").text, w))
    {
        return;
    }
    if (w.to == kNever || (m_haveDuration && w.to > m_out.run.duration))
    {
        Error(sec.raw.at("start"),
              "start window '" + w.text + "' needs an end inside the run (e.g. 0s~30s)");
        return;
    }
    out = w;
}

bool
Loader::LoadWindow(const Section& sec, TimeWindow& out)
{
    if (!sec.Ok("within"))
    {
        return !sec.Has("within");
    }
    if (!ParseTimeWindow(sec.V("within").text, out))
    {
        return false;
    }
    // Like `at:`, a window bound after the end of the run can never be reached.
    TimeNs bound = out.to != kNever ? out.to : out.from;
    if (m_haveDuration && bound > m_out.run.duration)
    {
        Error(sec.raw.at("within"), "window '" + out.text + "' reaches past the end of the run (" +
                                        FormatDuration(bound) + " > duration " +
                                        FormatDuration(m_out.run.duration) + ")");
        return false;
    }
    return true;
}

bool
Loader::LoadEventMatch(const YAML::Node& n, EventMatch& out)
{
    Section s;
    if (!ReadSection(n, "event", s))
    {
        return false;
    }
    out.node = s.V("node").text;
    out.object = s.V("obj").text;
    out.kind = s.V("ev").text;
    if (s.Has("node") && !HasGlob(out.node) && !m_declared.count(out.node) &&
        !m_concreteToBase.count(out.node))
    {
        UnknownNode(s.raw["node"], out.node, "in expect");
    }
    if (s.Has("fields"))
    {
        const YAML::Node& f = s.raw["fields"];
        if (!f.IsMap())
        {
            Error(f, "expected a mapping of field -> value glob for 'fields'; got " + Describe(f));
            return false;
        }
        for (auto it = f.begin(); it != f.end(); ++it)
        {
            if (!it->first.IsScalar() || !(it->second.IsScalar() || it->second.IsNull()))
            {
                Error(it->second, "expected field: value (both scalars) in 'fields'");
                continue;
            }
            out.fields.emplace_back(it->first.Scalar(), it->second.Scalar());
        }
    }
    return true;
}

void
Loader::LoadStateCheck(const YAML::Node& n, Expectation& e)
{
    Section s;
    if (!ReadSection(n, "state", s))
    {
        return;
    }
    StateCheck c;
    c.where = Loc(n);
    if (s.Ok("at"))
    {
        c.at = s.V("at").number;
        CheckAt(s, c.at);
    }
    c.path = s.V("path").text;
    if (s.Ok("path") && c.path.empty())
    {
        Error(s.raw["path"], "expected a non-empty state path like l2tp/tunnels/established");
    }
    static const std::pair<const char*, CompareOp> kOps[] = {
        {"eq", CompareOp::EQ}, {"ne", CompareOp::NE}, {"ge", CompareOp::GE}, {"le", CompareOp::LE},
        {"gt", CompareOp::GT}, {"lt", CompareOp::LT}, {"in", CompareOp::IN}};
    int ops = 0;
    bool ok = true;
    for (const auto& op : kOps)
    {
        if (!s.Has(op.first))
        {
            continue;
        }
        if (++ops > 1)
        {
            Error(s.keyNodes[op.first],
                  "a state check takes exactly one of eq, ne, ge, le, gt, lt, in");
            ok = false;
            continue;
        }
        c.op = op.second;
        if (op.second != CompareOp::IN)
        {
            c.value = s.V(op.first).text;
            ok = ok && s.Ok(op.first);
            continue;
        }
        const YAML::Node& v = s.raw["in"];
        if (v.IsSequence())
        {
            for (const auto& item : v)
            {
                if (!item.IsScalar())
                {
                    Error(item, "expected a value in the 'in' list; got " + Describe(item));
                    ok = false;
                    continue;
                }
                c.oneOf.push_back(item.Scalar());
            }
        }
        else
        {
            std::string text = v.IsScalar() ? v.Scalar() : "";
            size_t dash = text.empty() ? std::string::npos : text.find('-', 1);
            if (dash == std::string::npos || dash + 1 >= text.size())
            {
                Error(v, "expected a range like 10-20 or 10.99.0.10-10.99.0.20, or a list, for "
                         "'in'; got " +
                             Describe(v));
                ok = false;
                continue;
            }
            c.low = text.substr(0, dash);
            c.high = text.substr(dash + 1);
            c.value = text;
        }
    }
    if (ops == 0)
    {
        Error(n, "missing comparison in state check: one of eq, ne, ge, le, gt, lt, in");
        ok = false;
    }
    if (!s.Ok("node"))
    {
        return;
    }
    const std::string node = s.V("node").text;
    auto d = m_declared.find(node);
    std::vector<std::string> targets;
    if (d != m_declared.end() && d->second.count > 0)
    {
        for (uint32_t i = 1; i <= d->second.count; ++i)
        {
            targets.push_back(node + std::to_string(i));
        }
    }
    else if (m_concreteToBase.count(node))
    {
        targets.push_back(node);
    }
    else
    {
        UnknownNode(s.raw["node"], node, "in expect");
        return;
    }
    if (!ok)
    {
        return;
    }
    for (const auto& t : targets)
    {
        c.node = t;
        e.state.push_back(c);
    }
}

void
Loader::LoadExpectation(const YAML::Node& n)
{
    Section s;
    if (!ReadSection(n, "expect", s))
    {
        return;
    }
    Expectation e;
    e.where = Loc(n);
    e.id = s.V("id").text;
    if (s.Ok("id"))
    {
        auto prev = m_expectIds.find(e.id);
        if (prev != m_expectIds.end())
        {
            Error(s.raw["id"], "duplicate expectation id '" + e.id + "' (first defined at " +
                                   At(prev->second) + ")");
        }
        else
        {
            m_expectIds[e.id] = Loc(s.raw["id"]);
        }
    }
    e.refs = s.V("ref").items;
    e.description = s.V("description").text;
    std::vector<std::string> kinds;
    for (const char* k : {"event", "state", "never"})
    {
        if (s.Has(k))
        {
            kinds.emplace_back(k);
        }
    }
    std::string label = e.id.empty() ? "expectation" : "expectation '" + e.id + "'";
    if (kinds.empty())
    {
        Error(n, label + " needs one of event, state or never");
        return;
    }
    if (kinds.size() > 1)
    {
        Error(s.keyNodes[kinds[1]], label + " has both '" + kinds[0] + "' and '" + kinds[1] +
                                        "'; write one per expectation");
        return;
    }
    const std::string kind = kinds[0];
    if (kind != "event")
    {
        for (const char* k : {"count", "within"})
        {
            if (s.Has(k))
            {
                Error(s.keyNodes[k], "'" + std::string(k) + "' only applies to event expectations" +
                                         (kind == "never" && std::string(k) == "within"
                                              ? " (put it inside 'never')"
                                              : ""));
            }
        }
    }
    if (kind == "event")
    {
        e.kind = ExpectationKind::EVENT;
        LoadEventMatch(s.raw["event"], e.event);
        if (s.Ok("count"))
        {
            ParseCountSpec(s.V("count").text, e.count);
        }
        LoadWindow(s, e.within);
    }
    else if (kind == "never")
    {
        e.kind = ExpectationKind::NEVER;
        Section nv;
        if (ReadSection(s.raw["never"], "never", nv))
        {
            if (nv.Has("event"))
            {
                LoadEventMatch(nv.raw["event"], e.event);
            }
            LoadWindow(nv, e.within);
        }
    }
    else
    {
        e.kind = ExpectationKind::STATE;
        const YAML::Node& st = s.raw["state"];
        if (st.IsSequence())
        {
            if (st.size() == 0)
            {
                Error(st, "expected at least one state check in 'state'");
            }
            for (const auto& item : st)
            {
                LoadStateCheck(item, e);
            }
        }
        else if (st.IsMap())
        {
            LoadStateCheck(st, e);
        }
        else
        {
            Error(st, "expected a list of state checks for 'state'; got " + Describe(st));
        }
    }
    m_out.expect.push_back(e);
}

} // namespace

// =============================================================================================
// Entry points
// =============================================================================================

bool
LoadScenarioFromString(const std::string& text,
                       const std::string& virtualFileName,
                       Scenario& out,
                       std::vector<ScenarioError>& errors,
                       const ScenarioCheck& extraCheck)
{
    Loader loader(virtualFileName, out, errors);
    loader.LoadText(text);
    if (extraCheck)
    {
        std::vector<ScenarioError> more;
        extraCheck(out, more);
        for (const auto& e : more)
        {
            loader.Add(e);
        }
    }
    loader.Finish();
    return !loader.Failed();
}

bool
LoadScenarioFromString(const std::string& text,
                       const std::string& virtualFileName,
                       Scenario& out,
                       std::vector<ScenarioError>& errors)
{
    return LoadScenarioFromString(text, virtualFileName, out, errors, ScenarioCheck());
}

bool
LoadScenario(const std::string& path,
             Scenario& out,
             std::vector<ScenarioError>& errors,
             const ScenarioCheck& extraCheck)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        ScenarioError e;
        e.file = path;
        e.message = "cannot open file";
        errors.push_back(e);
        return false;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return LoadScenarioFromString(ss.str(), path, out, errors, extraCheck);
}

bool
LoadScenario(const std::string& path, Scenario& out, std::vector<ScenarioError>& errors)
{
    return LoadScenario(path, out, errors, ScenarioCheck());
}

} // namespace ns3
