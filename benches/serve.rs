//! The explorer's round trip over real HTTP: `POST /api/changes` → its response, p50 and p95,
//! on ORP Týn nad Vltavou (from `gapmap init`, by km), on W-nation (the country, by km), and
//! on the synthetic country by roads and by public transport.
//! A plain program, not criterion: what matters is the spread of single requests.
//!
//! `cargo bench --bench serve`; figures in `benches/README.md`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout,
    reason = "a benchmark's set-up stops at the first failure, and it prints its figures"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod common;

const GAPMAP: &str = env!("CARGO_BIN_EXE_gapmap");

struct Server(Child, u16);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(scenario: &Path) -> Server {
    let mut child = Command::new(GAPMAP)
        .args(["serve", scenario.to_str().unwrap(), "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .trim_end()
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    Server(child, port)
}

fn request(port: u16, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let status = raw.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, raw)
}

/// p50 and p95 of `n` round trips of the edits `edit(k)`, in ms.
fn round_trips(port: u16, n: usize, edit: impl Fn(usize) -> String) -> (f64, f64) {
    let mut times: Vec<f64> = (0..n)
        .map(|k| {
            let body = edit(k);
            let start = Instant::now();
            let (status, raw) = request(port, "POST", "/api/changes", &body);
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            assert_eq!(status, 200, "{body}: {raw}");
            ms
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[n / 2], times[n * 95 / 100])
}

fn report(what: &str, port: u16, n: usize, edit: impl Fn(usize) -> String) {
    let (p50, p95) = round_trips(port, n, edit);
    println!("{what}: {n} edits, p50 {p50:.1} ms, p95 {p95:.1} ms");
}

/// A provider of the state and its service, from /api/providers.
fn a_provider(port: u16) -> (String, String, f64, f64) {
    let (_, raw) = request(port, "GET", "/api/providers", "");
    let body = raw.split_once("\r\n\r\n").unwrap().1;
    let json: serde_json::Value = serde_json::from_str(body).unwrap();
    let f = &json["features"][0];
    let p = &f["properties"];
    let at = &f["geometry"]["coordinates"];
    (
        p["id"].as_str().unwrap().to_string(),
        p["service"].as_str().unwrap().to_string(),
        at[0].as_f64().unwrap(),
        at[1].as_f64().unwrap(),
    )
}

fn bench(what: &str, scenario: &Path, n: usize) {
    // What `run` takes to load the same scenario, as a process of its own: `gapmap check` reads
    // and checks every input as `run` does, and writes nothing. The best of three, against the
    // explorer's start to its first line.
    let load = (0..3)
        .map(|_| {
            let start = Instant::now();
            let o = Command::new(GAPMAP)
                .args(["check", scenario.to_str().unwrap()])
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min);
    let start = Instant::now();
    let server = serve(scenario);
    println!(
        "{what}: listening after {:.3} s; gapmap check {load:.3} s",
        start.elapsed().as_secs_f64()
    );
    let port = server.1;
    let (id, service, lon, lat) = a_provider(port);
    report(&format!("{what}, set_capacity"), port, n, |k| {
        format!(
            r#"{{"action": "set_capacity", "id": "{id}", "capacity": {}}}"#,
            10 + k % 7
        )
    });
    report(&format!("{what}, add_provider"), port, n, |k| {
        format!(
            r#"{{"action": "add_provider", "id": "bench-{k}", "service": "{service}", "capacity": 12, "lon": {}, "lat": {}}}"#,
            lon + 0.001 * (k % 10) as f64,
            lat + 0.001 * (k / 10 % 10) as f64
        )
    });
    // The undo history is part of the state: what the server holds after all those edits.
    let rss = std::fs::read_to_string(format!("/proc/{}/status", server.0.id()))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:").map(|v| v.trim().to_string()))
        });
    if let Some(rss) = rss {
        println!("{what}: resident after {} edits: {rss}", 2 * n);
    }
}

/// Runs `gapmap` with `args`, which must succeed.
fn gapmap(args: &[&str]) {
    let o = Command::new(GAPMAP).args(args).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn main() {
    // `cargo bench` passes `--bench`; a filter names one of the sets.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let wanted = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    if wanted("tyn") {
        let (tyn, registry) = (at("tyn"), at("rpss.json"));
        gapmap(&["generate", "registry", "--orp", "299", "--out", &registry]);
        gapmap(&["init", &tyn, "--orp", "299", "--registry", &registry]);
        bench("tyn", &Path::new(&tyn).join("scenario.toml"), 200);
    }
    if wanted("roads") {
        // The synthetic national road network of `benches/README.md`, by car.
        let out = at("cz-roads");
        gapmap(&[
            "generate",
            "roads",
            "--municipalities",
            "6258",
            "--providers",
            "6700",
            "--spacing",
            "0.8",
            "--between",
            "3",
            "--out",
            &out,
        ]);
        bench("roads", &Path::new(&out).join("roads.toml"), 50);
    }
    if wanted("transit") {
        // The synthetic country timetable of `benches/README.md`, by public transport.
        let out = at("cz-transit");
        gapmap(&[
            "generate",
            "transit",
            "--size",
            "country",
            "--municipalities",
            "6258",
            "--providers",
            "6700",
            "--minutes",
            "90",
            "--out",
            &out,
        ]);
        bench("transit", &Path::new(&out).join("transit.toml"), 50);
    }
    if wanted("w_nation") {
        let scenario = common::w_nation(&dir.path().join("wn"));
        bench("w_nation", &scenario, 100);
    }
}
