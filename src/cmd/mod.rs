//! Subcommands, one file each. Each resolves its arguments into a config, then calls the
//! library; none of them computes anything itself.

mod catalogue;
mod check;
mod compare;
mod costs;
mod generate;
mod geodata;
mod init;
mod monitor;
mod progress;
mod project;
mod run;
mod serve;
mod site;

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use gapmap::scenario::Travel;

/// Social services against need, per municipality, for Czech community planning (KPSS).
#[derive(Parser)]
#[command(
    name = "gapmap",
    version,
    about,
    after_help = "Example:\n  gapmap run scenarios/demo.toml          # results in out/demo/\n  gapmap check scenarios/demo.toml        # validate the inputs only\n\nExit codes: 0 success, 2 bad input or usage, 1 any other failure."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Computes need, supply and gaps for every municipality and service of a scenario.
    #[command(
        after_help = "Examples:\n  gapmap run scenarios/demo.toml --out out/demo --threads 2\n  gapmap run scenarios/demo.toml --formats csv,html\n\nWrites summary.csv and, by --formats: gaps.csv, priorities.csv, profile.csv and surveys.csv\n(csv); gaps.parquet (parquet); municipalities.geojson and providers.geojson (geojson);\ntables.xlsx (xlsx); report.html (html). The folder then holds this run's files only: they\nreplace the earlier ones all at once, or not at all."
    )]
    Run(run::Args),
    /// Compares scenarios of one region: gaps side by side and their change from the first.
    #[command(
        after_help = "Example:\n  gapmap compare scenarios/demo.toml scenarios/demo-new-home.toml\n\nWrites comparison.csv, comparison.geojson and summary.csv, and prints totals per\nservice and scenario. Deltas are against the first scenario: negative is a gain."
    )]
    Compare(compare::Args),
    /// Chooses where new providers of a service would do the most good (a siting study).
    #[command(
        after_help = "Examples:\n  gapmap site scenarios/demo.toml --service home_for_elderly --count 1 --capacity 40\n  gapmap site scenarios/demo.toml --service day_care --count 2 --objective coverage\n\nWrites site.json, sites.csv, sites.geojson and candidates.csv. The existing providers stay;\n\"optimal\" is true only when no other choice is better, which gapmap proves when it can."
    )]
    Site(site::Args),
    /// Writes the public catalogue of social services: catalogue.html, .csv, .json and .xlsx.
    #[command(
        after_help = "Example:\n  gapmap catalogue plans/tyn/scenario.toml --out katalog\n\nA chapter per target group of the scenario, an entry per provider the region's people can\nuse (with its provider, address, contacts, capacity and the municipalities it serves), a map\nof the entries by number and an index by municipality. A secret address stays secret."
    )]
    Catalogue(ScenarioArgs),
    /// Validates a scenario and its input files; writes nothing.
    #[command(after_help = "Example:\n  gapmap check scenarios/demo.toml")]
    Check(check::Args),
    /// Writes the travel-cost matrix a scenario uses (origin,destination,cost).
    #[command(
        after_help = "Examples:\n  gapmap costs scenarios/demo-transit.toml --out costs.csv\n  gapmap costs scenarios/demo-roads.toml --out costs.csv\n  gapmap costs scenarios/demo.toml\n\nWith `[inputs] gtfs`, every origin–provider pair within the largest catchment, in minutes\nby public transport (the percentile of the window's departures); with `[inputs] roads`, in\nminutes by the scenario's `[travel] mode`; with `[inputs] costs`, that matrix; otherwise km\non the sphere within the largest catchment. The format is the one `[inputs] costs` reads;\nthe default --out is out/<scenario name>/costs.csv."
    )]
    Costs(costs::Args),
    /// Writes the scenario's population projected to a year (Hamilton–Perry, ČSÚ's projection).
    #[command(
        after_help = "Examples:\n  gapmap project scenarios/demo.toml --year 2030\n  gapmap project plans/tyn/scenario.toml --year 2030 --out tyn-2030.csv\n\nThe population table in its own columns and ids, every row carried from `[inputs]\npopulation_year` to 1 January of --year: the five-year bands by ČSÚ's projection (or the\nscenario's `[horizon] projection`), `total` their sum, the columns the groups count by the\nchange of the total. The default --out is out/<scenario name>/population_<YEAR>.csv."
    )]
    Project(project::Args),
    /// Checks a plan's measures against a scenario of today: each measure's progress and
    /// status, and each service at the baseline, now and the target.
    #[command(
        after_help = "Examples:\n  gapmap monitor scenarios/demo-plan-2030.toml scenarios/demo-now.toml\n  gapmap monitor plans/tyn/plan.toml plans/tyn-2027/scenario.toml --date 2027-01-31 --lang en\n\nThe baseline is PLAN without its own [[changes]] and without [horizon]; the target is PLAN\nas it is; now is NOW. Writes monitoring.csv (one row per measure), indicators.csv (each\nservice at the three stages), monitoring.xlsx and monitoring.html; the default --out is\nout/<plan name>/."
    )]
    Monitor(monitor::Args),
    /// The explorer for steering groups: a local web app to try changes on a map and see the
    /// gaps move at once.
    #[command(
        after_help = "Examples:\n  gapmap serve scenarios/demo.toml            # then open http://127.0.0.1:8765/\n  gapmap serve plans/tyn/scenario.toml --port 0 --lang en\n\nListens on 127.0.0.1 only and prints `gapmap: serving … at http://127.0.0.1:PORT/` first.\nA click on the map adds a provider of the chosen service; a click on a provider changes or\nremoves it; \"Uložit jako scénář\" writes the changes as a scenario beside the loaded one.\nThe JSON API (/api/scenario, /api/summary, /api/gaps?service=ID, /api/providers,\nPOST /api/changes, /api/undo, /api/save) serves scripts too. Ctrl+C ends it."
    )]
    Serve(serve::Args),
    /// Writes synthetic input data: the demo region, or a country-sized test set.
    #[command(
        after_help = "Examples:\n  gapmap generate demo --out geodata/demo\n  gapmap generate country --out /tmp/country\n  gapmap generate country --real data/cz --out /tmp/cz\n  gapmap generate country --real data/cz --services 3 --catchment 20 --out /tmp/w-nation\n  gapmap generate roads --out /tmp/orp\n  gapmap generate roads --municipalities 6258 --providers 6700 --spacing 0.8 --between 3 --out /tmp/cz-roads\n  gapmap generate transit --out /tmp/orp-transit\n  gapmap generate transit --size country --municipalities 6258 --providers 6700 --minutes 90 --out /tmp/cz-transit\n  gapmap generate registry --orp 1741 --out /tmp/fm-rpss.json"
    )]
    Generate(generate::Args),
    /// Writes a ready planning folder for a real region: an ORP or any union of municipalities.
    #[command(
        after_help = "Examples:\n  gapmap init tyn --orp 299\n  gapmap init tanvaldsko --orp Tanvald --buffer 10\n  gapmap init hlucinsko-zapad --name Hlučínsko-západ --municipalities 506214,507334,507504,507580,568376,512869,510378,510483,569101,507105,509574,510297,510939,512923\n  gapmap init obce --municipalities \"Bolatice,Chuchelná,kobeřice\"\n  gapmap init fm --orp 1741 --registry rpss.json --addresses adresy/ --date 2026-01-01\n\nWrites scenario.toml, municipalities.geojson, population.csv, providers.csv and\nSOURCES.md; `gapmap run DIR/scenario.toml` works at once. The scenario is named after DIR\n(plans/tyn-rpss → tyn-rpss), so that its outputs go to out/tyn-rpss/. Without file flags it uses the\nnational data shipped with gapmap (ČSÚ 2020 ages, RÚIAN municipalities)."
    )]
    Init(init::Args),
    /// Rebuilds the national data shipped in geodata/cz/ from the official files.
    #[command(
        after_help = "Example:\n  gapmap geodata --from data/cz --out geodata/cz\n\nReads the ČSÚ age-structure xlsx (raw/*.xlsx), the municipality polygons and the RÚIAN\ndefinition points; writes municipalities.geojson.gz, population.csv.gz and README.md.\nRebuild gapmap afterwards: the files are compiled in."
    )]
    Geodata(geodata::Args),
}

/// Options of the subcommands that compute: threads and quietness.
#[derive(clap::Args)]
pub struct Compute {
    /// Worker threads [default: one per core]. Results are identical for any number.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// No progress bars or notes on stderr.
    #[arg(long)]
    quiet: bool,
}

impl Compute {
    /// The worker pool that `--threads` asks for.
    fn pool(&self) -> anyhow::Result<rayon::ThreadPool> {
        use anyhow::Context;
        let mut pool = rayon::ThreadPoolBuilder::new();
        if let Some(n) = self.threads {
            pool = pool.num_threads(n.into());
        }
        pool.build().context("cannot start the worker threads")
    }
}

/// The arguments of the subcommands that analyse one scenario and write its files to a folder
/// (`run`, `catalogue`).
#[derive(clap::Args)]
pub struct ScenarioArgs {
    /// The scenario file (TOML).
    scenario: PathBuf,
    /// Output folder [default: out/<scenario name>/].
    #[arg(long)]
    out: Option<PathBuf>,
    /// The language of the HTML it writes.
    #[arg(long, value_enum, default_value = "cs")]
    lang: Lang,
    #[command(flatten)]
    owner: Owner,
    #[command(flatten)]
    compute: Compute,
}

/// Whose outputs an output folder may hold.
#[derive(clap::Args)]
pub struct Owner {
    /// Replace another scenario's outputs in --out (never a file gapmap did not write).
    #[arg(long)]
    force: bool,
}

impl Owner {
    fn replace(&self) -> gapmap::report::folder::Replace {
        match self.force {
            true => gapmap::report::folder::Replace::Any,
            false => gapmap::report::folder::Replace::Own,
        }
    }

    /// Checks `out` for the outputs of `owner` before any work is done.
    fn claim(&self, out: &std::path::Path, owner: &str) -> anyhow::Result<Folder> {
        Ok(Folder::claim(out, owner, self.replace())?)
    }
}

use gapmap::report::folder::Folder;

/// A scenario read, loaded and analysed, with its output folder checked.
struct Analysed {
    scenario: gapmap::scenario::Scenario,
    study: gapmap::model::Study,
    findings: gapmap::gap::Findings,
    out: Folder,
}

/// Reads, loads and analyses `args.scenario` (in the caller's thread pool) and checks the output
/// folder before anything is written.
fn analysed(args: &ScenarioArgs, bars: &progress::Bars) -> anyhow::Result<Analysed> {
    use gapmap::Progress;
    let (scenario, study, _) = load(&args.scenario, None, bars, args.compute.quiet)?;
    let out = args.out.clone().unwrap_or_else(|| default_out(&study.name));
    let out = args.owner.claim(&out, study.name.as_str())?;
    let results = gapmap::analyse(&study, bars);
    bars.stage("report", 0);
    let findings = gapmap::gap::findings(&study, &results);
    Ok(Analysed {
        scenario,
        study,
        findings,
        out,
    })
}

/// The report's language.
#[derive(Clone, Copy, Debug, Default, clap::ValueEnum)]
pub enum Lang {
    /// Czech (the default)
    #[default]
    Cs,
    /// English
    En,
}

impl From<Lang> for gapmap::report::number::Lang {
    fn from(l: Lang) -> Self {
        match l {
            Lang::Cs => gapmap::report::number::Lang::Cs,
            Lang::En => gapmap::report::number::Lang::En,
        }
    }
}

/// What the report tells of its run: the language, the day, and every input file with its
/// SHA-256, so that a reader can check which data it was made from.
fn report_meta(
    scenario_file: &std::path::Path,
    scenario: &gapmap::scenario::Scenario,
    lang: Lang,
) -> anyhow::Result<gapmap::report::html::Meta> {
    Ok(gapmap::report::html::Meta {
        inputs: input_hashes(scenario_file, scenario)?,
        ..meta_without_inputs(scenario, lang)
    })
}

/// Every input file of `scenario` with its SHA-256 and its day, named as the scenario names
/// it. Reads each file again.
fn input_hashes(
    scenario_file: &std::path::Path,
    scenario: &gapmap::scenario::Scenario,
) -> anyhow::Result<Vec<gapmap::report::html::Input>> {
    use sha2::{Digest, Sha256};
    let inputs = &scenario.inputs;
    let mut files: Vec<&std::path::Path> = vec![scenario_file];
    files.extend(inputs.municipalities.as_deref());
    files.extend(inputs.population.as_deref());
    files.push(&inputs.providers);
    files.extend(inputs.demand_points.as_deref());
    let feeds: &[PathBuf] = match &inputs.travel {
        Travel::Costs(path) => {
            files.push(path);
            &[]
        }
        Travel::Roads(roads) => {
            files.push(&roads.path);
            &[]
        }
        Travel::Transit(transit) => &transit.feeds,
        Travel::Sphere => &[],
    };
    // A feed folder is hashed file by file.
    let mut feed_files = Vec::new();
    for feed in feeds {
        if feed.is_dir() {
            let mut inside: Vec<std::path::PathBuf> = std::fs::read_dir(feed)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", feed.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            inside.sort();
            feed_files.extend(inside);
        } else {
            feed_files.push(feed.clone());
        }
    }
    files.extend(feed_files.iter().map(|p| p.as_path()));
    for service in &scenario.services {
        files.extend(service.need.iter().filter_map(
            |n| match n.survey.as_ref().map(|s| &s.source) {
                Some(gapmap::model::SurveySource::Table(path)) => Some(path.as_path()),
                _ => None,
            },
        ));
    }
    files.extend(scenario.questionnaires.iter().map(|q| q.file.as_path()));
    files.dedup();
    let mut hashed = Vec::with_capacity(files.len());
    for f in files {
        let bytes = std::fs::read(f)
            .map_err(|e| anyhow::anyhow!("cannot read {} again to hash it: {e}", f.display()))?;
        let digest = Sha256::digest(&bytes);
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        hashed.push(gapmap::report::html::Input {
            // As the scenario names it: relative to its folder, never this machine's paths.
            path: relative_to(
                f,
                scenario_file.parent().unwrap_or(std::path::Path::new("")),
            )
            .display()
            .to_string(),
            sha256: hex,
            modified: gapmap::init::Day::of_file(f).map(|d| d.as_str().to_string()),
        });
    }
    Ok(hashed)
}

/// The report's meta without the input files' hashes, which only the report shows.
fn meta_without_inputs(
    scenario: &gapmap::scenario::Scenario,
    lang: Lang,
) -> gapmap::report::html::Meta {
    let inputs = &scenario.inputs;
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    gapmap::report::html::Meta {
        lang: lang.into(),
        title: scenario.description.clone(),
        day: gapmap::init::Day::from_unix(seconds).as_str().to_string(),
        inputs: Vec::new(),
        distance: match &inputs.travel {
            Travel::Costs(_) => gapmap::report::html::Distance::CostMatrix,
            Travel::Transit(t) => gapmap::report::html::Distance::Transit {
                date: t.date.to_string(),
                window: t.settings.window(),
                percentile: t.settings.percentile(),
                max_walk_m: t.settings.max_walk_m(),
            },
            Travel::Roads(r) => gapmap::report::html::Distance::Roads(r.mode),
            Travel::Sphere => gapmap::report::html::Distance::Km,
        },
        sources: scenario
            .sources
            .iter()
            .map(|s| gapmap::report::html::Source {
                input: s.input.clone(),
                name: s.name.clone(),
                date: s.date.as_ref().map(|d| d.as_str().to_string()),
            })
            .collect(),
        changes: scenario.measures.clone(),
    }
}

/// `path` relative to the folder `base`, lexically (`..` where it leaves `base`): the report
/// names inputs the way the scenario file does, whatever folder gapmap was run from.
fn relative_to(path: &std::path::Path, base: &std::path::Path) -> PathBuf {
    use std::path::Component;
    let absolute = |p: &std::path::Path| -> Vec<std::ffi::OsString> {
        let full = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        let mut parts: Vec<std::ffi::OsString> = Vec::new();
        for c in full.components() {
            match c {
                Component::ParentDir => {
                    parts.pop();
                }
                Component::Normal(n) => parts.push(n.to_os_string()),
                Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
            }
        }
        parts
    };
    let (to, from) = (absolute(path), absolute(base));
    let common = to.iter().zip(&from).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for part in to.iter().skip(common) {
        out.push(part);
    }
    out
}

/// Bad command-line usage found after parsing (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

pub fn dispatch(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Compare(args) => compare::compare(args),
        Command::Check(args) => check::check(args),
        Command::Catalogue(args) => catalogue::catalogue(args),
        Command::Costs(args) => costs::costs(args),
        Command::Site(args) => site::site(args),
        Command::Generate(args) => generate::generate(args),
        Command::Geodata(args) => geodata::geodata(args),
        Command::Init(args) => init::init(args),
        Command::Project(args) => project::project(args),
        Command::Monitor(args) => monitor::monitor(args),
        Command::Serve(args) => serve::serve(args),
    }
}

/// Reads and loads a scenario, printing the loader's notes unless quiet.
fn load(
    scenario: &std::path::Path,
    candidates: Option<gapmap::load::CandidateSource<'_>>,
    progress: &dyn gapmap::Progress,
    quiet: bool,
) -> anyhow::Result<(
    gapmap::scenario::Scenario,
    gapmap::model::Study,
    Option<gapmap::model::Candidates>,
)> {
    let scenario = gapmap::scenario::Scenario::read(scenario)?;
    let (study, candidates) = load_study(&scenario, candidates, progress, quiet)?;
    Ok((scenario, study, candidates))
}

/// Loads a scenario already read, printing the loader's notes unless quiet.
#[allow(
    clippy::print_stderr,
    reason = "notes for the user go to stderr, beside progress"
)]
fn load_study(
    scenario: &gapmap::scenario::Scenario,
    candidates: Option<gapmap::load::CandidateSource<'_>>,
    progress: &dyn gapmap::Progress,
    quiet: bool,
) -> anyhow::Result<(gapmap::model::Study, Option<gapmap::model::Candidates>)> {
    let (loaded, candidates) = gapmap::load::load_with(scenario, candidates, progress)?;
    if !quiet {
        for note in &loaded.notes {
            eprintln!("gapmap: note: {note}");
        }
    }
    Ok((loaded.study, candidates))
}

/// Writes `text` to stdout. A closed pipe (`gapmap run … | head`) is a normal end, not an error.
fn print(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// The first line `run` and `compare` print: which files went where.
fn wrote(outputs: &gapmap::report::Outputs, out: &std::path::Path) -> String {
    let out = out.display().to_string();
    let names: Vec<&str> = outputs.names().collect();
    format!("wrote {} to {out}\n", names.join(", "))
}

/// The header of [`totals`], after the columns that name the row.
const TOTALS_HEADER: &str = "      need   capacity     supply        gap      unmet  coverage";

/// A service's totals as the terminal tables show them: need, capacity, supply, gap, unmet
/// need (Σ of the shortfalls, which a surplus elsewhere does not offset; one decimal) and
/// coverage (whole per cent).
fn totals(s: &gapmap::gap::ServiceSummary) -> String {
    format!(
        "{:>10.1} {:>10.1} {:>10.1} {:>10.1} {:>10.1} {:>9}",
        one_decimal(s.need),
        one_decimal(s.capacity),
        one_decimal(s.supply),
        one_decimal(s.gap),
        one_decimal(s.unmet),
        s.coverage
            .map_or("-".into(), |c| format!("{:.0} %", 100.0 * c))
    )
}

/// `x` for a table with one decimal: a value that rounds to zero prints as "0.0", not "-0.0".
fn one_decimal(x: f64) -> f64 {
    if (x * 10.0).round() == 0.0 { 0.0 } else { x }
}

/// Splits an output file into its folder and name, refusing a folder (exit code 2).
fn file_out(file: &std::path::Path, what: &str) -> Result<(PathBuf, String), UsageError> {
    let name = file
        .file_name()
        .filter(|_| !file.is_dir())
        .ok_or_else(|| {
            UsageError(format!(
                "--out {}: is a folder; name the {what} file to write",
                file.display()
            ))
        })?
        .to_string_lossy()
        .into_owned();
    let dir = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), PathBuf::from);
    Ok((dir, name))
}

/// Refuses an output folder that exists as a file, before any work is done (exit code 2).
fn usable_out(out: &std::path::Path) -> Result<(), UsageError> {
    if out.exists() && !out.is_dir() {
        return Err(UsageError(format!(
            "--out {}: is a file, not a folder; name a folder for the outputs",
            out.display()
        )));
    }
    Ok(())
}

/// The default output folder: `out/<scenario name>/`.
fn default_out(name: &gapmap::model::ScenarioName) -> PathBuf {
    PathBuf::from("out").join(name.as_str())
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    #[test]
    fn inputs_are_named_relative_to_the_scenario() {
        let rel = |p: &str, base: &str| super::relative_to(Path::new(p), Path::new(base));
        assert_eq!(
            rel("scenarios/../geodata/demo/population.csv", "scenarios"),
            PathBuf::from("../geodata/demo/population.csv")
        );
        assert_eq!(
            rel("/home/x/plan/providers.csv", "/home/x/plan"),
            PathBuf::from("providers.csv")
        );
        assert_eq!(
            rel("/home/x/plan/scenario.toml", "/home/x/plan"),
            PathBuf::from("scenario.toml")
        );
        assert_eq!(
            rel("/data/rpss.json", "/home/x/plan"),
            PathBuf::from("../../../data/rpss.json")
        );
    }
}
