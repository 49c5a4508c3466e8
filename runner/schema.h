/**
 * \file
 * \brief The scenario schema as a table: every section and every key with its type, default,
 *        required flag and documentation.
 *
 * The loader validates keys against this table (unknown key -> did-you-mean over the keys of
 * that section), fills defaults from it, and docs/scenario-reference.md's key listing is
 * generated from it (RenderSchemaMarkdown); a unit test keeps the two in sync.
 *
 * Adding a RouterOS menu or property is a table row, not code: the loader handles every
 * MENU_SINGLE / MENU_LIST section generically and the builder reads ConfigObject properties.
 */
#ifndef L2TPLAB_RUNNER_SCHEMA_H
#define L2TPLAB_RUNNER_SCHEMA_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/** \brief Value type of a key; drives parsing, normalisation and the "expected ..." message. */
enum class ValueType
{
    STRING,       //!< any scalar
    NAME,         //!< identifier [a-z0-9-]+ (lower case, digits, dashes)
    ID,           //!< expectation id [A-Za-z0-9._-]+
    INT,          //!< non-negative integer (plus `specials`, e.g. unlimited)
    BOOL,         //!< yes/no/true/false
    DURATION,     //!< 5s, 250ms, 1m30s; bare number = seconds (plus `specials`, e.g. disabled)
    RATE,         //!< 100Mbps, 1Gbps, 64kbps, 9600bps
    LOSS,         //!< 20% or 0.2
    IPV4,         //!< 192.0.2.1
    IPV4_OR_NAME, //!< address, or a name (interface, pool) resolved by the builder
    SUBNET,       //!< 192.0.2.0/30 (host bits must be zero)
    IPV4_RANGES,  //!< list of a.b.c.d-e.f.g.h (or single addresses); "a-b,c-d" or YAML list
    ENUM,         //!< one of `choices`
    ENUM_LIST,    //!< YAML list (or comma-separated) of `choices`
    STRING_LIST,  //!< YAML list (or comma-separated) of strings
    COUNT,        //!< count constraint: N, >=N, <=N, >N, <N, N~M
    WINDOW,       //!< time window A~B, A~, ~B
    MAPPING,      //!< nested mapping (structure; see the named section)
    SEQUENCE,     //!< nested list (structure; see the named section)
    ANY,          //!< scalar or list (structure-specific)
};

/** \brief One key of a section. */
struct KeySpec
{
    const char* key;          //!< YAML key
    ValueType type;           //!< value type
    const char* defaultValue; //!< default as YAML text; nullptr = no default
    bool required;            //!< must be present
    const char* choices;      //!< ENUM/ENUM_LIST: "a|b|c"; INT/DURATION: allowed special words
    const char* doc;          //!< one-line meaning (RouterOS meaning for config menus)
};

/** \brief How a section appears in YAML. */
enum class SectionKind
{
    STRUCT,      //!< structural mapping of the scenario format (run, link, expect, ...)
    MENU_SINGLE, //!< RouterOS "set" menu under config/<node>: one mapping
    MENU_LIST,   //!< RouterOS "add" menu under config/<node>: list of mappings
};

/** \brief One section: a mapping whose keys are listed in `keys`. */
struct SectionSpec
{
    const char* name;          //!< "link", or the RouterOS menu path "interface/l2tp-client"
    SectionKind kind;          //!< structural or menu
    const char* where;         //!< where it appears in the file ("topology.links[]", ...)
    const char* doc;           //!< what it is
    std::vector<KeySpec> keys; //!< every valid key, documentation order
};

/**
 * \brief A range the loader enforces on top of a key's type (INT: the integer; DURATION: ns).
 *
 * Checked on the 64-bit parsed value, before any narrowing cast, so a value never wraps into
 * range. Special words (unlimited, disabled) are not numbers and are not range-checked.
 */
struct KeyRange
{
    const char* section; //!< section name (SectionSpec::name)
    const char* key;     //!< key in that section
    int64_t min;         //!< smallest allowed value
    int64_t max;         //!< largest allowed value (INT64_MAX = no maximum)
    const char* why;     //!< where the bounds come from (shown in the error and the docs)
};

/** \brief Every enforced range, documentation order. */
const std::vector<KeyRange>& KeyRanges();

/** \brief The range of section.key, or nullptr. */
const KeyRange* FindRange(const std::string& section, const std::string& key);

/**
 * \brief The generated range table for docs/scenario-reference.md, between the lines
 *        "<!-- BEGIN GENERATED RANGES -->" and "<!-- END GENERATED RANGES -->".
 */
std::string RenderRangesMarkdown();

/** \brief Every section, structural ones first, then config menus. */
const std::vector<SectionSpec>& ScenarioSchema();

/** \brief Section by name (structural name or menu path), or nullptr. */
const SectionSpec* FindSection(const std::string& name);

/** \brief Key in a section, or nullptr. */
const KeySpec* FindKey(const SectionSpec& section, const std::string& key);

/** \brief Every config menu path (MENU_SINGLE and MENU_LIST sections). */
std::vector<std::string> ConfigMenuPaths();

/** \brief "expected ..." text for a type, e.g. "a duration like 5s, 250ms, 1m". */
std::string ExpectedText(const KeySpec& key);

/** \brief Short type name for documentation ("duration", "rate", "enum", ...). */
const char* ValueTypeName(ValueType t);

/** \brief Split "a|b|c" (or "a,b,c" with sep ',') into items; empty input -> empty list. */
std::vector<std::string> SplitChoices(const std::string& s, char sep = '|');

/**
 * \brief Damerau-Levenshtein distance (optimal string alignment: insert, delete, substitute,
 *        swap adjacent).
 */
size_t EditDistance(const std::string& a, const std::string& b);

/**
 * \brief The closest candidate to `word` if close enough to be a plausible typo
 *        (distance <= 1 for words up to 4 characters, <= 2 up to 8, else <= 3), or "".
 *        Ties go to the first candidate.
 */
std::string DidYouMean(const std::string& word, const std::vector<std::string>& candidates);

/**
 * \brief The generated key listing for docs/scenario-reference.md (Markdown, one table per
 *        section). The doc file holds it between the lines "<!-- BEGIN GENERATED KEYS -->" and
 *        "<!-- END GENERATED KEYS -->".
 */
std::string RenderSchemaMarkdown();

/**
 * \brief Another spelling of an ENUM value, read as the canonical one (the canonical text is what
 *        ConfigValue::text holds afterwards, so the model compares against one word).
 */
struct ValueAlias
{
    const char* section;   //!< section name
    const char* key;       //!< key in that section
    const char* alias;     //!< spelling accepted as well
    const char* canonical; //!< what it is read as
    const char* why;       //!< where the other spelling comes from (docs)
};

/** \brief Every value alias, documentation order. */
const std::vector<ValueAlias>& ValueAliases();

/**
 * \brief Another name of a property: an older RouterOS's (v2.9's client `mtu` for today's
 *        `max-mtu`). Read as that property, with a warning to write today's name.
 */
struct KeyAlias
{
    const char* section; //!< section name
    const char* alias;   //!< the other name
    const char* key;     //!< the property it is read as
    const char* why;     //!< where the other name comes from (docs, the warning)
};

/** \brief Every key alias, documentation order. */
const std::vector<KeyAlias>& KeyAliases();

/** \brief The key alias `alias` of `section`, or nullptr. */
const KeyAlias* FindKeyAlias(const std::string& section, const std::string& alias);

/** \brief The canonical spelling of `text` for section.key: itself unless it is an alias. */
std::string CanonicalValue(const std::string& section,
                           const std::string& key,
                           const std::string& text);

/**
 * \brief A real RouterOS property of a config menu that this version does not model: the
 *        loader refuses it with "<key>: not modelled yet (...)" instead of "unknown key".
 */
struct UnmodelledKey
{
    const char* section; //!< menu path
    const char* key;     //!< RouterOS property (v6/v7 manual)
    const char* what;    //!< what is missing for it to mean something
    /** \brief Values ("a|b") that ask for exactly what l2tplab does anyway (allow-fast-path=no,
     * l2tp-proto-version=l2tpv2): written with one of them the property is accepted silently,
     * so a configuration copied from a router's `print` loads. nullptr = none. */
    const char* simulated = nullptr;
};

/**
 * \brief A real RouterOS menu this version does not model: the loader refuses it with
 *        "<menu>: not modelled yet (...)" instead of "unknown menu". A menu with `acceptOnly`
 *        (ip/firewall/filter) is accepted with a warning when every entry's action is accept:
 *        nothing is filtered in a run, which is what such rules ask for.
 */
struct UnmodelledMenu
{
    const char* menu;        //!< menu path
    const char* what;        //!< what is missing for it to mean something
    bool acceptOnly = false; //!< entries whose action is accept (the default) are harmless
};

/** \brief Every known-but-unmodelled RouterOS menu, documentation order. */
const std::vector<UnmodelledMenu>& UnmodelledMenus();

/** \brief The entry for `menu`, or nullptr. */
const UnmodelledMenu* FindUnmodelledMenu(const std::string& menu);

/** \brief True if `value` is one of u.simulated's values. */
bool IsSimulatedValue(const UnmodelledKey& u, const std::string& value);

/** \brief Every known-but-unmodelled RouterOS property, documentation order. */
const std::vector<UnmodelledKey>& UnmodelledKeys();

/** \brief The entry for section.key, or nullptr. */
const UnmodelledKey* FindUnmodelledKey(const std::string& section, const std::string& key);

/**
 * \brief True for a section that is a RouterOS menu (`interface/l2tp-client`, `ip/pool`, ...),
 *        false for the scenario's own structure and l2tplab's extension menus (`l2tp`, `nat`,
 *        `ipsec`). Only RouterOS menus take abbreviated property names (PrefixCandidates).
 */
bool IsRouterOsMenu(const SectionSpec& section);

/**
 * \brief The properties of a RouterOS menu that begin with `prefix`, modelled or not
 *        (UnmodelledKeys), as RouterOS's console resolves an abbreviated property name: one
 *        candidate means the prefix names it (`range=` is `ranges=`), several mean it is
 *        ambiguous (`max-m`). Empty for a section that is not a RouterOS menu.
 */
std::vector<std::string> PrefixCandidates(const SectionSpec& section, const std::string& prefix);

/** \brief Generated table between "<!-- BEGIN GENERATED ALIASES -->" and its END line. */
std::string RenderAliasesMarkdown();

/** \brief Generated table between "<!-- BEGIN GENERATED UNMODELLED -->" and its END line. */
std::string RenderUnmodelledMarkdown();

} // namespace ns3

#endif
