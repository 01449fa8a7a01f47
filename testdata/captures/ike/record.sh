#!/bin/sh
# Record the IKE captures of testdata/captures/ike/ (root; strongswan-charon, strongswan-swanctl,
# tcpdump, iproute2). Two network namespaces joined by a veth, 10.99.0.1 (customer gateway,
# initiator) and 10.99.0.2 (the "AWS" endpoint, responder), each with its own charon (own
# strongswan.conf, vici socket and private /run), tcpdump in the customer's namespace.
# Usage: record.sh OUTDIR
set -eu
OUT=${1:?usage: record.sh OUTDIR}
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/dxlint-ike.XXXXXX)
PIDS=""
cleanup() {
    for p in $PIDS; do kill "$p" 2>/dev/null || true; done
    sleep 0.5
    ip netns del dxike-c 2>/dev/null || true
    ip netns del dxike-a 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

conf() { # $1 dir
    cat > "$1/strongswan.conf" <<EOC
charon {
  load_modular = no
  load = random nonce aes sha1 sha2 md5 hmac kdf gmp kernel-netlink socket-default vici
  install_routes = no
  retransmit_tries = 2
  retransmit_timeout = 1.0
  retransmit_base = 1.4
  plugins { vici { socket = unix://$1/charon.vici } }
  filelog { log { path = $1/charon.log
    default = 1
    ike = 2 } }
}
EOC
}

swan() { # $1 dir $2 version $3 proposals $4 psk $5 local $6 remote $7 initiator(yes/no)
    start=none
    [ "$7" = yes ] && start=start
    cat > "$1/swanctl.conf" <<EOC
connections {
  vpn {
    version = $2
    local_addrs = $5
    remote_addrs = $6
    proposals = $3
    rekey_time = 0
    local { auth = psk
      id = $5 }
    remote { auth = psk
      id = $6 }
    children { net {
      local_ts = 169.254.44.0/30
      remote_ts = 169.254.44.0/30
      esp_proposals = aes128-sha1-modp2048
      start_action = $start } }
  }
}
secrets { ike-1 { id-1 = $5
  id-2 = $6
  secret = "$4" } }
EOC
}

scenario() { # name cver cprop cpsk aver aprop apsk
    name=$1
    ip netns add dxike-c
    ip netns add dxike-a
    ip link add veth-c netns dxike-c type veth peer name veth-a netns dxike-a
    ip -n dxike-c addr add 10.99.0.1/30 dev veth-c
    ip -n dxike-a addr add 10.99.0.2/30 dev veth-a
    for n in dxike-c dxike-a; do ip -n $n link set lo up; done
    ip -n dxike-c link set veth-c up
    ip -n dxike-a link set veth-a up
    for side in c a; do
        d="$WORK/$name-$side"
        mkdir -p "$d"
        conf "$d"
    done
    swan "$WORK/$name-c" "$2" "$3" "$4" 10.99.0.1 10.99.0.2 no
    swan "$WORK/$name-a" "$5" "$6" "$7" 10.99.0.2 10.99.0.1 no
    ip netns exec dxike-c tcpdump -i veth-c -U --immediate-mode -s 0 -Z root -w "$OUT/$name.pcap" udp or esp 2>/dev/null &
    PIDS="$PIDS $!"
    sleep 1
    for side in a c; do
        d="$WORK/$name-$side"
        ip netns exec dxike-$side unshare --mount sh -c \
            "mount -t tmpfs tmpfs /run && STRONGSWAN_CONF=$d/strongswan.conf exec /usr/lib/ipsec/charon" \
            >"$d/charon.out" 2>&1 &
        PIDS="$PIDS $!"
        for _ in 1 2 3 4 5 6 7 8 9 10; do [ -S "$d/charon.vici" ] && break; sleep 0.3; done
        swanctl --load-all --file "$d/swanctl.conf" --uri "unix://$d/charon.vici" >/dev/null
    done
    # The customer initiates; a few retries happen within the wait.
    swanctl --initiate --child net --uri "unix://$WORK/$name-c/charon.vici" --timeout 8 >/dev/null 2>&1 || true
    sleep 1
    for p in $PIDS; do kill "$p" 2>/dev/null || true; done
    PIDS=""
    sleep 0.5
    ip netns del dxike-c
    ip netns del dxike-a
    echo "$name: $(stat -c %s "$OUT/$name.pcap") bytes"
}

PROP=aes128-sha256-modp2048
scenario ike-up 2 $PROP SharedKey_123 2 $PROP SharedKey_123
scenario ike-version-mismatch 1 $PROP SharedKey_123 2 $PROP SharedKey_123
scenario ike-no-proposal 2 aes128-sha1-modp2048 SharedKey_123 2 aes256-sha512-modp2048 SharedKey_123
scenario ike-dh-group 2 aes128-sha256-modp1024 SharedKey_123 2 aes128-sha256-modp2048 SharedKey_123
scenario ike-psk-mismatch 2 $PROP SharedKey_123 2 $PROP OtherKey_456
