// Unit tests: runner/schema — table invariants, every default parses, docs stay in sync.
#include "runner/scenario-loader.h"
#include "runner/schema.h"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

using namespace ns3;

namespace
{

const char* const kDocPath = L2TPLAB_SOURCE_DIR "/docs/scenario-reference.md";
const char* const kBegin = "<!-- BEGIN GENERATED KEYS -->\n";
const char* const kEnd = "<!-- END GENERATED KEYS -->";

std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

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
    std::string doc = ReadFile(kDocPath);
    BOOST_TEST_REQUIRE(!doc.empty(), "cannot read " << kDocPath);
    size_t b = doc.find(kBegin);
    size_t e = doc.find(kEnd);
    BOOST_TEST_REQUIRE((b != std::string::npos && e != std::string::npos && b < e),
                       "generated-keys markers missing in " << kDocPath);
    b += std::string(kBegin).size();
    std::string generated = RenderSchemaMarkdown();
    const char* update = std::getenv("L2TPLAB_UPDATE_DOCS");
    if (update != nullptr && std::string(update) == "1")
    {
        doc = doc.substr(0, b) + generated + doc.substr(e);
        std::ofstream out(kDocPath, std::ios::binary);
        out << doc;
        BOOST_TEST_MESSAGE("rewrote the generated key listing in " << kDocPath);
        return;
    }
    BOOST_TEST(doc.substr(b, e - b) == generated,
               "docs/scenario-reference.md key listing is stale; regenerate with "
               "L2TPLAB_UPDATE_DOCS=1 test-unit-runner --run_test=runner_schema/docs_in_sync");
}

BOOST_AUTO_TEST_CASE(every_key_documented)
{
    // Independent of the generated block: each section heading and each key appears in the doc.
    std::string doc = ReadFile(kDocPath);
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
