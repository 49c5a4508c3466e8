// The one unsigned-number parser, the one glob matcher and the one file writer (model/common).

#include "model/common/file-io.h"
#include "model/common/text.h"

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

using namespace ns3;

BOOST_AUTO_TEST_SUITE(common_text)

BOOST_AUTO_TEST_CASE(parse_unsigned_reads_tshark_fields_whole)
{
    uint64_t v = 99;
    BOOST_CHECK(ParseUnsigned("1701", v) && v == 1701);
    BOOST_CHECK(ParseUnsigned("0x06b5", v) && v == 0x06b5); // tshark prints some fields in hex
    BOOST_CHECK(ParseUnsigned("010", v) && v == 8);         // base 0: a leading 0 is octal
    BOOST_CHECK(ParseUnsigned("010", v, 10) && v == 10);
    BOOST_CHECK(ParseUnsigned("18446744073709551615", v) && v == UINT64_MAX);
    // Plain decimal digits take a fast path; it must read what strtoull reads.
    BOOST_CHECK(ParseUnsigned("0", v) && v == 0);
    BOOST_CHECK(ParseUnsigned("9999999999999999999", v) && v == 9999999999999999999ull);
    BOOST_CHECK(ParseUnsigned("0009", v, 10) && v == 9);
    BOOST_CHECK(ParseUnsigned("017", v) && v == 15); // base 0, leading 0: still octal
    BOOST_CHECK(ParseUnsigned("+5", v) && v == 5);   // what strtoull accepts stays accepted
    v = 7;
    BOOST_CHECK(!ParseUnsigned("99999999999999999999", v)); // 20 digits: out of range
    BOOST_CHECK(!ParseUnsigned("09", v));                   // base 0: 9 is not an octal digit
    BOOST_CHECK(!ParseUnsigned("", v));
    BOOST_CHECK(!ParseUnsigned("12ab", v)); // trailing characters
    BOOST_CHECK(!ParseUnsigned("1.5", v));
    BOOST_CHECK(!ParseUnsigned("x", v));
    BOOST_CHECK(!ParseUnsigned("18446744073709551616", v)); // out of range
    BOOST_CHECK(!ParseUnsigned("0x", v, 10));
    BOOST_CHECK_EQUAL(v, 7u); // untouched on failure
    BOOST_CHECK_EQUAL(UnsignedOrZero("4500"), 4500u);
    BOOST_CHECK_EQUAL(UnsignedOrZero("bogus"), 0u);
    BOOST_CHECK_EQUAL(UnsignedOrZero(""), 0u);
}

BOOST_AUTO_TEST_CASE(glob_path_style)
{
    // Event matchers: * stays in one segment, ** crosses, ? is one non-'/' character.
    BOOST_CHECK(GlobMatch("l2tp/tunnel/*", "l2tp/tunnel/1"));
    BOOST_CHECK(!GlobMatch("l2tp/tunnel/*", "l2tp/tunnel/1/session/2"));
    BOOST_CHECK(GlobMatch("l2tp/**", "l2tp/tunnel/1/session/2"));
    BOOST_CHECK(GlobMatch("l2tp/**/2", "l2tp/tunnel/1/session/2"));
    BOOST_CHECK(GlobMatch("**", ""));
    BOOST_CHECK(GlobMatch("*", ""));
    BOOST_CHECK(!GlobMatch("*", "a/b"));
    BOOST_CHECK(GlobMatch("a?c", "abc"));
    BOOST_CHECK(!GlobMatch("a?c", "a/c"));
    BOOST_CHECK(!GlobMatch("a?c", "ac"));
    BOOST_CHECK(GlobMatch("cpe*", "cpe17"));
    BOOST_CHECK(!GlobMatch("cpe*", "lns"));
    BOOST_CHECK(!GlobMatch("Established", "established")); // case-sensitive
    BOOST_CHECK(!GlobMatch("abc", "abcd"));                // whole text
    BOOST_CHECK(!GlobMatch("", "a"));
}

BOOST_AUTO_TEST_CASE(glob_without_separator)
{
    // Rule ids: * and ? cross every character.
    BOOST_CHECK(GlobMatch("rfc2661-*", "rfc2661-5.8-ns-increments", kGlobNoSeparator));
    BOOST_CHECK(GlobMatch("a*b", "a/x/b", kGlobNoSeparator));
    BOOST_CHECK(GlobMatch("a?b", "a/b", kGlobNoSeparator));
    BOOST_CHECK(GlobMatch("*5.8*", "rfc2661-5.8-zlb-ns", kGlobNoSeparator));
    BOOST_CHECK(!GlobMatch("*5.9*", "rfc2661-5.8-zlb-ns", kGlobNoSeparator));
    BOOST_CHECK(GlobMatch("a**b", "ab", kGlobNoSeparator));
}

BOOST_AUTO_TEST_CASE(write_file_creates_truncates_and_reports_failure)
{
    char dir[] = "/tmp/l2tplab-file-io-XXXXXX";
    BOOST_REQUIRE(mkdtemp(dir) != nullptr);
    const std::string path = std::string(dir) + "/out.txt";
    std::string error;
    BOOST_CHECK(WriteFile(path, std::string("long first\0content", 18), error));
    BOOST_CHECK(WriteFile(path, "short", error));
    std::ifstream in(path, std::ios::binary);
    std::stringstream got;
    got << in.rdbuf();
    BOOST_CHECK_EQUAL(got.str(), "short"); // truncated, byte for byte
    BOOST_CHECK(error.empty());
    const std::string bad = std::string(dir) + "/no-such-dir/out.txt";
    BOOST_CHECK(!WriteFile(bad, "x", error));
    BOOST_CHECK_EQUAL(error, "cannot write '" + bad + "'");
    unlink(path.c_str());
    rmdir(dir);
}

BOOST_AUTO_TEST_SUITE_END()
