//! `gapmap serve`: the explorer for steering groups. A local web app on 127.0.0.1 that holds a
//! scenario in memory, takes edits (`[[changes]]` tables) from a map in the browser or from
//! scripts, and answers with the gaps of the new state.
//!
//! `state` holds the scenario, the edits and the analysed state; `http` is the server (axum on
//! tokio) with the contract's API and safety rules; `page` is the page and its assets (Leaflet,
//! vendored from npm with its licence, and the app's own script), served from the binary.

pub mod http;
pub mod page;
pub mod state;

use std::future::Future;

pub use http::{BODY_LIMIT, Options, Tiles, router, router_while};
pub use state::{Existing, Explorer, Loading, Refusal, Snapshot};

/// Serves `router` on `listener` until `shutdown` completes.
pub async fn run(
    listener: tokio::net::TcpListener,
    router: axum::Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
}

/// The end of the process's life as a server: SIGINT (Ctrl+C) or SIGTERM.
pub async fn signalled() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
