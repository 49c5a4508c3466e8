// Unit tests: runner/scenario-loader refuses what it used to accept silently or report wrongly
// (issue 6, "a loader that never lies"): out-of-range values checked before any narrowing cast,
// extra YAML documents, invalid UTF-8, 1-based positions for empty files, duplicate addresses
// across links, windows past the end of the run, and syntax errors a person can act on.
#include "runner/scenario-loader.h"
#include "runner/schema.h"
#include "tests/unit/runner/loader-test-support.h"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::loadertest;

namespace
{

#define CHECK_OK(errs) BOOST_TEST((errs).empty(), FormatScenarioErrors(errs))

/** \brief kBase with run: replaced. */
std::string
WithRun(const std::string& run)
{
    std::string t = kBase;
    t.replace(t.find("run: {duration: 30s}"), 20, run);
    return t;
}

/** \brief kBase plus a config block for lac (l2tp-client) and lns (server). */
std::string
WithConfig(const std::string& clientExtra, const std::string& serverExtra, const std::string& l2tp)
{
    return kBase + "config:\n" +                                                    // 7
           "  lac:\n" +                                                             // 8
           "    interface/l2tp-client: [{name: o, connect-to: 192.0.2.2, user: a" + // 9
           clientExtra + "}]\n" + "    l2tp: {" + l2tp + "}\n" +                    // 10
           "  lns:\n" +                                                             // 11
           "    interface/l2tp-server/server: {enabled: yes" + serverExtra + "}\n"; // 12
}

} // namespace

BOOST_AUTO_TEST_SUITE(runner_loader_strict)

BOOST_AUTO_TEST_CASE(seed_range)
{
    // 4294967296 used to pass lint and abort in ns-3's RngStream (SetSeed(uint32) got 0).
    auto big = Errors(WithRun("run: {duration: 30s, seed: 4294967296}"));
    CHECK_ERROR(big, 2, 28, "seed must be between 1 and 4294967295; got '4294967296'");
    auto zero = Errors(WithRun("run: {duration: 30s, seed: 0}"));
    CHECK_ERROR(zero, 2, 28, "seed must be between 1 and 4294967295; got '0'");
    Scenario s;
    CHECK_OK(Errors(WithRun("run: {duration: 30s, seed: 4294967295}"), &s));
    BOOST_TEST(s.run.seed == 4294967295u);
}

BOOST_AUTO_TEST_CASE(second_document_refused)
{
    // yaml-cpp's Load() reads the first document only: the rest was silently dropped.
    auto dashes = Errors(kBase + "---\nname: u\n");
    CHECK_ERROR(dashes, 8, 1, "a second YAML document");
    auto afterEnd = Errors(kBase + "...\nexpect: []\n");
    CHECK_ERROR(afterEnd, 8, 1, "a second YAML document");
    auto json = Errors("{\"name\": \"t\", \"run\": {\"duration\": \"30s\"}, \"topology\": {}}\n"
                       "{\"name\": \"u\"}\n");
    CHECK_ERROR(json, 2, 1, "a second YAML document");
    // Document markers with nothing after them drop nothing.
    CHECK_OK(Errors("---\n" + kBase + "...\n"));
    CHECK_OK(Errors(kBase + "---\n# nothing here\n"));
}

BOOST_AUTO_TEST_CASE(stray_flow_indicator_is_an_error_not_a_hang)
{
    // yaml-cpp 0.7's LoadAll looped for ever, allocating, on ",lll" (fuzz finding: out of
    // memory). The loader must answer with a position instead.
    CHECK_ERROR(Errors(",lll"), 1, 1, "YAML syntax error: unexpected ','");
    CHECK_ERROR(Errors(kBase + ",x\n"), 7, 1, "YAML syntax error");
    CHECK_ERROR(Errors("# c\n  ,\n"), 2, 3, "YAML syntax error: unexpected ','");
    CHECK_ERROR(Errors("]"), 1, 1, "YAML syntax error");
    CHECK_OK(Errors(kBase + "---\n---\n"));
}

BOOST_AUTO_TEST_CASE(link_mtu_checked_before_narrowing)
{
    // 4294967796 = 2^32 + 500 used to wrap to 500 and pass the 68..65535 check.
    std::string t = kBase;
    t.replace(t.find("net: 192.0.2.0/30}"), 18, "net: 192.0.2.0/30, mtu: 4294967796}");
    auto e = Errors(t);
    CHECK_ERROR(e, 6, 75, "mtu must be between 68 and 65535; got '4294967796'");
}

BOOST_AUTO_TEST_CASE(ppp_mtu_ranges)
{
    // RFC 1661 §6.1: the MRU is a 16-bit field; RFC 1990 §5.1.1: so is the MRRU.
    auto e = Errors(WithConfig(", max-mtu: 100000", ", max-mru: 67, mrru: 70000", ""));
    CHECK_ERROR(e, 9, 80, "max-mtu must be between 68 and 65535; got '100000'");
    CHECK_ERROR(e, 12, 59, "max-mru must be between 68 and 65535; got '67'");
    CHECK_ERROR(e, 12, 69, "mrru must be between 68 and 65535; got '70000'");
    CHECK_OK(Errors(WithConfig(", max-mtu: 1400, mrru: disabled", ", max-mru: 1500", "")));
}

BOOST_AUTO_TEST_CASE(retransmit_cap_minimum)
{
    // RFC 2661 §5.8: the retransmission cap MUST be no less than 8 seconds.
    auto e = Errors(WithConfig("", "", "retransmit-cap: 2s"));
    CHECK_ERROR(e, 10, 28, "retransmit-cap must be at least 8s; got '2s'");
    CHECK_OK(Errors(WithConfig("", "", "retransmit-cap: 8s")));
}

BOOST_AUTO_TEST_CASE(receive_window_range)
{
    // RFC 2661 §5.8: a Receive Window Size of 0 is invalid (it used to go on the wire).
    auto zero = Errors(WithConfig("", "", "receive-window: 0"));
    CHECK_ERROR(zero, 10, 28, "receive-window must be between 1 and 32767; got '0'");
    // 65536 used to wrap to 0 in the uint16 cast.
    auto wrap = Errors(WithConfig("", "", "receive-window: 65536"));
    CHECK_ERROR(wrap, 10, 28, "receive-window must be between 1 and 32767");
    CHECK_OK(Errors(WithConfig("", "", "receive-window: 1")));
}

BOOST_AUTO_TEST_CASE(within_past_end_of_run)
{
    // `at:` past the end was refused; `within:` past it was accepted and could never match.
    std::string t = kBase + "expect:\n" +                                           // 7
                    "  - {id: a, event: {ev: established}, within: \"0s~40s\"}\n" + // 8
                    "  - {id: b, never: {event: {ev: x}, within: \"35s~\"}}\n" +    // 9
                    "  - {id: c, event: {ev: established}, within: \"10s~30s\"}\n"; // 10
    auto e = Errors(t);
    CHECK_ERROR(e, 8, 47, "window '0s~40s' reaches past the end of the run");
    CHECK_ERROR(e, 9, 45, "window '35s~' reaches past the end of the run");
    BOOST_TEST(e.size() == 2u, FormatScenarioErrors(e));
}

BOOST_AUTO_TEST_CASE(duplicate_address_across_links)
{
    // Two links on one subnet assigned 192.0.2.1 twice: lint said ok, the run failed.
    std::string t =
        kBase + "    - {name: wan2, ends: [lac:ether2, lns:ether2], net: 192.0.2.0/30}\n";
    auto e = Errors(t);
    CHECK_ERROR(e, 7, 27,
                "address 192.0.2.1 (assigned from net) of lac:ether2 is already assigned to "
                "lac:ether1 on link 'wan' (at 6:26)");
    CHECK_ERROR(e, 7, 39, "address 192.0.2.2 (assigned from net) of lns:ether2");
    std::string expl = kBase + "    - {name: wan2, ends: [lac:ether2=192.0.2.2, lns:ether2], net: "
                               "192.0.2.0/29}\n";
    CHECK_ERROR(Errors(expl), 7, 27, "address 192.0.2.2 of lac:ether2 is already assigned to lns");
    // The same net with distinct addresses loads (support.cc warns about the overlap).
    CHECK_OK(Errors(kBase +
                    "    - {name: wan2, ends: [lac:ether2=192.0.2.5, lns:ether2=192.0.2.6], "
                    "net: 192.0.2.0/29}\n"));
}

BOOST_AUTO_TEST_CASE(invalid_utf8)
{
    auto e = Errors(kBase + "description: caf\xc3\n");
    CHECK_ERROR(e, 7, 17, "invalid UTF-8 (byte 0xc3)");
    auto overlong = Errors("name: \xc0\xaf\n");
    CHECK_ERROR(overlong, 1, 7, "invalid UTF-8 (byte 0xc0)");
    auto surrogate = Errors("name: t\ndescription: \xed\xa0\x80\n");
    CHECK_ERROR(surrogate, 2, 14, "invalid UTF-8 (byte 0xed)");
    CHECK_OK(Errors(kBase + "description: caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n"));
}

BOOST_AUTO_TEST_CASE(empty_file_positions_are_one_based)
{
    auto empty = Errors("");
    BOOST_TEST_REQUIRE(empty.size() == 1u);
    BOOST_TEST(empty[0].ToString() == "x.yaml:1:1: error: the file is empty; expected a mapping at "
                                      "top level (name:, run:, topology:, ...)");
    auto comments = Errors("# only a comment\n\n");
    BOOST_TEST_REQUIRE(comments.size() == 1u);
    BOOST_TEST(comments[0].line == 1);
    BOOST_TEST(comments[0].col == 1);
    BOOST_TEST(comments[0].message.find("only comments") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unclosed_quote_names_where_it_opened)
{
    // Unclosed to the end of the file: yaml-cpp accepted it as one long string.
    auto eof = Errors("name: \"t\nrun: {duration: 30s}\n");
    BOOST_TEST_REQUIRE(eof.size() == 1u, FormatScenarioErrors(eof));
    CHECK_ERROR(eof, 1, 7, "unclosed double quote");
    // Closed by a later quote: the syntax error names the line where the quote opened.
    auto later = Errors("name: t\nrun: {duration: 30s}\ndescription: \"hello\ntopology:\n"
                        "  nodes: {lac: client}\nexpect:\n  - {id: \"x\", event: {ev: y}}\n");
    BOOST_TEST_REQUIRE(later.size() == 1u, FormatScenarioErrors(later));
    BOOST_TEST(later[0].message.find("YAML syntax error") == 0u);
    BOOST_TEST(later[0].message.find("the quoted value opened at 3:14") != std::string::npos,
               later[0].message);
    // Quotes inside plain words, comments and block scalars are not quotes.
    CHECK_OK(Errors(kBase + "description: >\n  it's \"odd\n  and 'fine\n# don't \"\n"));
}

BOOST_AUTO_TEST_CASE(key_glued_to_value)
{
    std::string t = kBase + "    - name: wan2\n      ends: [lac:ether2, lns:ether2]\n"
                            "      rate:10Mbps\n";
    auto e = Errors(t);
    CHECK_ERROR(e, 9, 7,
                "'rate:10Mbps' is read as one word: YAML needs a space after the colon; write "
                "'rate: 10Mbps'");
    auto flow = Errors(WithRun("run: {duration:30s}"));
    CHECK_ERROR(flow, 2, 7, "write 'duration: 30s'");
}

BOOST_AUTO_TEST_CASE(no_break_space_indent)
{
    auto e = Errors("name: t\nrun:\n\xc2\xa0 duration: 30s\ntopology: {}\n");
    BOOST_TEST_REQUIRE(e.size() == 1u, FormatScenarioErrors(e));
    CHECK_ERROR(e, 3, 1, "no-break space (U+00A0)");
}

BOOST_AUTO_TEST_CASE(extra_check_errors_sorted_with_schema_errors)
{
    Scenario s;
    std::vector<ScenarioError> errors;
    auto check = [](const Scenario& sc, std::vector<ScenarioError>& more)
    {
        more.push_back(ScenarioError{sc.file, 3, 1, "refused by the extra check"});
    };
    BOOST_TEST(!LoadScenarioFromString(kBase + "bogus: 1\n", "x.yaml", s, errors, check));
    BOOST_TEST_REQUIRE(errors.size() == 2u, FormatScenarioErrors(errors));
    BOOST_TEST(errors[0].line == 3);
    BOOST_TEST(errors[1].line == 7);
}

BOOST_AUTO_TEST_CASE(every_range_names_a_real_key)
{
    for (const KeyRange& r : KeyRanges())
    {
        const SectionSpec* s = FindSection(r.section);
        BOOST_TEST_REQUIRE(s != nullptr, r.section);
        const KeySpec* k = FindKey(*s, r.key);
        BOOST_TEST_REQUIRE(k != nullptr, r.section << "." << r.key);
        BOOST_TEST((k->type == ValueType::INT || k->type == ValueType::DURATION));
        BOOST_TEST(r.min <= r.max);
        // The schema default must itself be in range.
        ConfigValue v;
        if (ParseSchemaDefault(*k, v) && !v.special)
        {
            BOOST_TEST((v.number >= r.min && v.number <= r.max), r.section << "." << r.key);
        }
    }
}

BOOST_AUTO_TEST_CASE(ranges_doc_in_sync)
{
    const std::string path = std::string(L2TPLAB_SOURCE_DIR) + "/docs/scenario-reference.md";
    const std::string kBegin = "<!-- BEGIN GENERATED RANGES -->";
    const std::string kEnd = "<!-- END GENERATED RANGES -->";
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string doc = ss.str();
    size_t b = doc.find(kBegin);
    size_t e = doc.find(kEnd);
    BOOST_TEST_REQUIRE((b != std::string::npos && e != std::string::npos && b < e),
                       "generated-ranges markers missing in " << path);
    b += kBegin.size();
    std::string generated = RenderRangesMarkdown();
    const char* update = std::getenv("L2TPLAB_UPDATE_DOCS");
    if (update != nullptr && std::string(update) == "1")
    {
        std::ofstream out(path, std::ios::binary);
        out << doc.substr(0, b) + generated + doc.substr(e);
        return;
    }
    BOOST_TEST(doc.substr(b, e - b) == generated,
               "docs/scenario-reference.md range table is stale; regenerate with "
               "L2TPLAB_UPDATE_DOCS=1 test-unit-runner --run_test=runner_loader_strict/"
               "ranges_doc_in_sync");
}

BOOST_AUTO_TEST_SUITE_END()
