//! `gapmap serve SCENARIO.toml [--port N] [--lang cs|en] [--threads N]`: the explorer for
//! steering groups, a local web app on 127.0.0.1.

use std::path::PathBuf;
use std::sync::Arc;

use super::UsageError;

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (TOML) to explore.
    scenario: PathBuf,
    /// The port on 127.0.0.1; 0 takes a free one.
    #[arg(long, default_value_t = 8765)]
    port: u16,
    /// The language of the page and of the report of the current state.
    #[arg(long, value_enum, default_value = "cs")]
    lang: super::Lang,
    /// A background map for those who are online: a tile URL template, e.g.
    /// https://tile.openstreetmap.org/{z}/{x}/{y}.png (mind its usage policy). Without it, no
    /// request leaves the computer.
    #[arg(long, value_name = "URL_TEMPLATE")]
    tiles: Option<String>,
    /// Worker threads for the analysis [default: one per core]. Results are identical for any
    /// number.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
}

#[allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "the line that says where the explorer is, which scripts read; a warning"
)]
pub fn serve(args: Args) -> anyhow::Result<()> {
    use anyhow::Context;
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = args.threads {
        pool = pool.num_threads(n.into());
    }
    let pool = Arc::new(pool.build().context("cannot start the worker threads")?);
    let tiles = args
        .tiles
        .as_deref()
        .map(gapmap::serve::Tiles::new)
        .transpose()
        .map_err(|e| UsageError(format!("--tiles: {e}")))?;
    // A bad scenario is refused before the server listens, with `run`'s message.
    let scenario = gapmap::scenario::Scenario::read(&args.scenario)?;
    // It listens once the inputs are read; the first analysis, and the report's hashes of the
    // inputs, come meanwhile.
    let loading = gapmap::serve::Explorer::load(&args.scenario, scenario.clone(), pool)?;
    let subject = scenario
        .description
        .clone()
        .filter(|d| !d.trim().is_empty())
        .unwrap_or_else(|| scenario.name.as_str().to_string());
    let (file, lang) = (args.scenario.clone(), args.lang);
    let analyse = move || {
        let meta = super::report_meta(&file, &scenario, lang).unwrap_or_else(|e| {
            eprintln!("gapmap: the report of the explorer will not list its inputs: {e:#}");
            super::meta_without_inputs(&scenario, lang)
        });
        (loading.analyse(), meta)
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port))
            .await
            .map_err(|e| {
                UsageError(format!(
                    "--port {}: cannot listen on 127.0.0.1: {e}",
                    args.port
                ))
            })?;
        let port = listener
            .local_addr()
            .context("the server's address")?
            .port();
        let options = gapmap::serve::Options { port, tiles };
        let router = gapmap::serve::router_while(analyse, options);
        println!("gapmap: serving {subject} at http://127.0.0.1:{port}/");
        use std::io::Write;
        let _ = std::io::stdout().flush();
        gapmap::serve::run(listener, router, gapmap::serve::signalled())
            .await
            .context("the server stopped")?;
        Ok(())
    })
}
