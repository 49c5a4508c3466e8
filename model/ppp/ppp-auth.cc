#include "model/ppp/ppp-auth.h"

#include "model/ppp/ppp-chap.h"
#include "model/ppp/ppp-mschap.h"
#include "model/ppp/ppp-pap.h"

#include <algorithm>
#include <cctype>

namespace ns3
{

namespace
{

constexpr uint16_t kPapProtocol = 0xc023;  //!< RFC 1334 §2
constexpr uint16_t kChapProtocol = 0xc223; //!< RFC 1994 §4

/** One failure reason: its name, the text an authenticator sends, the MS-CHAP error code. */
struct FailureRow
{
    PppAuthFailure failure;
    const char* name;
    const char* message; //!< PAP Nak / CHAP Failure message, MS-CHAP M= text
    int msError;         //!< RFC 2759 §6 / RFC 2433 §3 E= value
};

constexpr FailureRow kFailures[] = {
    {PppAuthFailure::NONE, "none", "", 0},
    {PppAuthFailure::UNKNOWN_USER, "unknown-user", "authentication failed: unknown user", 691},
    {PppAuthFailure::WRONG_PASSWORD, "wrong-password", "authentication failed: wrong password",
     691},
    // 647 ERROR_ACCT_DISABLED, 649 ERROR_NO_DIALIN_PERMISSION (RFC 2759 §6)
    {PppAuthFailure::SECRET_DISABLED, "secret-disabled", "authentication failed: secret disabled",
     647},
    {PppAuthFailure::SERVICE_NOT_ALLOWED, "service-not-allowed",
     "authentication failed: service not allowed", 649},
    {PppAuthFailure::METHOD_NOT_ALLOWED, "method-not-allowed",
     "authentication failed: method not allowed", 691},
    {PppAuthFailure::TIMEOUT, "timeout", "authentication timed out", 691},
    {PppAuthFailure::REJECTED_BY_PEER, "rejected-by-peer", "", 691},
    {PppAuthFailure::BAD_AUTHENTICATOR_RESPONSE, "bad-authenticator-response", "", 691},
    {PppAuthFailure::MALFORMED, "malformed", "authentication failed: malformed response", 691},
};

const FailureRow&
FailureInfo(PppAuthFailure f)
{
    for (const FailureRow& r : kFailures)
    {
        if (r.failure == f)
        {
            return r;
        }
    }
    return kFailures[0];
}

uint16_t
ProtocolOf(PppAuthMethod m)
{
    return m == PppAuthMethod::PAP ? kPapProtocol : kChapProtocol;
}

std::string
UpperHex(const Bytes& b)
{
    std::string s = ToHex(b);
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c)
                   {
                       return std::toupper(c);
                   });
    return s;
}

Bytes
Slice(const Bytes& b, size_t from, size_t n)
{
    return Bytes(b.begin() + from, b.begin() + from + n);
}

std::string
MethodDetail(PppAuthMethod m)
{
    return std::string("method=") + PppAuthMethodName(m);
}

/** RFC 2759 §5: the Success message starts "S=" + 40 hex digits; compared case-insensitively. */
bool
AuthenticatorResponseMatches(const std::string& message, const std::string& expected)
{
    if (expected.empty() || message.size() < expected.size())
    {
        return false;
    }
    for (size_t i = 0; i < expected.size(); ++i)
    {
        if (std::toupper(static_cast<unsigned char>(message[i])) !=
            std::toupper(static_cast<unsigned char>(expected[i])))
        {
            return false;
        }
    }
    return message.size() == expected.size() || message[expected.size()] == ' ';
}

} // namespace

const char*
PppAuthFailureName(PppAuthFailure f)
{
    return FailureInfo(f).name;
}

// ---------------------------------------------------------------- both sides

PppAuthSide::PppAuthSide(PppAuthMethod method,
                         uint64_t seed,
                         const PppAuthTimers& timers,
                         Owner& owner,
                         const char* role)
    : m_method(method)
    , m_random(seed)
    , m_timers(timers)
    , m_owner(owner)
    , m_role(role)
{
}

void
PppAuthSide::Start(TimeNs now)
{
    if (m_started)
    {
        return;
    }
    m_started = true;
    Event("auth-start", MethodDetail(m_method) + " role=" + m_role, now);
    if (m_method == PppAuthMethod::NONE)
    {
        Finish(PppAuthFailure::NONE, now);
    }
    else if (SpeaksFirst())
    {
        Transmit(now);
    }
    else
    {
        // The waiting side gives up after restart x maxTries without a word.
        m_deadline = now + m_timers.restart * std::max<uint32_t>(m_timers.maxTries, 1);
    }
}

void
PppAuthSide::Input(uint16_t protocol, const Bytes& info, TimeNs now)
{
    if (!m_started || m_method == PppAuthMethod::NONE)
    {
        Drop("drop/not-started", "", now);
        return;
    }
    if (protocol != ProtocolOf(m_method))
    {
        Drop("drop/wrong-protocol", "protocol=" + std::to_string(protocol), now);
        return;
    }
    if (m_method == PppAuthMethod::PAP)
    {
        InputPap(info, now);
    }
    else
    {
        InputChap(info, now);
    }
}

TimeNs
PppAuthSide::NextDeadline() const
{
    return m_done ? kNever : m_deadline;
}

void
PppAuthSide::OnTimer(TimeNs now)
{
    if (!m_started || m_done || now < m_deadline)
    {
        return;
    }
    if (!SpeaksFirst() || m_sent >= m_timers.maxTries)
    {
        m_counters.Add("timeout");
        Finish(PppAuthFailure::TIMEOUT, now);
        return;
    }
    m_counters.Add("retransmit");
    Event("auth-retransmit", MethodDetail(m_method) + " try=" + std::to_string(m_sent + 1), now);
    Transmit(now);
}

void
PppAuthSide::Report(PppAuthFailure why,
                    const std::string& peerName,
                    const std::string& failureNote,
                    TimeNs now)
{
    std::string detail = MethodDetail(m_method) + " peer=" + peerName;
    if (why == PppAuthFailure::NONE)
    {
        m_counters.Add("success");
        Event("auth-success", detail, now);
    }
    else
    {
        m_counters.Add(std::string("failure/") + PppAuthFailureName(why));
        Event("auth-failure", detail + " reason=" + PppAuthFailureName(why) + failureNote, now);
    }
    m_owner.AuthDone(why == PppAuthFailure::NONE, why, peerName, now);
}

void
PppAuthSide::Drop(const std::string& counter, const std::string& detail, TimeNs now)
{
    m_counters.Add(counter);
    Event("auth-drop", "reason=" + counter.substr(5) + (detail.empty() ? "" : " " + detail), now);
}

void
PppAuthSide::Event(const std::string& kind, const std::string& detail, TimeNs now)
{
    m_owner.AuthEvent(kind, detail, now);
}

// ---------------------------------------------------------------- authenticator

PppAuthenticator::PppAuthenticator(PppAuthMethod method,
                                   const std::string& ourName,
                                   PppSecretLookup lookup,
                                   uint64_t challengeSeed,
                                   const PppAuthTimers& timers,
                                   Owner& owner)
    : PppAuthSide(method, challengeSeed, timers, owner, "authenticator")
    , m_ourName(ourName)
    , m_lookup(std::move(lookup))
{
}

bool
PppAuthenticator::SpeaksFirst() const
{
    return m_method != PppAuthMethod::PAP; // RFC 1994 §2: the authenticator sends a Challenge
}

void
PppAuthenticator::Transmit(TimeNs now)
{
    // RFC 1994 §4.1: a new Identifier (and value) for every Challenge
    m_id = m_nextId++;
    m_challenge = m_random.NextBytes(m_method == PppAuthMethod::MSCHAP_V1 ? 8 : 16);
    PppChapPacket p;
    p.code = static_cast<uint8_t>(PppChapCode::CHALLENGE);
    p.id = m_id;
    p.value = m_challenge;
    p.name = m_ourName;
    ++m_sent;
    m_counters.Add("tx/challenge");
    m_deadline = now + m_timers.restart;
    m_owner.AuthSend(kChapProtocol, EncodePppChapPacket(p), now);
}

void
PppAuthenticator::InputPap(const Bytes& info, TimeNs now)
{
    PppPapPacket p;
    std::string why;
    if (!DecodePppPapPacket(info, p, why))
    {
        Drop("drop/malformed", why, now);
        return;
    }
    if (p.code != static_cast<uint8_t>(PppPapCode::AUTHENTICATE_REQUEST))
    {
        Drop("drop/unexpected-code", "code=" + PppPapCodeName(p.code), now);
        return;
    }
    m_counters.Add("rx/authenticate-request");
    if (m_done)
    {
        RepeatVerdict(p.id, now); // RFC 1334 §2.2.1: the Ack may have been lost
        return;
    }
    m_peerName = p.peerId;
    PppSecretAnswer answer = m_lookup(p.peerId);
    PppAuthFailure result = answer.refusal;
    if (result == PppAuthFailure::NONE && answer.password != p.password)
    {
        result = PppAuthFailure::WRONG_PASSWORD;
    }
    bool ok = result == PppAuthFailure::NONE;
    SendVerdict(p.id, ok, ok ? "" : FailureMessage(result), now);
    Finish(result, now);
}

void
PppAuthenticator::InputChap(const Bytes& info, TimeNs now)
{
    PppChapPacket p;
    std::string why;
    if (!DecodePppChapPacket(info, p, why))
    {
        Drop("drop/malformed", why, now);
        return;
    }
    if (p.code != static_cast<uint8_t>(PppChapCode::RESPONSE))
    {
        Drop("drop/unexpected-code", "code=" + PppChapCodeName(p.code), now);
        return;
    }
    m_counters.Add("rx/response");
    if (m_done)
    {
        // RFC 1994 §4.2: a repeated Response to the answered Challenge gets the same verdict.
        if (p.id == m_verdictId)
        {
            RepeatVerdict(p.id, now);
        }
        else
        {
            Drop("drop/stale-id", "id=" + std::to_string(p.id), now);
        }
        return;
    }
    if (p.id != m_id)
    {
        // RFC 1994 §4.1: the Identifier must match the outstanding Challenge.
        Drop("drop/stale-id", "id=" + std::to_string(p.id) + " expected=" + std::to_string(m_id),
             now);
        return;
    }
    m_peerName = p.name;
    std::string successMessage;
    PppAuthFailure result = CheckChapResponse(p.value, p.name, p.id, successMessage);
    bool ok = result == PppAuthFailure::NONE;
    SendVerdict(p.id, ok, ok ? successMessage : FailureMessage(result), now);
    Finish(result, now);
}

PppAuthFailure
PppAuthenticator::CheckChapResponse(const Bytes& value,
                                    const std::string& name,
                                    uint8_t id,
                                    std::string& successMessage)
{
    size_t expectedSize = m_method == PppAuthMethod::CHAP_MD5 ? 16 : 49;
    if (value.size() != expectedSize)
    {
        return PppAuthFailure::MALFORMED; // RFC 1994 §4.1 MD5: 16; RFC 2433/2759: 49
    }
    PppSecretAnswer answer = m_lookup(name);
    if (answer.refusal != PppAuthFailure::NONE)
    {
        return answer.refusal;
    }
    const std::string& secret = answer.password;
    if (m_method == PppAuthMethod::CHAP_MD5)
    {
        Md5Digest expected = ChapMd5Response(id, secret, m_challenge);
        bool same = std::equal(expected.begin(), expected.end(), value.begin());
        return same ? PppAuthFailure::NONE : PppAuthFailure::WRONG_PASSWORD;
    }
    if (m_method == PppAuthMethod::MSCHAP_V1)
    {
        // RFC 2433 §3: LM-Response[24] NT-Response[24] Use-NT flag; only the NT response is
        // modelled (a flag of 0 = LM only is refused like a wrong password).
        if (value[48] != 1 || Slice(value, 24, 24) != MsChapV1NtResponse(m_challenge, secret))
        {
            return PppAuthFailure::WRONG_PASSWORD;
        }
        m_keyMaterial = MsChapKeyMaterial(HashNtPasswordHash(NtPasswordHash(secret)), m_challenge);
        return PppAuthFailure::NONE;
    }
    return CheckMsChapV2(value, name, secret, successMessage);
}

PppAuthFailure
PppAuthenticator::CheckMsChapV2(const Bytes& value,
                                const std::string& name,
                                const std::string& secret,
                                std::string& successMessage)
{
    // RFC 2759 §4: Peer-Challenge[16] Reserved[8] NT-Response[24] Flags[1] (Flags MUST be 0).
    if (value[48] != 0)
    {
        return PppAuthFailure::MALFORMED;
    }
    Bytes peerChallenge = Slice(value, 0, 16);
    Bytes ntResponse = Slice(value, 24, 24);
    if (ntResponse != MsChapV2NtResponse(m_challenge, peerChallenge, name, secret))
    {
        return PppAuthFailure::WRONG_PASSWORD;
    }
    // RFC 2759 §5: "S=<auth_string> M=<message>". RouterOS sends the authenticator response
    // alone, "S=<40 hex digits>" (a real RouterOS LNS capture); peers (pppd, Windows) read S= and
    // take M= as optional text.
    successMessage =
        MsChapV2AuthenticatorResponse(secret, ntResponse, peerChallenge, m_challenge, name);
    m_keyMaterial = MsChapKeyMaterial(HashNtPasswordHash(NtPasswordHash(secret)), ntResponse);
    return PppAuthFailure::NONE;
}

std::string
PppAuthenticator::FailureMessage(PppAuthFailure why)
{
    const FailureRow& row = FailureInfo(why);
    std::string e = "E=" + std::to_string(row.msError) + " R=0";
    if (m_method == PppAuthMethod::MSCHAP_V1)
    {
        return e + " V=2 M=" + row.message; // RFC 2433 §3
    }
    if (m_method == PppAuthMethod::MSCHAP_V2)
    {
        // RFC 2759 §6: C= a fresh 16-octet challenge (for a retry; R=0 says none is allowed).
        return e + " C=" + UpperHex(m_random.NextBytes(16)) + " V=3 M=" + row.message;
    }
    return row.message;
}

void
PppAuthenticator::SendVerdict(uint8_t id, bool ok, const std::string& message, TimeNs now)
{
    m_verdictId = id;
    m_verdictMessage = message;
    Bytes info;
    if (m_method == PppAuthMethod::PAP)
    {
        PppPapPacket p;
        p.code =
            static_cast<uint8_t>(ok ? PppPapCode::AUTHENTICATE_ACK : PppPapCode::AUTHENTICATE_NAK);
        p.id = id;
        p.message = message;
        m_verdictCode = p.code;
        m_counters.Add("tx/" + PppPapCodeName(p.code));
        info = EncodePppPapPacket(p);
    }
    else
    {
        PppChapPacket p;
        p.code = static_cast<uint8_t>(ok ? PppChapCode::SUCCESS : PppChapCode::FAILURE);
        p.id = id;
        p.message = message;
        m_verdictCode = p.code;
        m_counters.Add("tx/" + PppChapCodeName(p.code));
        info = EncodePppChapPacket(p);
    }
    m_owner.AuthSend(ProtocolOf(m_method), info, now);
}

void
PppAuthenticator::RepeatVerdict(uint8_t id, TimeNs now)
{
    m_counters.Add("repeat");
    Event("auth-repeat", MethodDetail(m_method) + " id=" + std::to_string(id), now);
    Bytes info;
    if (m_method == PppAuthMethod::PAP)
    {
        PppPapPacket p;
        p.code = m_verdictCode;
        p.id = id;
        p.message = m_verdictMessage;
        info = EncodePppPapPacket(p);
    }
    else
    {
        PppChapPacket p;
        p.code = m_verdictCode;
        p.id = id;
        p.message = m_verdictMessage;
        info = EncodePppChapPacket(p);
    }
    m_owner.AuthSend(ProtocolOf(m_method), info, now);
}

void
PppAuthenticator::Finish(PppAuthFailure why, TimeNs now)
{
    m_done = true;
    m_failure = why;
    m_deadline = kNever;
    Report(why, m_peerName, "", now);
}

// ---------------------------------------------------------------- peer

PppAuthPeer::PppAuthPeer(PppAuthMethod method,
                         const std::string& user,
                         const std::string& password,
                         uint64_t seed,
                         const PppAuthTimers& timers,
                         Owner& owner)
    : PppAuthSide(method, seed, timers, owner, "peer")
    , m_user(user)
    , m_password(password)
{
}

bool
PppAuthPeer::SpeaksFirst() const
{
    return m_method == PppAuthMethod::PAP; // RFC 1334 §2.2: the peer sends Authenticate-Request
}

void
PppAuthPeer::Transmit(TimeNs now)
{
    PppPapPacket p;
    p.code = static_cast<uint8_t>(PppPapCode::AUTHENTICATE_REQUEST);
    p.id = m_id = m_nextId++;
    p.peerId = m_user;
    p.password = m_password;
    ++m_sent;
    m_counters.Add("tx/authenticate-request");
    m_deadline = now + m_timers.restart;
    m_owner.AuthSend(kPapProtocol, EncodePppPapPacket(p), now);
}

void
PppAuthPeer::InputPap(const Bytes& info, TimeNs now)
{
    PppPapPacket p;
    std::string why;
    if (!DecodePppPapPacket(info, p, why))
    {
        Drop("drop/malformed", why, now);
        return;
    }
    if (p.code == static_cast<uint8_t>(PppPapCode::AUTHENTICATE_REQUEST))
    {
        Drop("drop/unexpected-code", "code=" + PppPapCodeName(p.code), now);
        return;
    }
    m_counters.Add("rx/" + PppPapCodeName(p.code));
    if (m_done)
    {
        Drop("drop/after-done", "code=" + PppPapCodeName(p.code), now);
        return;
    }
    if (p.id != m_id)
    {
        Drop("drop/stale-id", "id=" + std::to_string(p.id) + " expected=" + std::to_string(m_id),
             now);
        return;
    }
    m_peerMessage = p.message;
    bool ack = p.code == static_cast<uint8_t>(PppPapCode::AUTHENTICATE_ACK);
    Finish(ack ? PppAuthFailure::NONE : PppAuthFailure::REJECTED_BY_PEER, now);
}

void
PppAuthPeer::InputChap(const Bytes& info, TimeNs now)
{
    PppChapPacket p;
    std::string why;
    if (!DecodePppChapPacket(info, p, why))
    {
        Drop("drop/malformed", why, now);
        return;
    }
    if (p.code == static_cast<uint8_t>(PppChapCode::RESPONSE))
    {
        Drop("drop/unexpected-code", "code=response", now);
        return;
    }
    m_counters.Add("rx/" + PppChapCodeName(p.code));
    bool challenge = p.code == static_cast<uint8_t>(PppChapCode::CHALLENGE);
    // RFC 1994 §2: CHAP-MD5 may re-challenge during the network phase; MS-CHAP does not.
    bool rechallenge = challenge && Succeeded() && m_method == PppAuthMethod::CHAP_MD5;
    if (m_done && !rechallenge)
    {
        Drop("drop/after-done", "code=" + PppChapCodeName(p.code), now);
        return;
    }
    if (challenge)
    {
        size_t need = m_method == PppAuthMethod::MSCHAP_V1   ? 8
                      : m_method == PppAuthMethod::MSCHAP_V2 ? 16
                                                             : p.value.size();
        if (p.value.size() != need)
        {
            Drop("drop/malformed", "challenge of " + std::to_string(p.value.size()) + " octets",
                 now);
            return;
        }
        AnswerChallenge(p.id, p.value, p.name, now);
        return;
    }
    if (!m_responded || p.id != m_id)
    {
        Drop("drop/stale-id", "id=" + std::to_string(p.id) + " expected=" + std::to_string(m_id),
             now);
        return;
    }
    m_peerMessage = p.message;
    if (p.code == static_cast<uint8_t>(PppChapCode::SUCCESS))
    {
        ChapSuccess(p.message, now);
    }
    else
    {
        Finish(PppAuthFailure::REJECTED_BY_PEER, now);
    }
}

void
PppAuthPeer::AnswerChallenge(uint8_t id,
                             const Bytes& challenge,
                             const std::string& name,
                             TimeNs now)
{
    m_authenticatorName = name;
    m_id = id;
    m_responded = true;
    PppChapPacket r;
    r.code = static_cast<uint8_t>(PppChapCode::RESPONSE);
    r.id = id;
    r.name = m_user;
    if (m_method == PppAuthMethod::CHAP_MD5)
    {
        Md5Digest d = ChapMd5Response(id, m_password, challenge); // RFC 1994 §4.1
        r.value.assign(d.begin(), d.end());
    }
    else if (m_method == PppAuthMethod::MSCHAP_V1)
    {
        // RFC 2433 §3: LM-Response (not computed: zeros), NT-Response, Use-NT flag 1.
        r.value.assign(24, 0);
        Bytes nt = MsChapV1NtResponse(challenge, m_password);
        r.value.insert(r.value.end(), nt.begin(), nt.end());
        r.value.push_back(1);
        m_keyMaterial =
            MsChapKeyMaterial(HashNtPasswordHash(NtPasswordHash(m_password)), challenge);
    }
    else
    {
        // RFC 2759 §4: Peer-Challenge, 8 reserved zeros, NT-Response, Flags 0.
        Bytes peerChallenge = m_random.NextBytes(16);
        Bytes nt = MsChapV2NtResponse(challenge, peerChallenge, m_user, m_password);
        r.value = peerChallenge;
        r.value.resize(24, 0);
        r.value.insert(r.value.end(), nt.begin(), nt.end());
        r.value.push_back(0);
        m_expectedS =
            MsChapV2AuthenticatorResponse(m_password, nt, peerChallenge, challenge, m_user);
        m_keyMaterial = MsChapKeyMaterial(HashNtPasswordHash(NtPasswordHash(m_password)), nt);
    }
    m_counters.Add("tx/response");
    m_owner.AuthSend(kChapProtocol, EncodePppChapPacket(r), now);
}

void
PppAuthPeer::ChapSuccess(const std::string& message, TimeNs now)
{
    if (m_method == PppAuthMethod::MSCHAP_V2 && !AuthenticatorResponseMatches(message, m_expectedS))
    {
        // RFC 2759 §5: the peer MUST verify the Authenticator Response; a wrong one ends the link.
        m_counters.Add("bad-authenticator-response");
        Finish(PppAuthFailure::BAD_AUTHENTICATOR_RESPONSE, now);
        return;
    }
    Finish(PppAuthFailure::NONE, now);
}

void
PppAuthPeer::Finish(PppAuthFailure why, TimeNs now)
{
    bool wasDone = m_done;
    m_done = true;
    m_failure = why;
    m_deadline = kNever;
    if (why != PppAuthFailure::NONE)
    {
        m_keyMaterial.clear();
    }
    if (wasDone)
    {
        return; // a CHAP-MD5 re-challenge answered again: the verdict stands
    }
    Report(why, m_authenticatorName, m_peerMessage.empty() ? "" : " message=" + m_peerMessage, now);
}

} // namespace ns3
