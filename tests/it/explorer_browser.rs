//! The explorer in a real browser: headless Chromium driven over the Chrome DevTools Protocol
//! (a small client on a plain WebSocket). The page loads with no request leaving 127.0.0.1, a
//! click on the map and the form add a provider, the totals change to what the API says, undo
//! restores them, and a screenshot is taken; on a country-sized scenario the page draws every
//! municipality and provider and an edit still reaches the totals. Without the browser the
//! tests say so loudly, and fail under GAPMAP_REQUIRE_TOOLS=1. Every wait is bounded.

use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

use crate::common::tool_missing;
use crate::serve::{Server, demo_folder, get, serve};

const BROWSER: &str = "chromium-headless-shell";

/// A browser with one page, killed on drop.
struct Browser {
    child: Child,
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    next: u64,
    /// Every event received, in order.
    events: Vec<Value>,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    /// Starts the browser on `about:blank` with a fresh profile in `profile`.
    fn start(profile: &Path) -> Browser {
        let child = Command::new(BROWSER)
            .args(crate::browser::QUIET)
            .args([
                "--hide-scrollbars",
                "--window-size=1300,850",
                "--remote-debugging-port=0",
                &format!("--user-data-dir={}", profile.display()),
                "about:blank",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the browser starts");
        // The browser writes its port to DevToolsActivePort once it listens.
        let file = profile.join("DevToolsActivePort");
        let deadline = Instant::now() + Duration::from_secs(20);
        let port: u16 = loop {
            if let Some(port) = std::fs::read_to_string(&file)
                .ok()
                .and_then(|t| t.lines().next().and_then(|l| l.parse().ok()))
            {
                break port;
            }
            assert!(Instant::now() < deadline, "the browser did not listen");
            std::thread::sleep(Duration::from_millis(50));
        };
        let list = loop {
            let body = devtools_get(port, "/json/list");
            let pages: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
            if pages
                .as_array()
                .is_some_and(|a| a.iter().any(|p| p["type"] == "page"))
            {
                break pages;
            }
            assert!(Instant::now() < deadline, "no page in {}", body);
            std::thread::sleep(Duration::from_millis(50));
        };
        let url = list
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["type"] == "page")
            .and_then(|p| p["webSocketDebuggerUrl"].as_str())
            .unwrap()
            .to_string();
        let (socket, _) = tungstenite::connect(url).expect("the page's DevTools socket");
        if let MaybeTlsStream::Plain(s) = socket.get_ref() {
            s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        }
        Browser {
            child,
            socket,
            next: 0,
            events: Vec::new(),
        }
    }

    /// Calls `method` with `params` and returns its result; events met on the way are kept.
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        let message = json!({"id": id, "method": method, "params": params});
        self.socket
            .send(Message::text(message.to_string()))
            .expect("sent");
        loop {
            let reply = self.socket.read().expect("a DevTools message");
            let Message::Text(text) = reply else { continue };
            let value: Value = serde_json::from_str(text.as_str()).unwrap();
            if value["id"] == id {
                assert!(value.get("error").is_none(), "{method}: {value}");
                return value["result"].clone();
            }
            self.events.push(value);
        }
    }

    /// The value of a JavaScript expression in the page (awaited when a promise).
    fn eval(&mut self, expression: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        assert!(r.get("exceptionDetails").is_none(), "{expression}: {r}");
        r["result"]["value"].clone()
    }

    /// Waits until `expression` is true, for at most 20 s.
    fn until(&mut self, expression: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.eval(expression) != json!(true) {
            assert!(Instant::now() < deadline, "never true: {expression}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A click `offset` pixels from the middle of the map, and the form that opens sent with
    /// `capacity`.
    fn add_at(&mut self, (dx, dy): (i32, i32), capacity: u32) {
        let at = self.eval(&format!(
            "(() => {{ const r = document.getElementById('map').getBoundingClientRect(); return [r.left + r.width / 2 + {dx}, r.top + r.height / 2 + {dy}]; }})()"
        ));
        self.click(at[0].as_f64().unwrap(), at[1].as_f64().unwrap());
        self.until("!!document.querySelector('.leaflet-popup input[name=\"capacity\"]')");
        self.eval(&format!(
            "(() => {{ const i = document.querySelector('.leaflet-popup input[name=\"capacity\"]'); i.value = '{capacity}'; document.querySelector('.leaflet-popup button').click(); return true; }})()"
        ));
    }

    fn click(&mut self, x: f64, y: f64) {
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}),
            );
        }
    }
}

/// A GET from the browser's DevTools HTTP endpoint, which keeps the connection open: the body
/// is read by its Content-Length.
fn devtools_get(port: u16, path: &str) -> String {
    use std::io::{BufRead, BufReader, Read, Write};
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let _ = write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    );
    let mut reader = BufReader::new(stream);
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return String::new();
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((_, v)) = line
            .split_once(':')
            .filter(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    String::from_utf8_lossy(&body).into_owned()
}

/// The capacity of `service` in the page's totals, as the page shows it.
fn shown_capacity(browser: &mut Browser, service: &str) -> String {
    browser
        .eval(&format!(
            "document.querySelector('#totals tr[data-service=\"{service}\"] td:nth-child(3)').textContent"
        ))
        .as_str()
        .unwrap()
        .to_string()
}

/// The capacity of `service` in /api/summary.
fn api_capacity(port: u16, service: &str) -> f64 {
    get(port, "/api/summary").json()["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["service"] == service)
        .unwrap()["capacity"]
        .as_f64()
        .unwrap()
}

#[test]
fn the_explorer_adds_a_provider_by_a_click_and_undoes_it() {
    if tool_missing(BROWSER) {
        return;
    }
    let dir = demo_folder();
    let server = serve(dir.path(), "demo.toml");
    let port = server.port;
    let profile = tempfile::tempdir().unwrap();
    let mut browser = open(&server, profile.path());
    // The first service is chosen: the care homes, 70 places; its catchment and its norm, 90
    // places per 1,000 people aged 80+, stand in the forms.
    assert_eq!(shown_capacity(&mut browser, "home_for_elderly"), "70,0");
    let form = browser.eval(
        "['#catchment [name=\"catchment\"]', '#norm [name=\"group\"]', '#norm [name=\"per_1000\"]'].map((q) => document.querySelector(q).value)",
    );
    assert_eq!(form, json!(["25", "seniors_80", "90"]));
    assert_eq!(api_capacity(port, "home_for_elderly"), 70.0);

    // A click in the middle of the map opens the form; 12 places are added there.
    browser.add_at((0, 0), 12);
    browser.until("document.getElementById('changes').children.length === 1");
    browser.until("document.querySelector('#totals tr[data-service=\"home_for_elderly\"] td:nth-child(3)').textContent === '82,0'");
    assert_eq!(api_capacity(port, "home_for_elderly"), 82.0);
    let change = &get(port, "/api/scenario").json()["changes"][0];
    assert_eq!(change["action"], "add_provider");
    assert_eq!(change["service"], "home_for_elderly");
    assert_eq!(change["capacity"], 12);

    // A screenshot of the state with the new provider.
    let shot = browser.call("Page.captureScreenshot", json!({"format": "png"}));
    let png = data_encoding::BASE64
        .decode(shot["data"].as_str().unwrap().as_bytes())
        .unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 50_000,
        "{} bytes",
        png.len()
    );
    // `GAPMAP_SCREENSHOTS=docs cargo test explorer_browser` renews the README's picture.
    let shots = std::env::var_os("GAPMAP_SCREENSHOTS").map_or(dir.path().to_path_buf(), Into::into);
    std::fs::write(shots.join("explorer.png"), &png).unwrap();

    // Undo: the totals are back to what the API says, 70.
    browser.eval("document.getElementById('undo').click(), true");
    browser.until("document.getElementById('changes').children.length === 0");
    browser.until("document.querySelector('#totals tr[data-service=\"home_for_elderly\"] td:nth-child(3)').textContent === '70,0'");
    assert_eq!(api_capacity(port, "home_for_elderly"), 70.0);

    // No request left 127.0.0.1.
    let own = format!("http://127.0.0.1:{port}/");
    let outside: Vec<String> = browser
        .events
        .iter()
        .filter(|e| e["method"] == "Network.requestWillBeSent")
        .filter_map(|e| e["params"]["request"]["url"].as_str())
        .filter(|u| !(u.starts_with(&own) || u.starts_with("data:") || u.starts_with("about:")))
        .map(String::from)
        .collect();
    assert!(outside.is_empty(), "requests outside: {outside:?}");
    let asked = browser
        .events
        .iter()
        .filter(|e| e["method"] == "Network.requestWillBeSent")
        .count();
    assert!(asked > 5, "{asked} requests seen");
}

/// The page of `server` in a new browser, once it says it is ready; requests are recorded.
fn open(server: &Server, profile: &Path) -> Browser {
    let mut browser = Browser::start(profile);
    browser.call("Network.enable", json!({}));
    browser.call("Page.enable", json!({}));
    browser.call(
        "Page.navigate",
        json!({"url": format!("http://127.0.0.1:{}/", server.port)}),
    );
    browser.until("document.body && document.body.dataset.ready === '1'");
    browser
}

#[test]
fn the_explorer_draws_a_whole_country_and_takes_an_edit() {
    if tool_missing(BROWSER) {
        return;
    }
    // The synthetic country: about 6,300 municipalities and 6,700 providers of 7 services.
    let dir = tempfile::tempdir().unwrap();
    let o = crate::common::gapmap(dir.path(), &["generate", "country", "--out", "."]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let server = serve(dir.path(), "country.toml");
    let port = server.port;
    let profile = tempfile::tempdir().unwrap();
    let mut browser = open(&server, profile.path());

    // Every municipality and every provider of the chosen service is drawn; names, of which
    // there would be thousands, are not.
    let scenario = get(port, "/api/scenario").json();
    let first = scenario["services"][0]["id"].as_str().unwrap().to_string();
    let units = get(port, "/api/municipalities").json()["features"]
        .as_array()
        .unwrap()
        .len();
    let providers = get(port, "/api/providers").json()["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["service"] == first.as_str() && !f["geometry"].is_null())
        .count();
    assert!(
        units > 6000 && providers > 100,
        "{units} units, {providers} providers"
    );
    let drawn = |b: &mut Browser, what: &str| -> usize {
        b.eval(&format!("Number(document.body.dataset.{what})"))
            .as_u64()
            .unwrap() as usize
    };
    assert_eq!(drawn(&mut browser, "units"), units);
    assert_eq!(drawn(&mut browser, "providers"), providers);
    assert_eq!(drawn(&mut browser, "names"), 0);

    // Zoomed in four steps, a click beside the middle of the map (on no provider) adds 25
    // places; the totals show what the API says.
    let before = api_capacity(port, &first);
    for _ in 0..4 {
        browser.eval("document.querySelector('.leaflet-control-zoom-in').click(), true");
        std::thread::sleep(Duration::from_millis(400));
    }
    browser.add_at((37, 23), 25);
    browser.until("document.getElementById('changes').children.length === 1");
    assert_eq!(api_capacity(port, &first), before + 25.0);
    browser.until(&format!(
        "Number(document.querySelector('#totals tr[data-service=\"{first}\"] td:nth-child(3)').textContent.replace(/\\s/g, '').replace(',', '.')) === {}",
        before + 25.0
    ));
    assert_eq!(drawn(&mut browser, "providers"), providers + 1);
}
