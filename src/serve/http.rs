//! The explorer's HTTP server (axum on tokio): the page, its assets, the JSON API of the
//! contract, and its safety rules. Listens on 127.0.0.1 only.

use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Map, Value, json};

use super::state::{Existing, Explorer, Refusal, Snapshot};
use crate::report::html::Meta;

/// Bodies above this are refused (413).
pub const BODY_LIMIT: usize = 1 << 20;

/// What the guard and every handler share: the server's port and background map, and the
/// explorer once its loaded state is analysed.
struct Shared {
    port: u16,
    tiles: Option<Tiles>,
    ready: tokio::sync::watch::Receiver<Option<Arc<App>>>,
}

struct App {
    /// Edits take this lock, one at a time, in the order received.
    explorer: tokio::sync::Mutex<Explorer>,
    /// What readers see: swapped whole after an edit, so none sees half of one.
    current: RwLock<Arc<Snapshot>>,
    /// The state as loaded, which the page's difference view compares with.
    start: Arc<Snapshot>,
    /// The loaded scenario's description.
    description: Option<String>,
    meta: Meta,
    tiles: Option<Tiles>,
}

/// The explorer, for a handler: a request that comes before the loaded state is analysed waits
/// for it (tens of milliseconds on the country).
struct Ready(Arc<App>);

impl axum::extract::FromRequestParts<Arc<Shared>> for Ready {
    type Rejection = Response;

    async fn from_request_parts(
        _: &mut axum::http::request::Parts,
        shared: &Arc<Shared>,
    ) -> std::result::Result<Ready, Response> {
        let mut ready = shared.ready.clone();
        match ready.wait_for(Option::is_some).await {
            Ok(app) => match app.as_ref() {
                Some(app) => Ok(Ready(Arc::clone(app))),
                None => Err(not_analysed()),
            },
            Err(_) => Err(not_analysed()),
        }
    }
}

fn not_analysed() -> Response {
    error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "the loaded state could not be analysed",
    )
}

/// A background map for those who are online (`--tiles`): a URL template with `{z}`, `{x}` and
/// `{y}`, and the origin the page's images may then come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tiles {
    pub template: String,
    origin: String,
}

impl Tiles {
    /// The template, when it is an http(s) URL with `{z}`, `{x}` and `{y}`; else why not.
    pub fn new(template: &str) -> std::result::Result<Tiles, String> {
        let rest = template
            .strip_prefix("https://")
            .or_else(|| template.strip_prefix("http://"))
            .ok_or_else(|| format!("{template:?} must start with https:// or http://"))?;
        let host = rest.split('/').next().unwrap_or("");
        let plain = |c: char| c.is_ascii_alphanumeric() || ".-:{}".contains(c);
        if host.is_empty() || !host.chars().all(plain) {
            return Err(format!("{template:?} names no host"));
        }
        if !["{z}", "{x}", "{y}"].iter().all(|k| template.contains(k)) {
            return Err(format!("{template:?} must hold {{z}}, {{x}} and {{y}}"));
        }
        let scheme = if template.starts_with("https://") {
            "https"
        } else {
            "http"
        };
        // Leaflet's `{s}` subdomains: any subdomain of the host.
        let origin = format!("{scheme}://{}", host.replace("{s}", "*"));
        Ok(Tiles {
            template: template.to_string(),
            origin,
        })
    }
}

/// What the server needs besides the explorer.
#[derive(Debug, Clone)]
pub struct Options {
    /// The port it listens on, which the Host check expects.
    pub port: u16,
    pub tiles: Option<Tiles>,
}

impl App {
    fn snapshot(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(s) => Arc::clone(&s),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    fn publish(&self, next: Arc<Snapshot>) {
        match self.current.write() {
            Ok(mut s) => *s = next,
            Err(poisoned) => *poisoned.into_inner() = next,
        }
    }
}

/// The server's router for `explorer`, with `meta` for its page and report, answering as
/// `options.port` on 127.0.0.1.
pub fn router(explorer: Explorer, meta: Meta, options: Options) -> Router {
    router_while(move || (explorer, meta), options)
}

/// The server's router, answering at once, while `analyse` gives the explorer and the report's
/// `Meta` on a thread of its own; requests wait for them. So the server listens as soon as the
/// inputs are read.
pub fn router_while(
    analyse: impl FnOnce() -> (Explorer, Meta) + Send + 'static,
    options: Options,
) -> Router {
    let (publish, ready) = tokio::sync::watch::channel(None);
    let Options { port, tiles } = options;
    let shared = Arc::new(Shared {
        port,
        tiles: tiles.clone(),
        ready,
    });
    // If the thread cannot start or panics, the sender is dropped and requests get a 500.
    let _ = std::thread::Builder::new()
        .name("gapmap-analyse".into())
        .spawn(move || {
            let (explorer, meta) = analyse();
            let app = App {
                current: RwLock::new(explorer.current()),
                start: explorer.start(),
                description: explorer.loaded().description.clone(),
                explorer: tokio::sync::Mutex::new(explorer),
                meta,
                tiles,
            };
            let _ = publish.send(Some(Arc::new(app)));
        });
    Router::new()
        .route("/", get(page))
        .route("/assets/{file}", get(asset))
        .route("/api/scenario", get(scenario))
        .route("/api/summary", get(summary))
        .route("/api/gaps", get(gaps))
        .route("/api/providers", get(providers))
        .route("/api/municipalities", get(municipalities))
        .route("/api/changes", post(change))
        .route("/api/undo", post(undo))
        .route("/api/save", post(save))
        .route("/report.html", get(report))
        .fallback(|| async { error(StatusCode::NOT_FOUND, "no such page") })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(Arc::clone(&shared), guard))
        .with_state(shared)
}

/// `{"error": message}` with `status`.
fn error(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(json!({ "error": message }))).into_response()
}

fn refused(r: Refusal) -> Response {
    match r {
        Refusal::Bad(m) => error(StatusCode::BAD_REQUEST, &m),
        Refusal::Conflict(m) => error(StatusCode::CONFLICT, &m),
        Refusal::Failed(m) => error(StatusCode::INTERNAL_SERVER_ERROR, &m),
    }
}

/// The contract's safety rules, before any handler: a request for another host is 403 (a page
/// elsewhere cannot reach the server by DNS rebinding), and so is a POST from another origin.
async fn guard(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let port = shared.port;
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    let hosts = [format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    if !host.is_some_and(|h| hosts.iter().any(|ok| ok == h)) {
        return error(StatusCode::FORBIDDEN, "this server answers 127.0.0.1 only");
    }
    let foreign = request.method() == Method::POST
        && request.headers().get(header::ORIGIN).is_some_and(|origin| {
            !hosts
                .iter()
                .any(|h| origin.as_bytes() == format!("http://{h}").as_bytes())
        });
    if foreign {
        return error(
            StatusCode::FORBIDDEN,
            "a change must come from the explorer's own page",
        );
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // Images from the tile server only when `--tiles` names one.
    let tiles = shared.tiles.as_ref().map_or("", |t| t.origin.as_str());
    let policy = format!(
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: {tiles}"
    );
    if let Ok(policy) = HeaderValue::from_str(policy.trim_end()) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn html(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

async fn page(Ready(app): Ready) -> Response {
    let snapshot = app.snapshot();
    html(super::page::page(
        &snapshot.study,
        &app.meta,
        app.tiles.as_ref().map(|t| t.template.as_str()),
    ))
}

async fn asset(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    match super::page::asset(&file) {
        Some((kind, bytes)) => ([(header::CONTENT_TYPE, kind)], bytes).into_response(),
        None => error(StatusCode::NOT_FOUND, "no such asset"),
    }
}

async fn scenario(Ready(app): Ready) -> Response {
    let snapshot = app.snapshot();
    let study = &snapshot.study;
    axum::Json(json!({
        "name": study.name.as_str(),
        "description": app.description,
        "version": snapshot.version,
        "services": study.services.iter().map(|s| json!({
            "id": s.id,
            "label": s.label,
            "form": s.form.id(),
            "catchment": s.catchment.get(),
            // The norms: per 1,000 people of a group; null where a survey gives the rate.
            "need": s.need.iter().map(|n| json!({
                "group": study.groups.get(n.group).map(|g| g.id.as_str()),
                "per_1000": n.survey.is_none().then_some(n.per_1000),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "groups": study.groups.iter().map(|g| json!({"id": g.id, "label": g.label})).collect::<Vec<_>>(),
        "changes": *snapshot.edits,
    }))
    .into_response()
}

/// The rows of a CSV as JSON objects with its keys: numbers as numbers, ids and names as
/// text, empty cells as null.
fn rows(csv: &[u8]) -> std::result::Result<Vec<Map<String, Value>>, String> {
    const TEXT: [&str; 5] = ["scenario", "unit_id", "unit_name", "service", "method"];
    let mut reader = csv::Reader::from_reader(csv);
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    reader
        .records()
        .map(|record| {
            let record = record.map_err(|e| e.to_string())?;
            Ok(headers
                .iter()
                .zip(record.iter())
                .map(|(key, cell)| {
                    let value = if cell.is_empty() {
                        Value::Null
                    } else if TEXT.contains(&key) {
                        Value::String(cell.into())
                    } else if let Ok(b) = cell.parse::<bool>() {
                        Value::Bool(b)
                    } else if let Ok(i) = cell.parse::<i64>() {
                        Value::Number(i.into())
                    } else if let Some(n) = cell
                        .parse::<f64>()
                        .ok()
                        .and_then(serde_json::Number::from_f64)
                    {
                        Value::Number(n)
                    } else {
                        Value::String(cell.into())
                    };
                    (key.to_string(), value)
                })
                .collect())
        })
        .collect()
}

/// summary.csv's rows of a state.
fn summary_rows(s: &Snapshot) -> std::result::Result<Vec<Map<String, Value>>, String> {
    let frame = crate::report::tables::summary_frame(&s.study, &s.findings.summaries)
        .map_err(|e| e.to_string())?;
    let csv = crate::report::tables::csv(&frame, "summary.csv").map_err(|e| e.to_string())?;
    rows(&csv)
}

async fn summary(Ready(app): Ready) -> Response {
    let s = app.snapshot();
    match summary_rows(&s) {
        Ok(rows) => axum::Json(json!({"version": s.version, "rows": rows})).into_response(),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &e),
    }
}

#[derive(serde::Deserialize)]
struct ServiceQuery {
    service: Option<String>,
}

async fn gaps(Ready(app): Ready, Query(q): Query<ServiceQuery>) -> Response {
    let s = app.snapshot();
    let Some(id) = q.service else {
        return error(
            StatusCode::BAD_REQUEST,
            "name a service: /api/gaps?service=ID",
        );
    };
    let Some(service) = s.study.services.iter().position(|x| x.id == id) else {
        let known: Vec<&str> = s.study.services.iter().map(|x| x.id.as_str()).collect();
        return error(
            StatusCode::BAD_REQUEST,
            &format!(
                "unknown service {id:?}; the scenario's services are: {}",
                known.join(", ")
            ),
        );
    };
    let mine: Vec<crate::gap::UnitGap> = s
        .findings
        .gaps
        .iter()
        .filter(|g| g.service == service)
        .cloned()
        .collect();
    let csv = crate::report::tables::gaps_frame(&s.study, &mine)
        .and_then(|f| crate::report::tables::csv(&f, "gaps.csv"));
    match csv.map_err(|e| e.to_string()).and_then(|c| rows(&c)) {
        Ok(rows) => axum::Json(json!({"version": s.version, "rows": rows})).into_response(),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &e),
    }
}

fn geojson(bytes: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/geo+json")], bytes).into_response()
}

async fn providers(Ready(app): Ready, Query(q): Query<StateQuery>) -> Response {
    match state(&app, &q) {
        Ok(s) => geojson(crate::report::maps::providers(&s.study, &s.findings.loads)),
        Err(e) => error(StatusCode::BAD_REQUEST, &e),
    }
}

#[derive(serde::Deserialize)]
struct StateQuery {
    /// `start`: the state as loaded, for the difference the page shows.
    state: Option<String>,
}

async fn municipalities(Ready(app): Ready, Query(q): Query<StateQuery>) -> Response {
    match state(&app, &q) {
        Ok(s) => geojson(crate::report::maps::units(&s.study, &s.findings.gaps)),
        Err(e) => error(StatusCode::BAD_REQUEST, &e),
    }
}

/// The state `?state=` asks for: the current one (the default) or the one as loaded.
/// A bad `?state=` is a 400 with the error.
fn state(app: &App, q: &StateQuery) -> std::result::Result<Arc<Snapshot>, String> {
    match q.state.as_deref() {
        None | Some("current") => Ok(app.snapshot()),
        Some("start") => Ok(Arc::clone(&app.start)),
        Some(other) => Err(format!("state={other:?}: ask for current or start")),
    }
}

async fn report(Ready(app): Ready) -> Response {
    let s = app.snapshot();
    let meta = Meta {
        changes: Vec::clone(&s.measures),
        ..app.meta.clone()
    };
    html(crate::report::html::run(&s.study, &s.findings, &meta))
}

/// The body as JSON; the error is the message of a 400.
fn json_body(body: &Bytes) -> std::result::Result<Value, String> {
    serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))
}

async fn change(Ready(app): Ready, headers: HeaderMap, body: Bytes) -> Response {
    let value = match json_body(&body) {
        Ok(v) => v,
        Err(m) => return error(StatusCode::BAD_REQUEST, &m),
    };
    let expected = match headers.get(header::IF_MATCH) {
        None => None,
        Some(v) => match v
            .to_str()
            .ok()
            .map(|t| t.trim().trim_matches('"'))
            .and_then(|t| t.parse::<u64>().ok())
        {
            Some(v) => Some(v),
            None => return error(StatusCode::BAD_REQUEST, "If-Match must be a version number"),
        },
    };
    let mut explorer = app.explorer.lock().await;
    // The analysis is CPU work on rayon's threads: this worker waits, other requests go on.
    let result = tokio::task::block_in_place(|| explorer.edit(value, expected));
    match result {
        Ok(next) => {
            app.publish(Arc::clone(&next));
            drop(explorer);
            match summary_rows(&next) {
                Ok(rows) => {
                    axum::Json(json!({"version": next.version, "summary": rows})).into_response()
                }
                Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &e),
            }
        }
        Err(r) => refused(r),
    }
}

async fn undo(Ready(app): Ready) -> Response {
    let mut explorer = app.explorer.lock().await;
    match explorer.undo() {
        Ok(next) => {
            app.publish(Arc::clone(&next));
            axum::Json(json!({"version": next.version})).into_response()
        }
        Err(r) => refused(r),
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SaveBody {
    name: String,
    #[serde(default)]
    overwrite: bool,
}

async fn save(Ready(app): Ready, body: Bytes) -> Response {
    let body: SaveBody = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                &format!("the body must be {{\"name\": \"slug\"}}: {e}"),
            );
        }
    };
    let mut explorer = app.explorer.lock().await;
    let existing = match body.overwrite {
        true => Existing::Replace,
        false => Existing::Keep,
    };
    match explorer.save(&body.name, existing) {
        Ok((file, named)) => {
            app.publish(named);
            axum::Json(json!({ "file": file })).into_response()
        }
        Err(r) => refused(r),
    }
}
