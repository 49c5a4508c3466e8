/**
 * \file
 * \brief The IPsec layer's installer: on every node whose configuration uses IPsec
 * (runner/ipsec-mapping.h: use-ipsec, ip/ipsec/peer or policy), an IpsecCarrier
 * (runner/ns3/ipsec-carrier.h) with the node's SPD, SAD and IKE engine. After the run it writes
 * the run's Wireshark key files into <run dir>/keys/: `esp_sa` (every ESP SA any node installed)
 * and `ikev1_decryption_table` (every node's phase 1 keys), so
 * `WIRESHARK_CONFIG_DIR=<run dir>/keys tshark ...` decrypts the captures (docs/ipsec.md).
 *
 * State paths (runner/state-paths.cc, layer "ipsec"): ipsec/sas, ipsec/policies,
 * ipsec/esp-out, ipsec/esp-in, ipsec/drop/<reason>.
 */
#ifndef L2TPLAB_RUNNER_NS3_IPSEC_INSTALLER_H
#define L2TPLAB_RUNNER_NS3_IPSEC_INSTALLER_H

#include "runner/ns3/ipsec-carrier.h"
#include "runner/ns3/layer-installer.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief The engine factory the runner uses: the IKEv1 engine (MakeIkev1Engine,
 * model/ipsec/ike-engine.cc). A factory returning null is allowed (tests): acquires and IKE
 * datagrams are then refused and counted (ipsec/drop/no-ike-engine).
 */
IkeEngineFactory DefaultIkeEngineFactory();

class IpsecInstaller : public LayerInstaller
{
public:
    explicit IpsecInstaller(IkeEngineFactory factory = DefaultIkeEngineFactory());
    ~IpsecInstaller() override;

    const char* Name() const override;
    void Install(const InstallContext& ctx) override;
    bool Sample(const std::string& node,
                const std::string& path,
                std::string& value) const override;
    void Summarize(std::vector<RunNodeSummary>& nodes) const override;

    /** \brief The carrier of a node (null if it has none). */
    IpsecCarrier* GetCarrier(const std::string& node) const;

    /** \brief Write `dir`/esp_sa and `dir`/ikev1_decryption_table; false with error on failure. */
    bool WriteKeyFiles(const std::string& dir, std::string& error) const;

private:
    IkeEngineFactory m_factory;
    std::map<std::string, std::unique_ptr<IpsecCarrier>> m_nodes; //!< by node name
    std::string m_keysDir;                                        //!< <run dir>/keys ("" = none)
};

} // namespace ns3

#endif // L2TPLAB_RUNNER_NS3_IPSEC_INSTALLER_H
