# Sourced by ./lakemon and ./test.sh: checks the system packages lakemon needs and installs the missing ones when
# running as root (CI runs as root on a clean machine). Everything here must be idempotent and quiet when satisfied.

# The local lake (DESIGN.md §7) plus the interop peers the tests drive (curl, davix, xrdcp), openssl for the
# certificate checks, and postgresql for the PostgreSQL result store (its tests start a throwaway cluster of their own
# with the package's initdb/pg_ctl; the Debian cluster service is not used). gcc, libc6-dev and zlib1g-dev link the
# ahead-of-time compiled `lakemon fs` (cli/Lakemon.Fs.Native).
LAKEMON_PACKAGES=(xrootd-server xrootd-server-plugins xrootd-client xrootd-client-http-plugins davix curl openssl postgresql gcc libc6-dev zlib1g-dev)

# What only the tests need: a real Prometheus server (and its promtool) that scrapes lakemon's /metrics,
# PostgreSQL's server binaries for the clustered scheduler and the PostgreSQL store, and the InfluxDB sink's peers:
# VictoriaMetrics (InfluxDB 2 write API) and InfluxDB 1.6 (line protocol /write). Tests start their own prometheus,
# postgres, victoria-metrics and influxd processes on free ports; packaged services, if the init system starts them,
# are unused. chromium renders HTML reports and the status page headless in tests; docker-compose validates the
# compose file. The network probes' harness (tests/Lakemon.IntegrationTests/Network) needs nft for its random-drop loss
# rule, iperf3 as the throughput anchor and traceroute as the trace peer (iproute2 for ip/tc is already in the base).
LAKEMON_TEST_PACKAGES=(prometheus postgresql victoria-metrics influxdb chromium docker-compose nftables iperf3 traceroute)

lakemon_missing_packages() {
  local pkg missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  echo "${missing[@]:-}"
}

# lakemon_ensure_packages PKG... : returns 0 when all are installed (installing them as root), 2 otherwise.
lakemon_ensure_packages() {
  local missing
  missing=$(lakemon_missing_packages "$@")
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "lakemon: missing system packages; install them with:" >&2
    echo "  sudo apt-get install -y $missing" >&2
    return 2
  fi
  echo "lakemon: installing $missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  # Update the index only when a plain install cannot find a package (a fresh image has an empty index).
  # shellcheck disable=SC2086
  if ! apt-get install -y -q $missing >&2; then
    apt-get update -q >&2 && apt-get install -y -q $missing >&2 || {
      echo "lakemon: apt-get install $missing failed" >&2
      return 2
    }
  fi
}

lakemon_ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "lakemon: the .NET 10 SDK is required (dotnet not found on PATH); see https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
    return 2
  fi
}

lakemon_prerequisites() {
  lakemon_ensure_dotnet && lakemon_ensure_packages "${LAKEMON_PACKAGES[@]}"
}

lakemon_test_prerequisites() {
  lakemon_prerequisites && lakemon_ensure_packages "${LAKEMON_TEST_PACKAGES[@]}"
}
