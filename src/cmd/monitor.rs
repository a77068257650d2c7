//! `gapmap monitor PLAN.toml NOW.toml [--date YYYY-MM-DD] [--out DIR] [--lang cs|en] [--force]
//! [--threads N] [--quiet]`: the plan's measures, checked against a scenario of today.

use std::path::PathBuf;

use gapmap::Progress;
use gapmap::day::Day;
use gapmap::error::{InputError, Location};
use gapmap::monitor::{MonitorError, Plan, Stage};

use super::UsageError;
use super::progress::Bars;

#[derive(clap::Args)]
pub struct Args {
    /// The plan: its own [[changes]] are its measures, its [horizon] the target's year.
    plan: PathBuf,
    /// A scenario of today over the same municipalities and services (`init` again with this
    /// year's registry, say).
    now: PathBuf,
    /// The day the measures are checked on: a measure not done by its `due` before it is
    /// overdue [default: today].
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// Output folder [default: out/<plan name>/].
    #[arg(long)]
    out: Option<PathBuf>,
    /// The language of monitoring.html and of the workbook's headings.
    #[arg(long, value_enum, default_value = "cs")]
    lang: super::Lang,
    #[command(flatten)]
    owner: super::Owner,
    #[command(flatten)]
    compute: super::Compute,
}

pub fn monitor(args: Args) -> anyhow::Result<()> {
    let date = match &args.date {
        Some(d) => Day::try_from(d.as_str()).map_err(|e| UsageError(format!("--date {d}: {e}")))?,
        None => {
            let seconds = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            Day::from_unix(seconds)
        }
    };
    let pool = args.compute.pool()?;
    let quiet = args.compute.quiet;
    let bars = Bars::new(quiet);
    let outcome = pool.install(|| -> anyhow::Result<_> {
        // Every stage is read before any is analysed: a bad file fails fast.
        let (plan, target, _) = super::load(&args.plan, None, &bars, quiet)?;
        let baseline_scenario = gapmap::scenario::Scenario::read_baseline(&args.plan)?;
        // The same files as the plan's: their notes were printed once already.
        let (baseline, _) = super::load_study(&baseline_scenario, None, &bars, true)?;
        let (_, now, _) = super::load(&args.now, None, &bars, quiet)?;
        let out = args
            .out
            .clone()
            .unwrap_or_else(|| super::default_out(&target.name));
        let out = args.owner.claim(&out, target.name.as_str())?;
        let analysed = |study: &gapmap::model::Study| {
            gapmap::gap::findings(study, &gapmap::analyse(study, &bars))
        };
        let (b, n, t) = (analysed(&baseline), analysed(&now), analysed(&target));
        bars.stage("report", 0);
        let measures: Vec<gapmap::scenario::Measure> =
            plan.measures.iter().filter(|m| m.own).cloned().collect();
        let stages = Plan {
            baseline: Stage {
                study: &baseline,
                findings: &b,
            },
            now: Stage {
                study: &now,
                findings: &n,
            },
            target: Stage {
                study: &target,
                findings: &t,
            },
            measures: &measures,
            date: &date,
        };
        let monitoring = gapmap::monitor::monitor(&stages).map_err(|e| match &e {
            MonitorError::NowLacksUnit(_) | MonitorError::NowLacksService(_) => {
                InputError::file(&args.now, e.to_string())
            }
            MonitorError::BaselineLacksProvider(k, _) => match measures.get(*k) {
                Some(m) => InputError::at(
                    &m.file,
                    Location::Line(m.line),
                    format!("change {} ({}): {e}", m.index, m.edit.action()),
                )
                .field("id"),
                None => InputError::file(&args.plan, e.to_string()),
            },
        })?;
        let meta = gapmap::report::html::Meta {
            changes: measures.clone(),
            ..super::report_meta(&args.plan, &plan, args.lang)?
        };
        let outputs = gapmap::report::render_monitoring(&stages, &monitoring, &meta)?;
        out.write(&outputs)?;
        Ok((outputs, out, monitoring, measures))
    });
    bars.finish();
    let (outputs, out, monitoring, measures) = outcome?;
    let mut text = super::wrote(&outputs, out.dir());
    text += &format!(
        "{:<8} {:<16} {:>9} {:>9} {:>9} {:>9}  {:<12} {}\n",
        "measure", "action", "planned", "baseline", "now", "progress", "status", "due"
    );
    for r in &monitoring.measures {
        let Some(m) = measures.get(r.measure) else {
            continue;
        };
        let num = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{x:.1}"));
        text += &format!(
            "{:<8} {:<16} {:>9} {:>9} {:>9} {:>9}  {:<12} {}\n",
            m.number.as_deref().unwrap_or("-"),
            m.edit.action(),
            num(r.planned),
            num(r.baseline),
            num(r.now),
            r.progress
                .map_or("-".to_string(), |p| format!("{:.0} %", 100.0 * p)),
            r.status.as_str(),
            m.due.as_ref().map_or("-", |d| d.as_str()),
        );
    }
    super::print(&text)
}
