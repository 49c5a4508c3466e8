// Unit tests: runner/schema — table invariants, every default parses, docs stay in sync.
#include "runner/scenario-loader.h"
#include "runner/schema.h"
#include "tests/unit/runner/doc-sync-support.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>
#include <string>

using namespace ns3;

BOOST_AUTO_TEST_SUITE(runner_schema)

BOOST_AUTO_TEST_CASE(table_invariants)
{
    std::set<std::string> sections;
    for (const auto& s : ScenarioSchema())
    {
        BOOST_TEST_CONTEXT(s.name)
        {
            BOOST_TEST(sections.insert(s.name).second); // unique section names
            BOOST_TEST(!s.keys.empty());
            BOOST_TEST(std::string(s.doc).size() > 0u);
            std::set<std::string> keys;
            for (const auto& k : s.keys)
            {
                BOOST_TEST_CONTEXT(k.key)
                {
                    BOOST_TEST(keys.insert(k.key).second); // unique keys per section
                    BOOST_TEST(std::string(k.doc).size() > 0u);
                    BOOST_TEST(!(k.required && k.defaultValue != nullptr));
                    if (k.type == ValueType::ENUM || k.type == ValueType::ENUM_LIST)
                    {
                        BOOST_TEST((k.choices != nullptr && SplitChoices(k.choices).size() >= 2u));
                    }
                }
            }
        }
    }
    BOOST_TEST(FindSection("link") != nullptr);
    BOOST_TEST(FindSection("interface/l2tp-client") != nullptr);
    BOOST_TEST(FindSection("nope") == nullptr);
    auto menus = ConfigMenuPaths();
    BOOST_TEST(menus.size() >= 9u);
}

BOOST_AUTO_TEST_CASE(every_default_parses)
{
    for (const auto& s : ScenarioSchema())
    {
        for (const auto& k : s.keys)
        {
            if (k.defaultValue == nullptr)
            {
                continue;
            }
            ConfigValue v;
            BOOST_TEST_CONTEXT(s.name << "." << k.key << " = '" << k.defaultValue << "'")
            {
                BOOST_TEST(ParseSchemaDefault(k, v));
                BOOST_TEST(v.isDefault);
            }
        }
        if (s.kind == SectionKind::MENU_SINGLE)
        {
            ConfigObject o = NodeConfig().SingleOrDefaults(s.name);
            for (const auto& k : s.keys)
            {
                BOOST_TEST(o.Has(k.key) == (k.defaultValue != nullptr), s.name << "." << k.key);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(docs_in_sync)
{
    CheckGeneratedDocBlock("KEYS", RenderSchemaMarkdown(), "runner_schema/docs_in_sync");
}

BOOST_AUTO_TEST_CASE(aliases_doc_in_sync)
{
    CheckGeneratedDocBlock("ALIASES", RenderAliasesMarkdown(), "runner_schema/aliases_doc_in_sync");
}

BOOST_AUTO_TEST_CASE(unmodelled_doc_in_sync)
{
    CheckGeneratedDocBlock("UNMODELLED", RenderUnmodelledMarkdown(),
                           "runner_schema/unmodelled_doc_in_sync");
}

BOOST_AUTO_TEST_CASE(alias_and_unmodelled_tables_are_consistent)
{
    // A key alias names a real key of its section and is not one itself.
    for (const KeyAlias& a : KeyAliases())
    {
        const SectionSpec* s = FindSection(a.section);
        BOOST_TEST_REQUIRE(s != nullptr, a.section);
        BOOST_TEST(FindKey(*s, a.key) != nullptr, a.key);
        BOOST_TEST(FindKey(*s, a.alias) == nullptr, a.alias);
        BOOST_TEST(FindUnmodelledKey(a.section, a.alias) == nullptr, a.alias);
    }
    // An alias names an ENUM key and maps onto one of its choices; an unmodelled key is never a
    // schema key (it would shadow nothing) and names a config menu.
    for (const ValueAlias& a : ValueAliases())
    {
        const SectionSpec* s = FindSection(a.section);
        BOOST_TEST_REQUIRE(s != nullptr, a.section);
        const KeySpec* k = FindKey(*s, a.key);
        BOOST_TEST_REQUIRE(k != nullptr, a.key);
        auto choices = SplitChoices(k->choices ? k->choices : "");
        BOOST_TEST((std::find(choices.begin(), choices.end(), a.canonical) != choices.end()),
                   a.canonical);
        BOOST_TEST((std::find(choices.begin(), choices.end(), a.alias) == choices.end()), a.alias);
        BOOST_TEST(CanonicalValue(a.section, a.key, a.alias) == a.canonical);
    }
    BOOST_TEST(CanonicalValue("interface/l2tp-server/server", "use-ipsec", "yes") == "yes");
    BOOST_TEST(CanonicalValue("interface/l2tp-client", "use-ipsec", "require") == "require");
    for (const UnmodelledKey& u : UnmodelledKeys())
    {
        const SectionSpec* s = FindSection(u.section);
        BOOST_TEST_REQUIRE(s != nullptr, u.section);
        BOOST_TEST((s->kind != SectionKind::STRUCT), u.section);
        BOOST_TEST(FindKey(*s, u.key) == nullptr, u.section << "." << u.key);
        BOOST_TEST(FindUnmodelledKey(u.section, u.key) == &u);
    }
    BOOST_TEST(FindUnmodelledKey("ppp/profile", "local-address") == nullptr);
}

BOOST_AUTO_TEST_CASE(every_key_documented)
{
    // Independent of the generated block: each section heading and each key appears in the doc.
    std::string doc = ReadDocFile(kScenarioReferencePath);
    BOOST_TEST_REQUIRE(!doc.empty());
    for (const auto& s : ScenarioSchema())
    {
        std::string heading = "### `" + std::string(s.name) + "`";
        BOOST_TEST(doc.find(heading) != std::string::npos, "section not documented: " << s.name);
        size_t at = doc.find(heading);
        size_t next = doc.find("\n### ", at + 1);
        std::string body =
            doc.substr(at, next == std::string::npos ? std::string::npos : next - at);
        for (const auto& k : s.keys)
        {
            BOOST_TEST(body.find("| `" + std::string(k.key) + "` |") != std::string::npos,
                       "key not documented: " << s.name << "." << k.key);
        }
    }
}

BOOST_AUTO_TEST_CASE(expected_text)
{
    const SectionSpec* link = FindSection("link");
    BOOST_TEST_REQUIRE(link != nullptr);
    BOOST_TEST(ExpectedText(*FindKey(*link, "delay")) == "a duration like 5s, 250ms, 1m");
    BOOST_TEST(ExpectedText(*FindKey(*link, "type")) == "one of p2p or csma");
    const SectionSpec* srv = FindSection("interface/l2tp-server/server");
    BOOST_TEST(ExpectedText(*FindKey(*srv, "max-sessions")) ==
               "a non-negative integer or unlimited");
    BOOST_TEST(ExpectedText(*FindKey(*srv, "keepalive-timeout")) ==
               "a duration like 5s, 250ms, 1m or disabled");
}

BOOST_AUTO_TEST_SUITE_END()
