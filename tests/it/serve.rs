//! `gapmap serve` through real HTTP on a random port: every endpoint, the edits and their
//! checks, undo, save and `gapmap run` of the saved scenario, the safety rules, concurrency,
//! and the end on SIGTERM. Every server is killed when its test ends, and every read has a
//! time limit.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use crate::common::{gapmap, read_csv, root};

/// A running explorer; killed on drop.
pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `gapmap serve scenario --port 0` in `dir` and waits for its first line.
pub(crate) fn serve(dir: &Path, scenario: &str) -> Server {
    serve_with(dir, scenario, &[])
}

/// As [`serve`], with `extra` options.
fn serve_with(dir: &Path, scenario: &str, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gapmap"))
        .current_dir(dir)
        .args(["serve", scenario, "--port", "0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gapmap serve starts");
    let stdout = child.stdout.take().expect("its stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the first line");
    let port = line
        .trim_end()
        .strip_suffix('/')
        .and_then(|l| l.rsplit(':').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    assert!(line.starts_with("gapmap: serving "), "{line}");
    Server { child, port }
}

/// A response: its status and body.
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: String,
}

impl Reply {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// One HTTP/1.1 request over a fresh connection, with `extra` headers (Host unless given).
pub(crate) fn request(
    port: u16,
    method: &str,
    path: &str,
    extra: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !extra.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        head += &format!("Host: 127.0.0.1:{port}\r\n");
    }
    for (k, v) in extra {
        head += &format!("{k}: {v}\r\n");
    }
    head += &format!(
        "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    // A server may refuse before reading a large body: a failed write is its answer.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {text:?}"));
    let (headers, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    // Bodies are sent whole or chunked.
    let body = if headers
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    Reply { status, body }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        body = &rest[n + 2..];
    }
    out
}

pub(crate) fn get(port: u16, path: &str) -> Reply {
    request(port, "GET", path, &[], b"")
}

fn post(port: u16, path: &str, body: &Value) -> Reply {
    request(port, "POST", path, &[], body.to_string().as_bytes())
}

/// A copy of the demo's scenarios in a fresh folder, reading the project's geodata, so that a
/// save writes nothing into the project.
pub(crate) fn demo_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("scenarios/demo.toml"))
        .unwrap()
        .replace(
            "../geodata/demo/",
            &format!("{}/geodata/demo/", root().display()),
        );
    std::fs::write(dir.path().join("demo.toml"), text).unwrap();
    dir
}

/// The ids of the explorer's services, in order.
fn service_ids(port: u16) -> Vec<String> {
    get(port, "/api/scenario").json()["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

const ADD: &str = r#"{"action": "add_provider", "id": "novy-1", "service": "day_care", "capacity": 15, "lon": 14.42, "lat": 49.22, "name": "Nový stacionář"}"#;

#[test]
fn every_endpoint_answers_and_an_edit_moves_the_gaps() {
    let dir = demo_folder();
    let server = serve(dir.path(), "demo.toml");
    let port = server.port;
    let s = get(port, "/api/scenario").json();
    assert_eq!(s["name"], "demo");
    assert_eq!(s["version"], 0);
    assert_eq!(s["services"].as_array().unwrap().len(), 7);
    assert_eq!(s["services"][0]["id"], "home_for_elderly");
    assert_eq!(s["services"][0]["form"], "residential");
    assert_eq!(s["services"][0]["catchment"], 25.0);
    assert_eq!(s["groups"][0]["id"], "seniors_65");
    assert_eq!(s["changes"], json!([]));
    let summary = get(port, "/api/summary").json();
    let day_care = |summary: &Value| {
        summary
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["service"] == "day_care")
            .unwrap()
            .clone()
    };
    assert_eq!(day_care(&summary["rows"])["capacity"], 23.0);
    let gaps = get(port, "/api/gaps?service=day_care").json();
    assert_eq!(gaps["rows"].as_array().unwrap().len(), 20);
    assert_eq!(gaps["rows"][0]["unit_id"], "990001");
    let providers = get(port, "/api/providers").json();
    assert_eq!(providers["type"], "FeatureCollection");
    let loaded = get(port, "/api/municipalities").body;
    assert!(
        loaded.starts_with("{\"type\":\"FeatureCollection\""),
        "{loaded:.80}"
    );
    for path in [
        "/",
        "/report.html",
        "/assets/leaflet.js",
        "/assets/app.js",
        "/assets/leaflet.css",
    ] {
        assert_eq!(get(port, path).status, 200, "{path}");
    }
    assert!(
        get(port, "/")
            .body
            .contains("<script src=\"/assets/leaflet.js\">")
    );

    // 15 more day-care places: capacity 23 → 38, and the version moves on.
    let r = post(port, "/api/changes", &serde_json::from_str(ADD).unwrap());
    assert_eq!(r.status, 200, "{}", r.body);
    let r = r.json();
    assert_eq!(r["version"], 1);
    assert_eq!(day_care(&r["summary"])["capacity"], 38.0);
    assert_eq!(
        day_care(&get(port, "/api/summary").json()["rows"])["capacity"],
        38.0
    );
    let s = get(port, "/api/scenario").json();
    assert_eq!(
        s["services"][0]["need"],
        json!([{"group": "seniors_80", "per_1000": 90.0}])
    );
    assert_eq!(s["changes"][0]["id"], "novy-1");
    assert_eq!(s["changes"][0]["capacity"], 15);
    // The report of the current state, with the edit among the scenario's changes.
    let report = get(port, "/report.html").body;
    assert!(report.contains("Nový stacionář"));
    assert!(report.contains("Změny scénáře"), "{report:.300}");
    // The state as loaded stays at hand for the difference the page draws.
    assert_ne!(get(port, "/api/municipalities").body, loaded);
    assert_eq!(get(port, "/api/municipalities?state=start").body, loaded);
    assert_eq!(get(port, "/api/municipalities?state=later").status, 400);
    // And its providers, which name those an edit removed.
    let novy = |body: &str| body.contains("\"novy-1\"");
    assert!(novy(&get(port, "/api/providers").body));
    assert!(!novy(&get(port, "/api/providers?state=start").body));
    assert_eq!(get(port, "/api/providers?state=later").status, 400);
}

#[test]
fn a_saved_scenario_runs_to_the_same_gaps_and_undo_restores_the_start() {
    let dir = demo_folder();
    let server = serve(dir.path(), "demo.toml");
    let port = server.port;
    let services = service_ids(port);
    let all_gaps = || -> Vec<String> {
        services
            .iter()
            .map(|s| get(port, &format!("/api/gaps?service={s}")).body)
            .collect()
    };
    let (start, start_summary) = (all_gaps(), get(port, "/api/summary").body);
    for change in [
        serde_json::from_str::<Value>(ADD).unwrap(),
        json!({"action": "set_capacity", "id": "DS-01", "capacity": 55}),
        json!({"action": "remove_provider", "id": "PS-02"}),
        json!({"action": "set_catchment", "service": "youth_club", "catchment": 12.5}),
        json!({"action": "set_need", "service": "home_care", "group": "seniors_65", "per_1000": 45}),
    ] {
        let r = post(port, "/api/changes", &change);
        assert_eq!(r.status, 200, "{change}: {}", r.body);
    }
    let named = |state: &str| get(port, "/api/scenario").json()["name"] == state;
    assert!(named("demo"));
    let r = post(port, "/api/save", &json!({"name": "varianta-1"}));
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["file"], "varianta-1.toml");
    // Save as: the state now bears the saved name, at the same version.
    assert!(named("varianta-1"));
    assert_eq!(get(port, "/api/scenario").json()["version"], 5);
    let saved = std::fs::read_to_string(dir.path().join("varianta-1.toml")).unwrap();
    assert!(saved.contains("name = \"varianta-1\"") && saved.contains("base = \"demo.toml\""));
    // gapmap run of the saved scenario: the same rows, service by service, every column.
    let out = dir.path().join("out");
    let o = gapmap(
        dir.path(),
        &[
            "run",
            "varianta-1.toml",
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let ran = read_csv(&out.join("gaps.csv"));
    // Both reports name the closed provider, which neither state has any more.
    let closed = "zrušení poskytovatele Charita – pečovatelská služba Východ";
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(report.contains(closed), "the run's report");
    assert!(
        get(port, "/report.html").body.contains(closed),
        "the explorer's report"
    );
    for s in &services {
        let api = get(port, &format!("/api/gaps?service={s}")).json();
        let api = api["rows"].as_array().unwrap().clone();
        assert!(api.iter().all(|r| r["scenario"] == "varianta-1"));
        let mine: Vec<_> = ran.iter().filter(|r| &r["service"] == s).collect();
        assert_eq!(api.len(), mine.len(), "{s}");
        for (a, r) in api.iter().zip(mine) {
            for (key, value) in a.as_object().unwrap() {
                let text = match value {
                    Value::String(t) => t.clone(),
                    Value::Null => String::new(),
                    other => other.to_string(),
                };
                let cell = &r[key];
                let same = text == *cell
                    || text
                        .parse::<f64>()
                        .ok()
                        .zip(cell.parse::<f64>().ok())
                        .is_some_and(|(x, y)| x == y);
                assert!(same, "{s} {key}: API {text}, run {cell}");
            }
        }
    }
    // A second save of the name is a conflict, unless asked.
    assert_eq!(
        post(port, "/api/save", &json!({"name": "varianta-1"})).status,
        409
    );
    assert_eq!(
        post(
            port,
            "/api/save",
            &json!({"name": "varianta-1", "overwrite": true})
        )
        .status,
        200
    );
    // An edit after the save stays under its name; its undo returns to the saved state.
    let r = post(
        port,
        "/api/changes",
        &json!({"action": "set_capacity", "id": "DS-01", "capacity": 56}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(named("varianta-1"));
    assert_eq!(post(port, "/api/undo", &json!({})).status, 200);
    assert!(named("varianta-1"));
    // Undo all five: every service's rows and the summary as at the start, byte for byte
    // but the version (the loaded state under the loaded name).
    for k in 0..5 {
        let r = post(port, "/api/undo", &json!({}));
        assert_eq!(r.status, 200, "{k}: {}", r.body);
    }
    assert_eq!(post(port, "/api/undo", &json!({})).status, 409);
    let unversioned = |body: &str| {
        let mut v: Value = serde_json::from_str(body).unwrap();
        v.as_object_mut().unwrap().remove("version");
        v
    };
    for (before, after) in start.iter().zip(all_gaps()) {
        assert_eq!(unversioned(before), unversioned(&after));
    }
    assert_eq!(
        unversioned(&start_summary),
        unversioned(&get(port, "/api/summary").body)
    );
    // Six edits and six undos.
    assert_eq!(get(port, "/api/scenario").json()["version"], 12);
    assert!(named("demo"));
}

#[test]
fn bad_requests_get_their_status_and_change_nothing() {
    let dir = demo_folder();
    let server = serve(dir.path(), "demo.toml");
    let port = server.port;
    let before = get(port, "/api/summary").body;
    let bad = |change: Value, message: &str| {
        let r = post(port, "/api/changes", &change);
        assert_eq!(r.status, 400, "{change}: {}", r.body);
        let error = r.json()["error"].as_str().unwrap().to_string();
        assert!(error.contains(message), "{change}: {error}");
    };
    bad(
        json!({"action": "remove_provider", "id": "DS-9"}),
        "change 1 (remove_provider): no provider \"DS-9\"",
    );
    bad(
        json!({"action": "add_provider", "id": "x", "service": "nope", "capacity": 1, "lon": 14.4, "lat": 49.2}),
        "unknown service \"nope\"",
    );
    bad(
        json!({"action": "set_capacity", "id": "DS-01", "capacity": -3}),
        "capacity",
    );
    bad(json!({"action": "fly"}), "fly");
    bad(json!([1, 2]), "a change is a JSON object");
    let r = request(port, "POST", "/api/changes", &[], b"{not json");
    assert_eq!(r.status, 400);
    assert!(r.json()["error"].as_str().unwrap().contains("not JSON"));
    // Another host, another origin: 403.
    assert_eq!(
        request(
            port,
            "GET",
            "/api/summary",
            &[("Host", "evil.example:80")],
            b""
        )
        .status,
        403
    );
    assert_eq!(
        request(
            port,
            "GET",
            "/api/summary",
            &[("Host", &format!("localhost:{port}"))],
            b""
        )
        .status,
        200
    );
    let add = ADD.as_bytes();
    assert_eq!(
        request(
            port,
            "POST",
            "/api/changes",
            &[("Origin", "http://evil.example")],
            add
        )
        .status,
        403
    );
    // Too large, unknown, wrong method, stale.
    let big = vec![b' '; gapmap::serve::BODY_LIMIT + 1];
    assert_eq!(request(port, "POST", "/api/changes", &[], &big).status, 413);
    assert_eq!(get(port, "/api/nothing").status, 404);
    assert_eq!(
        request(port, "DELETE", "/api/summary", &[], b"").status,
        405
    );
    assert_eq!(
        request(port, "POST", "/api/changes", &[("If-Match", "7")], add).status,
        409
    );
    assert_eq!(get(port, "/api/gaps?service=nope").status, 400);
    assert_eq!(
        post(port, "/api/save", &json!({"name": "../x"})).status,
        400
    );
    assert_eq!(
        post(port, "/api/save", &json!({"name": "demo"})).status,
        409
    );
    // Nothing changed, and the server lives on.
    assert_eq!(get(port, "/api/summary").body, before);
    assert_eq!(get(port, "/api/scenario").json()["version"], 0);
    assert_eq!(
        request(
            port,
            "POST",
            "/api/changes",
            &[
                ("If-Match", "0"),
                ("Origin", &format!("http://127.0.0.1:{port}"))
            ],
            add
        )
        .status,
        200
    );
}

#[test]
fn concurrent_edits_and_reads_leave_the_accepted_edits_in_order() {
    let dir = demo_folder();
    let server = serve(dir.path(), "demo.toml");
    let port = server.port;
    // 8 threads × 25 requests: every third an edit (a capacity of DS-01, or one that fails).
    let threads: Vec<_> = (0..8)
        .map(|t| {
            std::thread::spawn(move || {
                let mut statuses = Vec::new();
                for k in 0..25 {
                    let r = match k % 3 {
                        0 => post(
                            port,
                            "/api/changes",
                            &json!({"action": "set_capacity", "id": "DS-01", "capacity": 10 * t + k}),
                        ),
                        1 => get(port, "/api/summary"),
                        _ if t % 2 == 0 => post(port, "/api/changes", &json!({"action": "remove_provider", "id": "nobody"})),
                        _ => get(port, "/api/gaps?service=home_for_elderly"),
                    };
                    statuses.push(r.status);
                }
                statuses
            })
        })
        .collect();
    let statuses: Vec<u16> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    assert_eq!(statuses.len(), 200);
    assert!(
        statuses.iter().all(|s| [200, 400].contains(s)),
        "{statuses:?}"
    );
    let accepted = statuses.iter().filter(|&&s| s == 200).count();
    let s = get(port, "/api/scenario").json();
    let changes = s["changes"].as_array().unwrap();
    // 8 × 9 edits of DS-01 accepted, the 4 × 8 bad ones refused.
    assert_eq!(changes.len(), 72);
    assert_eq!(s["version"], 72);
    assert_eq!(accepted, 200 - 32);
    // The state is the edits applied in order: the last accepted capacity of DS-01.
    let last = changes.last().unwrap()["capacity"].as_i64().unwrap();
    let providers = get(port, "/api/providers").json();
    let ds01 = providers["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["id"] == "DS-01")
        .unwrap();
    assert_eq!(
        ds01["properties"]["capacity"].as_f64().unwrap(),
        last as f64
    );
}

#[test]
#[cfg(unix)]
fn sigterm_ends_it_cleanly_and_bad_starts_are_exit_2() {
    let dir = demo_folder();
    let mut server = serve(dir.path(), "demo.toml");
    let port = server.port;
    // A second server on the same port: exit 2, naming the port.
    let o = gapmap(
        dir.path(),
        &["serve", "demo.toml", "--port", &port.to_string()],
    );
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains(&format!("--port {port}")), "{}", o.stderr);
    let pid = server.child.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let mut waited = None;
    for _ in 0..100 {
        if let Some(status) = server.child.try_wait().unwrap() {
            waited = Some(status);
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = waited.expect("the server ends within 5 s of SIGTERM");
    assert_eq!(status.code(), Some(0));
    // A bad scenario: run's message, exit 2, before listening.
    std::fs::write(dir.path().join("bad.toml"), "name = \"bad\"\n[inputs]\n").unwrap();
    let o = gapmap(dir.path(), &["serve", "bad.toml", "--port", "0"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(!o.stdout.contains("serving"));
}

mod incremental {
    //! Incremental against full recompute: random edit sequences on the demo, each state's gaps
    //! compared byte for byte with loading and analysing the same scenario afresh.

    use std::sync::Arc;

    use proptest::prelude::*;
    use serde_json::{Value, json};

    use crate::common::root;

    const SERVICES: [&str; 7] = [
        "home_for_elderly",
        "home_care",
        "day_care",
        "personal_assistance",
        "youth_club",
        "family_support",
        "shelter",
    ];
    const PROVIDERS: [&str; 6] = ["DS-01", "DS-02", "PS-01", "PS-02", "DST-01", "DST-02"];
    const GROUPS: [&str; 3] = ["seniors_65", "seniors_80", "families"];

    fn edit() -> impl Strategy<Value = Value> {
        prop_oneof![
            (0..PROVIDERS.len(), 0u32..80).prop_map(|(p, c)| json!({"action": "set_capacity", "id": PROVIDERS[p], "capacity": c})),
            (0..PROVIDERS.len()).prop_map(|p| json!({"action": "remove_provider", "id": PROVIDERS[p]})),
            (0..SERVICES.len(), 1u32..40, 14.25f64..14.65, 49.1f64..49.35, 0u32..1000).prop_map(|(s, c, lon, lat, k)| json!({
                "action": "add_provider", "id": format!("novy-{k}"), "service": SERVICES[s],
                "capacity": c, "lon": lon, "lat": lat
            })),
            (0..GROUPS.len(), 0.5f64..2.0).prop_map(|(g, f)| json!({"action": "scale_group", "group": GROUPS[g], "factor": f})),
            (0..SERVICES.len(), 2.0f64..40.0).prop_map(|(s, c)| json!({"action": "set_catchment", "service": SERVICES[s], "catchment": c})),
            (0u32..120).prop_map(|n| json!({"action": "set_need", "service": "home_care", "group": "seniors_65", "per_1000": n})),
        ]
    }

    /// gaps.csv of a state, as text so that a failure shows the rows.
    fn gaps(study: &gapmap::model::Study, findings: &gapmap::gap::Findings) -> String {
        let frame = gapmap::report::tables::gaps_frame(study, &findings.gaps).unwrap();
        String::from_utf8(gapmap::report::tables::csv(&frame, "gaps.csv").unwrap()).unwrap()
    }

    /// Applies `edits` to an explorer of `scenario`; after each accepted one, the state's gaps
    /// must be those of loading and analysing its scenario afresh.
    fn check(scenario: &str, edits: Vec<Value>) -> Result<(), TestCaseError> {
        let file = root().join(scenario);
        let scenario = gapmap::scenario::Scenario::read(&file).unwrap();
        let pool = Arc::new(
            rayon::ThreadPoolBuilder::new()
                .num_threads(2)
                .build()
                .unwrap(),
        );
        let mut explorer = gapmap::serve::Explorer::new(&file, scenario, pool).unwrap();
        let base = file.file_name().unwrap().to_str().unwrap();
        for edit in edits {
            // A refused edit (a provider removed twice) changes nothing and is skipped.
            let Ok(state) = explorer.edit(edit, None) else {
                continue;
            };
            let text = gapmap::serve::state::scenario_text(
                state.study.name.as_str(),
                base,
                explorer.edits(),
            )
            .unwrap();
            let again =
                gapmap::scenario::Scenario::parse(&root().join("scenarios/full.toml"), &text)
                    .unwrap();
            let study = gapmap::load::load(&again, &gapmap::Silent).unwrap().study;
            let findings = gapmap::gap::findings(&study, &gapmap::analyse(&study, &gapmap::Silent));
            prop_assert_eq!(gaps(&state.study, &state.findings), gaps(&study, &findings));
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]
        #[test]
        fn on_roads_every_state_equals_a_full_run(edits in proptest::collection::vec(edit(), 1..5)) {
            check("scenarios/demo-roads.toml", edits)?;
        }
    }

    /// A day-care centre beside the town's, where buses stop: its column is not empty.
    fn by_the_stops() -> Value {
        json!({"action": "add_provider", "id": "novy-1", "service": "day_care",
            "capacity": 9, "lon": 14.428, "lat": 49.1816})
    }

    #[test]
    fn a_provider_added_by_public_transport_equals_a_full_run() {
        let add = by_the_stops();
        let remove = json!({"action": "remove_provider", "id": "DS-01"});
        check("scenarios/demo-transit.toml", vec![add, remove]).unwrap();
    }

    #[test]
    fn a_smaller_largest_catchment_keeps_the_pairs_within_it() {
        // The shelters' catchment is the largest (roads 45, public transport 90 min): lowered,
        // the matrix keeps the pairs within the next largest, and a provider added after is
        // cut to it as well; then the largest is lowered again, to a value no service had.
        let add = by_the_stops();
        for (scenario, next) in [
            ("scenarios/demo-roads.toml", 33.3),
            ("scenarios/demo-transit.toml", 41.5),
        ] {
            let edits = vec![
                json!({"action": "set_catchment", "service": "shelter", "catchment": 12}),
                add.clone(),
                json!({"action": "set_catchment", "service": "personal_assistance", "catchment": 12}),
                json!({"action": "set_catchment", "service": "home_for_elderly", "catchment": next}),
                json!({"action": "set_catchment", "service": "home_care", "catchment": 12}),
                json!({"action": "set_catchment", "service": "family_support", "catchment": 12}),
                json!({"action": "set_catchment", "service": "day_care", "catchment": 12}),
            ];
            check(scenario, edits).unwrap();
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]
        #[test]
        fn by_public_transport_every_state_equals_a_full_run(edits in proptest::collection::vec(edit(), 1..4)) {
            check("scenarios/demo-transit.toml", edits)?;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]
        #[test]
        fn every_state_equals_a_full_run(edits in proptest::collection::vec(edit(), 1..6)) {
            check("scenarios/demo.toml", edits)?;
        }
    }
}

#[test]
fn tiles_are_an_option_and_without_them_nothing_is_allowed_out() {
    let dir = demo_folder();
    let o = gapmap(
        dir.path(),
        &[
            "serve",
            "demo.toml",
            "--port",
            "0",
            "--tiles",
            "ftp://x/{z}/{x}/{y}",
        ],
    );
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("--tiles"), "{}", o.stderr);
    let o = gapmap(
        dir.path(),
        &[
            "serve",
            "demo.toml",
            "--port",
            "0",
            "--tiles",
            "https://tiles.example/{z}/{x}.png",
        ],
    );
    assert_eq!(o.code, 2, "{}", o.stderr);
    // Without --tiles: images from the server itself only.
    let server = serve(dir.path(), "demo.toml");
    let page = raw_get(server.port, "/");
    assert!(page.contains("img-src 'self' data:\r\n"), "{page:.600}");
    assert!(!page.contains("data-tiles"));
    drop(server);
    // With them: the page names the template, and the policy lets its host's images in.
    let server = serve_with(
        dir.path(),
        "demo.toml",
        &["--tiles", "https://{s}.tile.example.org/{z}/{x}/{y}.png"],
    );
    let page = raw_get(server.port, "/");
    assert!(
        page.contains("img-src 'self' data: https://*.tile.example.org\r\n"),
        "{page:.600}"
    );
    assert!(page.contains("data-tiles=\"https://{s}.tile.example.org/{z}/{x}/{y}.png\""));
}

/// The whole response, headers included.
fn raw_get(port: u16, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    let _ = stream.read_to_string(&mut raw);
    raw
}

/// The server listens once the inputs are read; a request that comes before the first analysis
/// waits for it and gets the analysed state, and if the analysis dies, a 500 instead of a hang.
#[test]
fn requests_before_the_first_analysis_wait_for_it() {
    use gapmap::serve::{Explorer, Options, router_while};
    use std::sync::{Arc, mpsc};
    let dir = demo_folder();
    let file = dir.path().join("demo.toml");
    let scenario = gapmap::scenario::Scenario::read(&file).unwrap();
    let pool = Arc::new(rayon::ThreadPoolBuilder::new().build().unwrap());
    let want = Explorer::new(&file, scenario.clone(), Arc::clone(&pool))
        .unwrap()
        .current();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    for dies in [false, true] {
        let loading = Explorer::load(&file, scenario.clone(), Arc::clone(&pool)).unwrap();
        let (go, wait) = mpsc::channel::<()>();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind(("127.0.0.1", 0)))
            .unwrap();
        let port = listener.local_addr().unwrap().port();
        let options = Options { port, tiles: None };
        let router = router_while(
            move || {
                // Held back until the request is on its way, or dying instead.
                let _ = wait.recv_timeout(Duration::from_secs(30));
                assert!(!dies, "the analysis dies");
                (loading.analyse(), gapmap::report::html::Meta::default())
            },
            options,
        );
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = runtime.spawn(gapmap::serve::run(listener, router, async {
            let _ = stopped.await;
        }));
        let asked = std::thread::spawn(move || request(port, "GET", "/api/summary", &[], b""));
        std::thread::sleep(Duration::from_millis(200));
        assert!(!asked.is_finished(), "the request waits for the analysis");
        go.send(()).unwrap();
        let reply = asked.join().unwrap();
        if dies {
            assert_eq!(reply.status, 500, "{}", reply.body);
            assert!(
                reply.body.contains("could not be analysed"),
                "{}",
                reply.body
            );
        } else {
            assert_eq!(reply.status, 200, "{}", reply.body);
            let json = reply.json();
            assert_eq!(json["version"], 0);
            let services: Vec<&str> = json["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["service"].as_str().unwrap())
                .collect();
            let analysed: Vec<&str> = want.study.services.iter().map(|s| s.id.as_str()).collect();
            assert_eq!(services, analysed);
        }
        // Guarded as ever: another host is refused before any waiting.
        assert_eq!(
            request(
                port,
                "GET",
                "/api/summary",
                &[("Host", "evil.example")],
                b""
            )
            .status,
            403
        );
        let _ = stop.send(());
        runtime.block_on(server).unwrap().unwrap();
    }
}

/// Undo through a long history: the oldest states are kept as their edits and computed again
/// (the explorer keeps the last 16 whole); each comes back as it was, to the loaded one.
#[test]
fn undo_through_a_long_history_returns_every_state_as_it_was() {
    let dir = demo_folder();
    let server = serve(dir.path(), "demo.toml");
    let port = server.port;
    let services = service_ids(port);
    let state = || -> Vec<Value> {
        let mut all: Vec<Value> = services
            .iter()
            .map(|s| get(port, &format!("/api/gaps?service={s}")).json()["rows"].clone())
            .collect();
        all.push(get(port, "/api/summary").json()["rows"].clone());
        all.push(get(port, "/api/scenario").json()["changes"].clone());
        all
    };
    let mut states = vec![state()];
    for k in 0..22 {
        let change = match k % 3 {
            0 => json!({"action": "set_capacity", "id": "DS-01", "capacity": 40 + k}),
            1 => json!({"action": "add_provider", "id": format!("novy-{k}"), "service": "day_care",
                        "capacity": 5 + k, "lon": 14.40 + 0.004 * f64::from(k), "lat": 49.22}),
            _ => json!({"action": "set_catchment", "service": "home_care", "catchment": 10 + k}),
        };
        let r = post(port, "/api/changes", &change);
        assert_eq!(r.status, 200, "{change}: {}", r.body);
        states.push(state());
    }
    states.pop();
    while let Some(want) = states.pop() {
        let r = post(port, "/api/undo", &json!({}));
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(
            want == state(),
            "the state of version {} came back otherwise",
            states.len()
        );
    }
    assert_eq!(post(port, "/api/undo", &json!({})).status, 409);
}
