//! Live AWS (`--vif`, `--vpn`, `dxlint export`) against a local fake endpoint: a
//! `TcpListener` on 127.0.0.1 that answers with real wire-format responses (awsJson1_1 for
//! Direct Connect, EC2 query-protocol XML) and with each fault dxlint must report. Nothing
//! leaves the machine: credentials and region are dummies set here, IMDS is disabled.
//!
//! One integration-test crate on purpose: every test binary that links the SDK costs seconds
//! and hundreds of MB to link.

#[cfg(not(feature = "aws"))]
mod without_aws {
    use std::process::Command;

    #[test]
    fn live_flags_and_export_say_this_build_has_no_aws() {
        let bin = env!("CARGO_BIN_EXE_dxlint");
        let cfg = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/testdata/cisco/edge1-clean.cfg"
        );
        for args in [
            vec![cfg, "--vif", "dxvif-ffab1234"],
            vec!["export", "--vif", "dxvif-ffab1234"],
        ] {
            let out = Command::new(bin).args(&args).output().expect("run dxlint");
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{err}");
            assert!(err.contains("no live AWS support"), "{err}");
        }
    }
}

#[cfg(feature = "aws")]
mod live {
    use dxlint::aws::fetch::convert::{vpn_to_cli_json, Secrets};
    use dxlint::aws::fetch::{export, fetch, AwsOptions, Fetched};
    use dxlint::aws::vif_json;
    use dxlint::error::InputError;
    use dxlint::model::Peering;
    use dxlint::source::SourceFile;
    use serde_json::Value;
    use std::io::{Read, Write};
    use std::net::{SocketAddr, TcpListener, TcpStream};
    use std::path::{Path, PathBuf};
    use std::process::{Command, Output};
    use std::sync::{Arc, Mutex, Once};
    use std::time::{Duration, Instant};

    const ACCESS_KEY: &str = "AKIDDXLINTTEST000001";
    const SECRET_KEY: &str = "dxlintTestSecretAccessKeyNeverPrinted0001";
    const FIXTURES: &[&str] = &[
        "vif-private.json",
        "vif-private-dualstack.json",
        "vif-public.json",
        "vif-transit-jumbo.json",
    ];
    /// Keys in the fixtures; none may appear in any output without --include-secrets.
    const KEYS: &[&str] = &[
        "0xDxLintExampleKey01",
        "0xTransitKey_dx303",
        "dxlint_test_psk_one",
        "dxlint_test_psk_two",
        SECRET_KEY,
    ];

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    /// Dummy credentials and region for the in-process SDK, and no IMDS or profile files.
    /// Every test calls this first, so the environment is set before any thread reads it.
    fn setup() {
        static ONCE: Once = Once::new();
        ONCE.call_once(|| {
            for (k, v) in test_env() {
                std::env::set_var(k, v);
            }
            for k in [
                "AWS_PROFILE",
                "AWS_DEFAULT_PROFILE",
                "AWS_SESSION_TOKEN",
                "AWS_ENDPOINT_URL",
                "AWS_ENDPOINT_URL_DIRECT_CONNECT",
                "AWS_ENDPOINT_URL_EC2",
                "AWS_WEB_IDENTITY_TOKEN_FILE",
                "AWS_ROLE_ARN",
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            ] {
                std::env::remove_var(k);
            }
        });
    }

    fn test_env() -> Vec<(&'static str, &'static str)> {
        vec![
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
            ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
            ("AWS_REGION", "us-east-1"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
            ("AWS_CONFIG_FILE", "/nonexistent/dxlint-test/config"),
            (
                "AWS_SHARED_CREDENTIALS_FILE",
                "/nonexistent/dxlint-test/credentials",
            ),
        ]
    }

    // ---------------------------------------------------------------- fake endpoint

    #[derive(Clone, Debug)]
    struct Req {
        target: Option<String>,
        body: String,
    }

    impl Req {
        fn is_dx(&self) -> bool {
            self.target.as_deref() == Some("OvertureService.DescribeVirtualInterfaces")
        }
        fn is_ec2(&self) -> bool {
            self.body.contains("Action=DescribeVpnConnections")
        }
    }

    enum Reply {
        Http {
            status: u16,
            content_type: &'static str,
            body: String,
        },
        /// Accept the request and never answer.
        Hang,
        /// A 200 with a chunked body that never ends (until the client hangs up).
        Endless,
    }

    fn dx_ok(body: String) -> Reply {
        Reply::Http {
            status: 200,
            content_type: "application/x-amz-json-1.1",
            body,
        }
    }

    fn dx_err(status: u16, kind: &str, message: &str) -> Reply {
        Reply::Http {
            status,
            content_type: "application/x-amz-json-1.1",
            body: serde_json::json!({"__type": kind, "message": message}).to_string(),
        }
    }

    fn ec2_ok(body: String) -> Reply {
        Reply::Http {
            status: 200,
            content_type: "text/xml;charset=UTF-8",
            body,
        }
    }

    fn ec2_err(status: u16, code: &str, message: &str) -> Reply {
        Reply::Http {
            status,
            content_type: "text/xml;charset=UTF-8",
            body: format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors><RequestID>0d1e2f3a-test</RequestID></Response>"
            ),
        }
    }

    type Handler = dyn Fn(&Req, usize) -> Reply + Send + Sync;

    struct Fake {
        addr: SocketAddr,
        log: Arc<Mutex<Vec<Req>>>,
    }

    impl Fake {
        /// `handler(request, number of earlier requests)`.
        fn start(handler: impl Fn(&Req, usize) -> Reply + Send + Sync + 'static) -> Fake {
            let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
            let addr = listener.local_addr().expect("local addr");
            let log: Arc<Mutex<Vec<Req>>> = Arc::default();
            let handler: Arc<Handler> = Arc::new(handler);
            let log2 = log.clone();
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    let Ok(stream) = stream else { continue };
                    let handler = handler.clone();
                    let log = log2.clone();
                    std::thread::spawn(move || serve(stream, &*handler, &log));
                }
            });
            Fake { addr, log }
        }

        fn url(&self) -> String {
            format!("http://{}", self.addr)
        }

        fn requests(&self) -> Vec<Req> {
            self.log.lock().expect("log").clone()
        }
    }

    fn serve(mut s: TcpStream, handler: &Handler, log: &Mutex<Vec<Req>>) {
        let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
        let mut buf = Vec::new();
        let mut chunk = [0u8; 8192];
        let head_end = loop {
            if let Some(i) = find(&buf, b"\r\n\r\n") {
                break i + 4;
            }
            match s.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
        let header = |name: &str| {
            head.lines().find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().to_string())
            })
        };
        let len: usize = header("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        while buf.len() < head_end + len {
            match s.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let req = Req {
            target: header("x-amz-target"),
            body: String::from_utf8_lossy(&buf[head_end..head_end + len]).to_string(),
        };
        let n = {
            let mut l = log.lock().expect("log");
            l.push(req.clone());
            l.len() - 1
        };
        match handler(&req, n) {
            Reply::Hang => std::thread::sleep(Duration::from_secs(120)),
            Reply::Endless => {
                let head = "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
                if s.write_all(head.as_bytes()).is_err() {
                    return;
                }
                let chunk = format!("{:x}\r\n{}\r\n", 1 << 20, "x".repeat(1 << 20));
                // Stops when dxlint closes the connection (or after 16 GB).
                for _ in 0..16 * 1024 {
                    if s.write_all(chunk.as_bytes()).is_err() {
                        return;
                    }
                }
            }
            Reply::Http {
                status,
                content_type,
                body,
            } => {
                let reason = match status {
                    200 => "OK",
                    400 => "Bad Request",
                    403 => "Forbidden",
                    500 => "Internal Server Error",
                    503 => "Service Unavailable",
                    _ => "Status",
                };
                let resp = format!(
                    "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nx-amzn-RequestId: 0d1e2f3a-test\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = s.write_all(resp.as_bytes());
                let _ = s.flush();
            }
        }
    }

    fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
        hay.windows(needle.len()).position(|w| w == needle)
    }

    // ---------------------------------------------------------------- data

    /// The VIF objects of a fixture file, whichever of the three accepted shapes it has.
    fn fixture_vifs(name: &str) -> Vec<Value> {
        let text =
            std::fs::read_to_string(root().join("testdata/aws").join(name)).expect("read fixture");
        match serde_json::from_str::<Value>(&text).expect("fixture is JSON") {
            Value::Array(list) => list,
            Value::Object(mut m) => match m.remove("virtualInterfaces") {
                Some(Value::Array(list)) => list,
                _ => vec![Value::Object(m)],
            },
            other => panic!("unexpected fixture {other}"),
        }
    }

    fn all_fixture_vifs() -> Vec<Value> {
        FIXTURES.iter().flat_map(|f| fixture_vifs(f)).collect()
    }

    fn id_of(v: &Value) -> String {
        v["virtualInterfaceId"].as_str().expect("id").to_string()
    }

    /// DescribeVirtualInterfaces output: the VIFs (all of them, or the one filtered on).
    fn dx_listing(vifs: &[Value], req: &Req) -> Reply {
        let body: Value = serde_json::from_str(&req.body).unwrap_or(Value::Null);
        let list: Vec<Value> = match body["virtualInterfaceId"].as_str() {
            Some(id) => vifs.iter().filter(|v| id_of(v) == id).cloned().collect(),
            None => vifs.to_vec(),
        };
        dx_ok(serde_json::json!({ "virtualInterfaces": list }).to_string())
    }

    fn vpn_fixture() -> String {
        std::fs::read_to_string(root().join("testdata/aws/live/describe-vpn-connections.xml"))
            .expect("read VPN fixture")
    }

    /// A fake that answers both APIs from the fixtures.
    fn fixture_fake() -> Fake {
        let vifs = all_fixture_vifs();
        let vpn = vpn_fixture();
        Fake::start(move |req, _| {
            if req.is_dx() {
                dx_listing(&vifs, req)
            } else if req.is_ec2() {
                ec2_ok(vpn.clone())
            } else {
                dx_err(400, "UnknownOperationException", "not served by the fake")
            }
        })
    }

    fn opts(url: &str) -> AwsOptions {
        AwsOptions {
            endpoint_url: Some(url.to_string()),
            timeout: Duration::from_secs(10),
            ..Default::default()
        }
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn offline_peerings(name: &str) -> Vec<Peering> {
        let path = root().join("testdata/aws").join(name);
        let text = std::fs::read_to_string(&path).expect("read fixture");
        vif_json::load(&SourceFile::new(name, text.as_str())).expect("fixture loads")
    }

    fn aws_message(e: InputError) -> String {
        match e {
            InputError::Aws { message, help } => {
                format!("{message} | {}", help.unwrap_or_default())
            }
            other => panic!("expected an AWS error, got {other}"),
        }
    }

    /// Field by field: `Peering` has no PartialEq (its key must not be compared by accident).
    fn assert_same_peerings(live: &[Peering], offline: &[Peering]) {
        assert_eq!(live.len(), offline.len());
        for (a, b) in live.iter().zip(offline) {
            let id = &b.id;
            assert_eq!(a.id, b.id);
            assert_eq!(a.resource_id, b.resource_id, "{id}");
            assert_eq!(a.kind, b.kind, "{id}");
            assert_eq!(a.afi, b.afi, "{id}");
            assert_eq!(a.vlan, b.vlan, "{id}");
            assert_eq!(a.customer_asn, b.customer_asn, "{id}");
            assert_eq!(a.amazon_asn, b.amazon_asn, "{id}");
            assert_eq!(a.amazon_address, b.amazon_address, "{id}");
            assert_eq!(a.customer_address, b.customer_address, "{id}");
            assert!(a.auth_key == b.auth_key, "{id}: keys differ");
            assert_eq!(a.mtu, b.mtu, "{id}");
            assert_eq!(a.jumbo_capable, b.jumbo_capable, "{id}");
            assert_eq!(a.aws_hold_time, b.aws_hold_time, "{id}");
            assert_eq!(a.prefix_limit, b.prefix_limit, "{id}");
            assert_eq!(a.route_filter_prefixes, b.route_filter_prefixes, "{id}");
            assert_eq!(a.resource_state, b.resource_state, "{id}");
            assert_eq!(a.peer_state, b.peer_state, "{id}");
        }
    }

    // ---------------------------------------------------------------- SDK path = JSON path

    #[test]
    fn endpoint_sdk_peerings_equal_json_fixture_peerings() {
        setup();
        let fake = fixture_fake();
        for name in FIXTURES {
            let offline = offline_peerings(name);
            let id = offline[0].resource_id.clone();
            let got =
                fetch(&opts(&fake.url()), std::slice::from_ref(&id), &[]).expect("live fetch");
            assert_eq!(got.vifs.len(), 1);
            assert_same_peerings(&got.vif_peerings().expect("peerings"), &offline);
        }
        // One VIF: filtered on the server.
        let reqs = fake.requests();
        assert_eq!(reqs.len(), FIXTURES.len());
        assert!(reqs
            .iter()
            .all(|r| r.body.contains("\"virtualInterfaceId\"")));
    }

    #[test]
    fn several_vifs_are_one_unfiltered_paginated_listing() {
        setup();
        let vifs = all_fixture_vifs();
        let fake = Fake::start(move |req, _| {
            // Page 1: first two VIFs and a token; page 2: the rest.
            if req.body.contains("\"nextToken\":\"page-2\"") {
                dx_ok(serde_json::json!({ "virtualInterfaces": vifs[2..] }).to_string())
            } else {
                dx_ok(
                    serde_json::json!({ "virtualInterfaces": vifs[..2], "nextToken": "page-2" })
                        .to_string(),
                )
            }
        });
        let want = ids(&["dxvif-fftt4321", "dxvif-ffab1234", "dxvif-ffab1234"]);
        let got = fetch(&opts(&fake.url()), &want, &[]).expect("live fetch");
        let got_ids: Vec<_> = got
            .vifs
            .iter()
            .map(|v| v.virtual_interface_id().unwrap_or_default().to_string())
            .collect();
        assert_eq!(got_ids, ["dxvif-fftt4321", "dxvif-ffab1234"]);
        let reqs = fake.requests();
        assert_eq!(reqs.len(), 2, "{reqs:?}");
        assert!(reqs
            .iter()
            .all(|r| r.is_dx() && !r.body.contains("virtualInterfaceId")));
        assert!(!reqs[0].body.contains("nextToken"));
        let mut offline = offline_peerings("vif-transit-jumbo.json");
        offline.extend(offline_peerings("vif-private.json"));
        assert_same_peerings(&got.vif_peerings().expect("peerings"), &offline);
    }

    #[test]
    fn missing_vif_is_named() {
        setup();
        let fake = fixture_fake();
        let e = fetch(
            &opts(&fake.url()),
            &ids(&["dxvif-ffab1234", "dxvif-nothere1"]),
            &[],
        )
        .err()
        .expect("error");
        let m = aws_message(e);
        assert!(
            m.contains("virtual interface dxvif-nothere1 was not found in us-east-1"),
            "{m}"
        );
        // A single id: the server filter returns nothing.
        let e = fetch(&opts(&fake.url()), &ids(&["dxvif-nothere2"]), &[])
            .err()
            .expect("error");
        assert!(aws_message(e).contains("dxvif-nothere2 was not found"));
    }

    /// A 200 whose body is not the answer and a redirect get messages that say so, and an
    /// endless body stops at the bound instead of filling memory (issue 16).
    #[test]
    fn malformed_success_redirect_and_endless_body() {
        setup();
        for (status, body) in [(200, "<html>captive portal</html>"), (301, "")] {
            let fake = Fake::start(move |_, _| Reply::Http {
                status,
                content_type: "text/html",
                body: body.to_string(),
            });
            let e = fetch(&opts(&fake.url()), &ids(&["dxvif-ffab1234"]), &[])
                .err()
                .expect("error");
            let m = aws_message(e);
            assert!(!m.contains("without an error code"), "{status}: {m}");
            let said = if status == 200 {
                m.contains("is not a") || m.contains("unreadable response")
            } else {
                m.contains("redirect") || m.contains("unreadable response")
            };
            assert!(said, "{status}: {m}");
        }
        let fake = Fake::start(|_, _| Reply::Endless);
        let e = fetch(&opts(&fake.url()), &ids(&["dxvif-ffab1234"]), &[])
            .err()
            .expect("error");
        let m = aws_message(e);
        assert!(
            m.contains("larger than 64 MB") || m.contains("no answer"),
            "{m}"
        );
    }

    #[test]
    fn throttling_is_retried_with_backoff() {
        setup();
        let vifs = all_fixture_vifs();
        let fake = Fake::start(move |req, n| {
            if n < 2 {
                dx_err(400, "ThrottlingException", "Rate exceeded")
            } else {
                dx_listing(&vifs, req)
            }
        });
        let got = fetch(&opts(&fake.url()), &ids(&["dxvif-ffab1234"]), &[]).expect("third try");
        assert_eq!(got.vifs.len(), 1);
        assert_eq!(fake.requests().len(), 3);
    }

    // ---------------------------------------------------------------- VPN

    #[test]
    fn vpn_connections_become_the_cli_json_shape() {
        setup();
        let fake = fixture_fake();
        let got =
            fetch(&opts(&fake.url()), &[], &ids(&["vpn-0dx1e2f3a4b5c6001"])).expect("live fetch");
        let reqs = fake.requests();
        assert_eq!(reqs.len(), 1);
        assert!(reqs[0]
            .body
            .contains("VpnConnectionId.1=vpn-0dx1e2f3a4b5c6001"));
        let v = vpn_to_cli_json(&got.vpns[0], Secrets::Include);
        assert_eq!(v["VpnConnectionId"], "vpn-0dx1e2f3a4b5c6001");
        assert_eq!(v["CustomerGatewayId"], "cgw-0dx1e2f3a4b5c6001");
        assert_eq!(v["VpnGatewayId"], "vgw-0dx1e2f3a4b5c6001");
        assert_eq!(v["Category"], "VPN");
        assert_eq!(v["State"], "available");
        assert_eq!(v["Type"], "ipsec.1");
        assert_eq!(v["Options"]["StaticRoutesOnly"], false);
        let t = &v["Options"]["TunnelOptions"];
        assert_eq!(t.as_array().map(Vec::len), Some(2));
        assert_eq!(t[0]["OutsideIpAddress"], "203.0.113.11");
        assert_eq!(t[0]["TunnelInsideCidr"], "169.254.44.40/30");
        assert_eq!(t[0]["PreSharedKey"], "dxlint_test_psk_one");
        assert_eq!(t[1]["PreSharedKey"], "dxlint_test_psk_two");
        assert_eq!(t[0]["Phase1EncryptionAlgorithms"][1]["Value"], "AES256");
        assert_eq!(t[0]["Phase1IntegrityAlgorithms"][0]["Value"], "SHA2-256");
        assert_eq!(t[0]["Phase1DHGroupNumbers"][1]["Value"], 20);
        assert_eq!(t[0]["IkeVersions"][0]["Value"], "ikev2");
        assert_eq!(t[0]["DpdTimeoutSeconds"], 40);
        assert_eq!(
            t[0]["LogOptions"]["CloudWatchLogOptions"]["LogEnabled"],
            false
        );
        assert_eq!(v["VgwTelemetry"][1]["Status"], "DOWN");
        assert_eq!(
            v["VgwTelemetry"][0]["LastStatusChange"],
            "2026-11-20T10:00:00+00:00"
        );
        assert_eq!(v["Tags"][0]["Key"], "Name");
        let cgw = v["CustomerGatewayConfiguration"].as_str().expect("XML");
        assert!(cgw.starts_with("<?xml") && cgw.contains("dxlint_test_psk_one"));

        let without = vpn_to_cli_json(&got.vpns[0], Secrets::Omit).to_string();
        for k in KEYS {
            assert!(!without.contains(k), "{k} leaked");
        }
        assert!(!without.contains("PreSharedKey"));
        assert!(without.contains("<pre_shared_key></pre_shared_key>"));
    }

    #[test]
    fn all_vpn_ids_go_in_one_request_and_a_missing_one_is_named() {
        setup();
        let fake = Fake::start(|req, _| {
            if req.body.contains("vpn-0nothere") {
                ec2_err(
                    400,
                    "InvalidVpnConnectionID.NotFound",
                    "The vpnConnection ID 'vpn-0nothere' does not exist",
                )
            } else {
                ec2_ok(vpn_fixture())
            }
        });
        let e = fetch(
            &opts(&fake.url()),
            &[],
            &ids(&["vpn-0dx1e2f3a4b5c6001", "vpn-0nothere"]),
        )
        .err()
        .expect("error");
        let m = aws_message(e);
        assert!(
            m.contains("vpn-0nothere") && m.contains("does not exist"),
            "{m}"
        );
        let reqs = fake.requests();
        assert_eq!(reqs.len(), 1);
        assert!(reqs[0].body.contains("VpnConnectionId.2=vpn-0nothere"));
        // The service answers, but without one of the ids.
        let fake = Fake::start(|_, _| ec2_ok(vpn_fixture()));
        let e = fetch(
            &opts(&fake.url()),
            &[],
            &ids(&["vpn-0dx1e2f3a4b5c6001", "vpn-0other"]),
        )
        .err()
        .expect("error");
        assert!(aws_message(e).contains("VPN connection vpn-0other was not found"));
    }

    // ---------------------------------------------------------------- export

    #[test]
    fn vif_export_reads_back_as_the_same_peerings_and_hides_keys() {
        setup();
        let mut vifs = all_fixture_vifs();
        vifs[0]["customerRouterConfig"] = Value::String(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<logical_connection id=\"dxvif-ffab1234\"><vlan>101</vlan><bgp_auth_key>0xDxLintExampleKey01</bgp_auth_key><amazon_bgp_asn>64512</amazon_bgp_asn></logical_connection>".into(),
        );
        let fake = Fake::start(move |req, _| dx_listing(&vifs, req));
        let all: Vec<String> = all_fixture_vifs().iter().map(id_of).collect();
        let got: Fetched = fetch(&opts(&fake.url()), &all, &[]).expect("live fetch");
        let live = got.vif_peerings().expect("peerings");

        let with = export::render(&export::vifs_json(&got.vifs, Secrets::Include));
        let back =
            vif_json::load(&SourceFile::new("export.json", with.as_str())).expect("reads back");
        assert_same_peerings(&back, &live);
        assert!(with.contains("0xDxLintExampleKey01"));
        let v: Value = serde_json::from_str(&with).expect("JSON");
        assert_eq!(v["virtualInterfaces"][0]["ownerAccount"], "111122223333");
        assert_eq!(v["virtualInterfaces"][0]["tags"][0]["key"], "Name");

        let without = export::render(&export::vifs_json(&got.vifs, Secrets::Omit));
        for k in KEYS {
            assert!(!without.contains(k), "{k} leaked");
        }
        assert!(!without.contains("authKey"));
        assert!(without.contains("<bgp_auth_key></bgp_auth_key>"));
        let back =
            vif_json::load(&SourceFile::new("export.json", without.as_str())).expect("reads back");
        assert_eq!(back.len(), live.len());
        assert!(back.iter().all(|p| p.auth_key.is_none()));
    }

    // ---------------------------------------------------------------- the binary

    fn dxlint(args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dxlint"));
        cmd.env_clear()
            .env("NO_COLOR", "1")
            .current_dir(root())
            .args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().expect("run dxlint")
    }

    fn dxlint_env(args: &[&str]) -> Output {
        dxlint(args, &test_env())
    }

    fn stderr(o: &Output) -> String {
        String::from_utf8_lossy(&o.stderr).to_string()
    }

    fn stdout(o: &Output) -> String {
        String::from_utf8_lossy(&o.stdout).to_string()
    }

    fn assert_no_secrets(o: &Output) {
        let all = format!("{}{}", stdout(o), stderr(o));
        for k in KEYS {
            assert!(!all.contains(k), "{k} printed:\n{all}");
        }
    }

    /// Exit 2 with a short AWS error containing `want`, in under `within`.
    fn assert_aws_fault(
        args: &[&str],
        env: &[(&str, &str)],
        want: &str,
        within: Duration,
    ) -> String {
        let t = Instant::now();
        let o = dxlint(args, env);
        let took = t.elapsed();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains(want), "expected `{want}` in:\n{err}");
        assert!(err.contains("dxlint::input::aws"), "{err}");
        assert!(took < within, "took {took:?}:\n{err}");
        assert!(stdout(&o).is_empty());
        assert_no_secrets(&o);
        err
    }

    fn faulty_config(dir: &Path) -> PathBuf {
        let clean = std::fs::read_to_string(root().join("testdata/cisco/edge1-clean.cfg"))
            .expect("read config");
        let bad = clean
            .replace("encapsulation dot1Q 101", "encapsulation dot1Q 110")
            .replace("remote-as 64512", "remote-as 65000");
        assert_ne!(bad, clean);
        let p = dir.join("edge1-faulty-live.cfg");
        std::fs::write(&p, bad).expect("write config");
        p
    }

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("dxlint-aws-live-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&d).expect("scratch dir");
        d
    }

    #[test]
    fn lint_through_the_endpoint_equals_the_offline_lint() {
        setup();
        let fake = fixture_fake();
        let url = fake.url();
        let dir = scratch("lint");
        let faulty = faulty_config(&dir);
        let faulty = faulty.to_str().expect("path");
        for (cfg, code) in [("testdata/cisco/edge1-clean.cfg", 0), (faulty, 1)] {
            for format in ["json", "human"] {
                let offline = dxlint_env(&[
                    cfg,
                    "--vif-json",
                    "testdata/aws/vif-private.json",
                    "--format",
                    format,
                ]);
                let live = dxlint_env(&[
                    cfg,
                    "--vif",
                    "dxvif-ffab1234",
                    "--endpoint-url",
                    &url,
                    "--format",
                    format,
                ]);
                assert_eq!(offline.status.code(), Some(code), "{}", stderr(&offline));
                assert_eq!(live.status.code(), Some(code), "{}", stderr(&live));
                assert_eq!(stdout(&live), stdout(&offline), "{cfg} --format {format}");
                assert_no_secrets(&live);
            }
        }
        let _ = std::fs::remove_dir_all(dir);
    }

    /// Lint `cfg` live (`flag id` through the fake at `url`) and from the exported file
    /// (`flag file`): the JSON reports and exit codes must be identical. Returns the live run.
    fn live_equals_file(
        cfg: &str,
        (live_flag, id): (&str, &str),
        url: &str,
        (file_flag, file): (&str, &str),
    ) -> Output {
        let from_file = dxlint_env(&[cfg, file_flag, file, "--format", "json"]);
        let live = dxlint_env(&[
            cfg,
            live_flag,
            id,
            "--endpoint-url",
            url,
            "--format",
            "json",
        ]);
        assert_eq!(stdout(&from_file), stdout(&live), "{cfg}");
        assert_eq!(from_file.status.code(), live.status.code(), "{cfg}");
        live
    }

    #[test]
    fn export_writes_what_vif_json_reads() {
        setup();
        let fake = fixture_fake();
        let url = fake.url();
        let dir = scratch("export");
        let file = dir.join("vif.json");
        let file = file.to_str().expect("path");
        let o = dxlint_env(&["export", "--vif", "dxvif-ffab1234", "--endpoint-url", &url]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_no_secrets(&o);
        let v: Value = serde_json::from_str(&stdout(&o)).expect("export is JSON");
        assert_eq!(
            v["virtualInterfaces"][0]["virtualInterfaceId"],
            "dxvif-ffab1234"
        );
        assert!(v["virtualInterfaces"][0].get("authKey").is_none());

        let o = dxlint_env(&[
            "export",
            "--vif",
            "dxvif-ffab1234",
            "--include-secrets",
            "--endpoint-url",
            &url,
            "-o",
            file,
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(stderr(&o).contains("clear text"), "{}", stderr(&o));
        assert!(stdout(&o).is_empty());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(file).expect("meta").permissions().mode();
            assert_eq!(mode & 0o077, 0, "export with keys is private: {mode:o}");
        }
        let faulty = faulty_config(&dir);
        for cfg in [
            "testdata/cisco/edge1-clean.cfg",
            faulty.to_str().expect("path"),
        ] {
            live_equals_file(cfg, ("--vif", "dxvif-ffab1234"), &url, ("--vif-json", file));
        }

        let o = dxlint_env(&[
            "export",
            "--vpn",
            "vpn-0dx1e2f3a4b5c6001",
            "--endpoint-url",
            &url,
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_no_secrets(&o);
        let v: Value = serde_json::from_str(&stdout(&o)).expect("export is JSON");
        assert_eq!(
            v["VpnConnections"][0]["VpnConnectionId"],
            "vpn-0dx1e2f3a4b5c6001"
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn live_vpn_lint_equals_offline_lint_of_its_export() {
        setup();
        let fake = fixture_fake();
        let url = fake.url();
        let dir = scratch("vpn-live");
        let file = dir.join("vpn.json");
        let file = file.to_str().expect("path");
        let o = dxlint_env(&[
            "export",
            "--vpn",
            "vpn-0dx1e2f3a4b5c6001",
            "--include-secrets",
            "--endpoint-url",
            &url,
            "-o",
            file,
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        // The SDK path and the JSON path give the same tunnels.
        let got = fetch(&opts(&url), &[], &ids(&["vpn-0dx1e2f3a4b5c6001"])).expect("live fetch");
        let live = got.vpn_peerings().expect("peerings");
        let text = std::fs::read_to_string(file).expect("export written");
        let offline = dxlint::aws::vpn_json::load(&SourceFile::new(file, text.as_str()))
            .expect("export loads");
        assert_eq!(live.len(), 2);
        assert_same_peerings(&live, &offline);
        for (a, b) in live.iter().zip(&offline) {
            let (ta, tb) = (a.vpn.as_ref().expect("vpn"), b.vpn.as_ref().expect("vpn"));
            assert_eq!(ta.outside_ip, tb.outside_ip);
            assert!(ta.psk == tb.psk, "{}: keys differ", a.id);
            assert_eq!(ta.ike_versions, tb.ike_versions);
            assert_eq!(ta.phase1_encryption, tb.phase1_encryption);
        }
        for cfg in ["testdata/junos/vpn.set", "testdata/vyos/vpn-1.4.set"] {
            let live = live_equals_file(
                cfg,
                ("--vpn", "vpn-0dx1e2f3a4b5c6001"),
                &url,
                ("--vpn-json", file),
            );
            assert!(stdout(&live).contains("vpn-0dx1e2f3a4b5c6001/tunnel2"));
            assert_no_secrets(&live);
        }
        let _ = std::fs::remove_dir_all(dir);
    }

    // ---------------------------------------------------------------- faults

    const FAST: Duration = Duration::from_secs(10);

    #[test]
    fn connection_refused() {
        setup();
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let url = format!("http://127.0.0.1:{port}");
        let cfg = "testdata/cisco/edge1-clean.cfg";
        let err = assert_aws_fault(
            &[cfg, "--vif", "dxvif-ffab1234", "--endpoint-url", &url],
            &test_env(),
            "connection refused by http://127.0.0.1",
            FAST,
        );
        assert!(err.contains("--endpoint-url"), "{err}");
    }

    #[test]
    fn a_server_that_never_answers_times_out() {
        setup();
        let fake = Fake::start(|_, _| Reply::Hang);
        let url = fake.url();
        let cfg = "testdata/cisco/edge1-clean.cfg";
        let err = assert_aws_fault(
            &[
                cfg,
                "--vif",
                "dxvif-ffab1234",
                "--endpoint-url",
                &url,
                "--timeout",
                "3",
            ],
            &test_env(),
            "no answer from",
            Duration::from_secs(8),
        );
        assert!(err.contains("--timeout"), "{err}");
    }

    #[test]
    fn throttling_gives_up_after_the_standard_attempts() {
        setup();
        let fake = Fake::start(|_, _| dx_err(400, "ThrottlingException", "Rate exceeded"));
        let url = fake.url();
        let cfg = "testdata/cisco/edge1-clean.cfg";
        assert_aws_fault(
            &[cfg, "--vif", "dxvif-ffab1234", "--endpoint-url", &url],
            &test_env(),
            "AWS is throttling requests (ThrottlingException: Rate exceeded); gave up after 3 attempts",
            FAST,
        );
        assert_eq!(fake.requests().len(), 3);
    }

    #[test]
    fn access_denied_points_at_the_iam_policy() {
        setup();
        let fake = Fake::start(|req, _| {
            if req.is_dx() {
                dx_err(
                    400,
                    "AccessDeniedException",
                    "User: arn:aws:iam::111122223333:user/lint is not authorized to perform: directconnect:DescribeVirtualInterfaces",
                )
            } else {
                ec2_err(
                    403,
                    "UnauthorizedOperation",
                    "You are not authorized to perform this operation.",
                )
            }
        });
        let url = fake.url();
        let cfg = "testdata/cisco/edge1-clean.cfg";
        let err = assert_aws_fault(
            &[cfg, "--vif", "dxvif-ffab1234", "--endpoint-url", &url],
            &test_env(),
            "DescribeVirtualInterfaces: access denied (AccessDeniedException",
            FAST,
        );
        assert!(err.contains("docs/iam.md"), "{err}");
        let err = assert_aws_fault(
            &[
                "export",
                "--vpn",
                "vpn-0dx1e2f3a4b5c6001",
                "--endpoint-url",
                &url,
            ],
            &test_env(),
            "DescribeVpnConnections: access denied (UnauthorizedOperation",
            FAST,
        );
        assert!(err.contains("ec2:DescribeVpnConnections"), "{err}");
        assert_eq!(fake.requests().len(), 2, "not retried");
    }

    #[test]
    fn vif_not_found_through_the_binary() {
        setup();
        let fake = fixture_fake();
        let url = fake.url();
        let cfg = "testdata/cisco/edge1-clean.cfg";
        assert_aws_fault(
            &[
                cfg,
                "--vif",
                "dxvif-ffab1234",
                "--vif",
                "dxvif-nothere1",
                "--endpoint-url",
                &url,
            ],
            &test_env(),
            "virtual interface dxvif-nothere1 was not found in us-east-1",
            FAST,
        );
    }

    #[test]
    fn no_credentials_sends_nothing() {
        setup();
        let fake = fixture_fake();
        let url = fake.url();
        let env: Vec<_> = test_env()
            .into_iter()
            .filter(|(k, _)| !k.starts_with("AWS_ACCESS_KEY_ID") && !k.starts_with("AWS_SECRET"))
            .collect();
        let cfg = "testdata/cisco/edge1-clean.cfg";
        let err = assert_aws_fault(
            &[cfg, "--vif", "dxvif-ffab1234", "--endpoint-url", &url],
            &env,
            "no AWS credentials found",
            FAST,
        );
        assert!(err.contains("aws sso login"), "{err}");
        assert!(fake.requests().is_empty());
    }

    #[test]
    fn no_region_sends_nothing() {
        setup();
        let fake = fixture_fake();
        let url = fake.url();
        let env: Vec<_> = test_env()
            .into_iter()
            .filter(|(k, _)| *k != "AWS_REGION")
            .collect();
        let cfg = "testdata/cisco/edge1-clean.cfg";
        let err = assert_aws_fault(
            &[cfg, "--vif", "dxvif-ffab1234", "--endpoint-url", &url],
            &env,
            "no AWS region configured",
            FAST,
        );
        assert!(err.contains("--region"), "{err}");
        assert!(fake.requests().is_empty());
        // --region and AWS_ENDPOINT_URL, as with the AWS CLI.
        let mut with_url: Vec<(&str, &str)> = env.clone();
        with_url.push(("AWS_ENDPOINT_URL", url.as_str()));
        let o = dxlint(
            &[cfg, "--vif", "dxvif-ffab1234", "--region", "eu-west-1"],
            &with_url,
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(fake.requests().len(), 1);
    }
}
