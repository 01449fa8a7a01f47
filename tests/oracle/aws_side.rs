//! The AWS end of a peering, configured from the VIF as dxlint parsed it: ASNs, addresses, MD5
//! key, the hold time AWS offers (90 s) with AWS's documented minimum of 3 s (hold 0 is not
//! supported), and the receive limit per family (more than 100 routes tears the session down).
//! Only the retry timers are shortened, which changes how fast, never whether.

use dxlint::model::{Afi, Peering};

/// AWS Direct Connect accepts no hold time below 3 s (and not 0).
pub const AWS_MIN_HOLD: u32 = 3;

/// What the AWS side advertises (a VPC CIDR).
pub fn aws_routes(ipv6: bool) -> Vec<String> {
    if ipv6 {
        vec!["2001:db8:a000::/48".into()]
    } else {
        vec!["10.100.0.0/16".into()]
    }
}

struct Params {
    local: String,
    peer: String,
    local_as: u32,
    peer_as: u32,
    key: Option<String>,
    hold: u32,
    limit: u32,
    ipv6: bool,
}

fn params(p: &Peering) -> Result<Params, String> {
    let ip = |a: Option<std::net::IpAddr>, what: &str| {
        a.map(|a| a.to_string())
            .ok_or_else(|| format!("the VIF has no {what} address"))
    };
    Ok(Params {
        local: ip(p.amazon_ip(), "Amazon")?,
        peer: ip(p.customer_ip(), "customer")?,
        local_as: p.amazon_asn.ok_or("the VIF has no Amazon ASN")?,
        peer_as: p.customer_asn.ok_or("the VIF has no customer ASN")?,
        key: p
            .auth_key
            .as_ref()
            .filter(|k| !k.is_empty())
            .map(|k| k.expose_with(str::to_string)),
        hold: p.aws_hold_time,
        limit: p.prefix_limit,
        ipv6: p.afi == Afi::Ipv6,
    })
}

/// BIRD 2. Graceful restart off: with it BIRD treats an expired hold timer as a restart and
/// closes the connection without a NOTIFICATION, unlike a router.
pub fn bird_config(p: &Peering, log: &str) -> Result<String, String> {
    let q = params(p)?;
    let fam = if q.ipv6 { "ipv6" } else { "ipv4" };
    let statics: String = aws_routes(q.ipv6)
        .iter()
        .map(|r| format!(" route {r} blackhole;"))
        .collect();
    let password = q
        .key
        .map(|k| {
            format!(
                "  password \"{}\";\n",
                k.replace('\\', "\\\\").replace('"', "\\\"")
            )
        })
        .unwrap_or_default();
    Ok(format!(
        r#"log "{log}" all;
router id {rid};
protocol device {{ scan time 2; }}
protocol static vpc {{ {fam};{statics} }}
protocol bgp vif {{
  local {local} as {local_as};
  neighbor {peer} as {peer_as};
{password}  hold time {hold};
  keepalive time {keepalive};
  min hold time {min_hold};
  debug {{ states, events }};
  graceful restart off;
  long lived graceful restart off;
  connect retry time 1;
  error wait time 1, 2;
  {fam} {{
    import all;
    export where proto = "vpc";
    receive limit {limit} action disable;
  }};
}}
"#,
        rid = if q.ipv6 {
            "192.0.2.1".to_string()
        } else {
            q.local.clone()
        },
        local = q.local,
        local_as = q.local_as,
        peer = q.peer,
        peer_as = q.peer_as,
        hold = q.hold,
        keepalive = q.hold / 3,
        min_hold = AWS_MIN_HOLD,
        limit = q.limit,
    ))
}

/// GoBGP. It has no minimum-hold-time setting, so scenarios about hold time use BIRD only.
pub fn gobgp_config(p: &Peering) -> Result<String, String> {
    let q = params(p)?;
    let fam = if q.ipv6 {
        "ipv6-unicast"
    } else {
        "ipv4-unicast"
    };
    let password = q
        .key
        .map(|k| format!("    auth-password = {}\n", serde_json::Value::from(k)))
        .unwrap_or_default();
    Ok(format!(
        r#"[global.config]
  as = {local_as}
  router-id = "{rid}"
  local-address-list = ["{local}"]
[[neighbors]]
  [neighbors.config]
    neighbor-address = "{peer}"
    peer-as = {peer_as}
{password}  [neighbors.timers.config]
    connect-retry = 1
    idle-hold-time-after-reset = 1
    hold-time = {hold}
    keepalive-interval = {keepalive}
  [neighbors.transport.config]
    local-address = "{local}"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "{fam}"
    [neighbors.afi-safis.prefix-limit.config]
      max-prefixes = {limit}
"#,
        rid = if q.ipv6 {
            "192.0.2.1".to_string()
        } else {
            q.local.clone()
        },
        local = q.local,
        local_as = q.local_as,
        peer = q.peer,
        peer_as = q.peer_as,
        hold = q.hold,
        keepalive = q.hold / 3,
        limit = q.limit,
    ))
}
